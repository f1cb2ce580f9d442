-- why: it reads view public.big_sales, which is dropped first
DROP MATERIALIZED VIEW public.sales_total;

DROP VIEW public.big_sales;

-- why: it reads public.sales.amount, which changes type
DROP VIEW public.sales_eur;

-- hazard table rewrite: column amount changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.sales ALTER COLUMN amount TYPE numeric;

-- why: it reads public.sales.amount, which changes type
CREATE VIEW public.sales_eur AS
SELECT sales.id,
    sales.amount
   FROM public.sales;

CREATE VIEW public.big_sales AS
SELECT sales_eur.id,
    sales_eur.amount
   FROM public.sales_eur
  WHERE sales_eur.amount > 1000::numeric;

-- why: it reads view public.big_sales, which is dropped first
-- hazard long lock: materialized view public.sales_total is made again: its query runs to fill it, and reads of it wait, while the plan's transaction holds its locks
CREATE MATERIALIZED VIEW public.sales_total AS
SELECT sum(big_sales.amount) AS total
   FROM public.big_sales;
