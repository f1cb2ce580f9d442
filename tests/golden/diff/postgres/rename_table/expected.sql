-- hazard backward incompatible: table public.clients is renamed: code that uses the old name breaks
ALTER TABLE public.clients RENAME TO customers;

ALTER TABLE public.customers RENAME CONSTRAINT clients_pkey TO customers_pkey;
