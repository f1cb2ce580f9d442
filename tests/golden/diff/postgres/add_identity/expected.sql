ALTER TABLE public.items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;

SELECT setval(pg_get_serial_sequence('public.items', 'id'), max(id)) FROM public.items HAVING max(id) >= 1;
