CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6';

ALTER TABLE public.users ALTER COLUMN email TYPE citext;

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';
