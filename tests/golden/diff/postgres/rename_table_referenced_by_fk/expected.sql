-- hazard backward incompatible: table public.clients is renamed: code that uses the old name breaks
ALTER TABLE public.clients RENAME TO customers;
