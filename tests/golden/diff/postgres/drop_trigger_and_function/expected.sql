DROP TRIGGER posts_touch ON public.posts;

DROP FUNCTION public.touch();
