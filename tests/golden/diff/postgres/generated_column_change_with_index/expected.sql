-- why: it rests on a key of public.lines that the plan drops first
ALTER TABLE public.invoices DROP CONSTRAINT invoices_line_fkey;

-- why: it uses public.lines.total, which is dropped and added again
ALTER TABLE public.lines DROP CONSTRAINT lines_id_total_key;

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: ACCESS EXCLUSIVE lock on lines while the index is dropped
DROP INDEX public.lines_total_idx;

ALTER TABLE public.lines DROP COLUMN total;

-- hazard table rewrite: column total is computed for every row: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (quantity::numeric * price * 1.2) STORED NOT NULL;

-- why: it uses public.lines.total, which is dropped and added again
-- hazard data dependent: unique constraint lines_id_total_key fails if rows repeat a value
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.lines ADD CONSTRAINT lines_id_total_key UNIQUE (id, total);

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: SHARE lock on lines while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX lines_total_idx ON public.lines (total);

-- why: it rests on a key of public.lines that the plan drops first
-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.invoices ADD CONSTRAINT invoices_line_fkey FOREIGN KEY (line_id, total) REFERENCES public.lines (id, total);

COMMENT ON COLUMN public.lines.total IS 'with tax';
