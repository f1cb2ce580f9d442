-- hazard data loss: every row of public.order_summary
DROP TABLE public.order_summary;

CREATE VIEW public.order_summary AS
SELECT orders.status,
    count(*) AS count
   FROM public.orders
  GROUP BY orders.status;
