ALTER TRIGGER touch_posts ON public.posts RENAME TO posts_touch;
