CREATE MATERIALIZED VIEW public.daily_sales AS
SELECT sales.region,
    sales.sold_on,
    sum(sales.amount) AS total
   FROM public.sales
  GROUP BY sales.region, sales.sold_on;

CREATE UNIQUE INDEX daily_sales_key ON public.daily_sales (region, sold_on);
