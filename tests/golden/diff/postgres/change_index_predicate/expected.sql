-- hazard long lock: ACCESS EXCLUSIVE lock on orders while the index is dropped
DROP INDEX public.orders_open_idx;

-- hazard long lock: SHARE lock on orders while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX orders_open_idx ON public.orders (placed) WHERE (status = ANY (ARRAY['open'::text, 'pending'::text]));
