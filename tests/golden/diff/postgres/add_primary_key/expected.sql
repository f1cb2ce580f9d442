-- hazard data dependent: primary key events_pkey fails if rows repeat a key or hold a NULL
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
