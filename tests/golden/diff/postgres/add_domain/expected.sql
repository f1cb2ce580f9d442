CREATE DOMAIN public.email AS text
    CONSTRAINT email_check CHECK (VALUE ~ '^[^@]+@[^@]+$'::text);

ALTER TABLE public.customers ADD COLUMN email public.email;
