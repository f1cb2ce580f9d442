-- hazard table rewrite: column quantity changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.lines
    ALTER COLUMN quantity TYPE bigint,
    ALTER COLUMN total DROP EXPRESSION;
