ALTER TABLE public.posts ALTER COLUMN status SET DEFAULT 'pending'::text;
