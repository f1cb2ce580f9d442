DROP MATERIALIZED VIEW public.daily_sales;

-- hazard long lock: materialized view public.daily_sales is made again: its query runs to fill it, and reads of it wait, while the plan's transaction holds its locks
CREATE MATERIALIZED VIEW public.daily_sales AS
SELECT sales.sold_on,
    sum(sales.amount) AS total,
    count(*) AS sales
   FROM public.sales
  GROUP BY sales.sold_on;

CREATE UNIQUE INDEX daily_sales_key ON public.daily_sales (sold_on);
