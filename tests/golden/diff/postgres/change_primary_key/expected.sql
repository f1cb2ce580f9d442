ALTER TABLE public.order_lines DROP CONSTRAINT order_lines_pkey;

-- hazard data dependent: primary key order_lines_pkey fails if rows repeat a key or hold a NULL
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.order_lines ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line);
