ALTER TABLE public.customers ALTER COLUMN email TYPE text;

DROP DOMAIN public.email;
