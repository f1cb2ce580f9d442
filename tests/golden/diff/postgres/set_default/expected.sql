ALTER TABLE public.posts
    ALTER COLUMN status SET DEFAULT 'draft'::text,
    ALTER COLUMN score SET DEFAULT 0;
