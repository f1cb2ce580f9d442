DROP MATERIALIZED VIEW public.daily_sales;

CREATE MATERIALIZED VIEW public.daily_sales AS
SELECT sales.sold_on,
    sum(sales.amount) AS total,
    count(*) AS sales
   FROM public.sales
  GROUP BY sales.sold_on;

CREATE UNIQUE INDEX daily_sales_key ON public.daily_sales (sold_on);
