ALTER TABLE public.lines DROP COLUMN total;

-- hazard table rewrite: column total is computed for every row: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (quantity::numeric * price * 1.2) STORED NOT NULL;
