CREATE COLLATION public."numeric" (provider = icu, locale = 'en-u-kn-true');

ALTER TABLE public.files ALTER COLUMN name TYPE text COLLATE public."numeric";
