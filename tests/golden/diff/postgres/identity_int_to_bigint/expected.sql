-- hazard table rewrite: column id changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.events ALTER COLUMN id TYPE bigint;
