ALTER TABLE public.events DROP CONSTRAINT events_pkey;
