DROP MATERIALIZED VIEW public.daily_sales;

-- hazard backward incompatible: materialized view public.daily_sales is made again WITH NO DATA: it loses its rows, and reading it fails, until REFRESH MATERIALIZED VIEW public.daily_sales
CREATE MATERIALIZED VIEW public.daily_sales AS
SELECT sales.sold_on,
    sum(sales.amount) AS total,
    count(*) AS sales
   FROM public.sales
  GROUP BY sales.sold_on
WITH NO DATA;
