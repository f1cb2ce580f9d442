ALTER TABLE public.orders RENAME CONSTRAINT orders_pkey TO orders_pk;
