-- why: it reads public.products.price, which changes type
DROP VIEW public.cheap_products;

ALTER TABLE public.products ALTER COLUMN price TYPE numeric(12,2);

-- why: it reads public.products.price, which changes type
CREATE VIEW public.cheap_products AS
SELECT products.id,
    products.price
   FROM public.products
  WHERE products.price < 10::numeric;
