ALTER TABLE public.products DROP CONSTRAINT products_price_positive;

-- hazard data dependent: check constraint products_price_positive fails if a row breaks the check
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.products ADD CONSTRAINT products_price_positive CHECK (price > 0::numeric AND price < 1000000::numeric);
