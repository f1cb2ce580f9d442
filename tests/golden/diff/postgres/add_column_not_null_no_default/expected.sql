-- hazard data dependent: NOT NULL column email without a default: fails if users has rows
ALTER TABLE public.users ADD COLUMN email text NOT NULL;
