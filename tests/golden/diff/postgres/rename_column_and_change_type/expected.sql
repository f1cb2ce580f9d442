-- hazard backward incompatible: column public.readings.val is renamed: code that uses the old name breaks
ALTER TABLE public.readings RENAME COLUMN val TO value;

-- hazard table rewrite: column value changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.readings ALTER COLUMN value TYPE bigint;
