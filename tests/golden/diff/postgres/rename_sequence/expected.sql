-- hazard backward incompatible: sequence public.invoice_seq is renamed: code that uses the old name breaks
ALTER SEQUENCE public.invoice_seq RENAME TO invoice_numbers;

ALTER TABLE public.invoices ALTER COLUMN number SET DEFAULT nextval('public.invoice_numbers'::regclass);
