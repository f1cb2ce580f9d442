-- hazard long lock: SHARE lock on daily_sales while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX daily_sales_sold_on_idx ON public.daily_sales (sold_on);
