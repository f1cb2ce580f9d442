-- hazard data dependent: check constraint products_price_check fails if a row breaks the check
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.products ADD CONSTRAINT products_price_check CHECK (price >= 0::numeric);
