-- hazard table rewrite: column id is filled in for every row: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
