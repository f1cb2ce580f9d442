-- hazard table rewrite: column id changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
-- hazard table rewrite: column count changes type: the table and its indexes are rewritten
ALTER TABLE public.events
    ALTER COLUMN id TYPE bigint,
    ALTER COLUMN count DROP DEFAULT,
    ALTER COLUMN count TYPE bigint,
    ALTER COLUMN count SET DEFAULT 0;
