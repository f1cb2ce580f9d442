ALTER TABLE public.products DROP CONSTRAINT products_price_check;
