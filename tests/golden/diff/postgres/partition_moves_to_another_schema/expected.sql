ALTER TABLE public.events_2025 SET SCHEMA archive;
