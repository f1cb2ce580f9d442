DROP VIEW public.cheap_products;

ALTER TABLE public.products ALTER COLUMN price TYPE numeric(12,2);

CREATE VIEW public.cheap_products AS
SELECT products.id,
    products.price
   FROM public.products
  WHERE products.price < 10::numeric;
