-- hazard data dependent: readings.value: text to integer: fails if a value does not convert to integer
-- hazard data loss: readings.value: text to integer: values are converted to integer: what it does not hold is lost
-- hazard table rewrite: column value changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.readings ALTER COLUMN value TYPE integer USING value::integer;
