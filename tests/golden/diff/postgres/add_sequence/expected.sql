CREATE SEQUENCE public.invoice_numbers
    AS bigint
    START WITH 1000;

ALTER TABLE public.invoices ADD COLUMN number bigint DEFAULT nextval('public.invoice_numbers'::regclass) NOT NULL;
