ALTER TABLE public.users ADD COLUMN active boolean DEFAULT true NOT NULL;

ALTER TABLE public.users ADD COLUMN created_at timestamp with time zone DEFAULT now() NOT NULL;

ALTER TABLE public.users ADD COLUMN nickname text;
