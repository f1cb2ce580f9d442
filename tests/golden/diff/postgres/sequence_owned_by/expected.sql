ALTER SEQUENCE public.invoice_numbers OWNED BY public.invoices.number;
