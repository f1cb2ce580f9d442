-- why: it reads public.lines.total, which is dropped and added again
DROP VIEW public.big_lines;

-- why: it uses public.lines.total, which is dropped and added again
ALTER TABLE public.lines DROP CONSTRAINT lines_total_positive;

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: ACCESS EXCLUSIVE lock on lines while the index is dropped
DROP INDEX public.lines_big_idx;

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: ACCESS EXCLUSIVE lock on lines while the index is dropped
DROP INDEX public.lines_total_idx;

-- why: it reads public.lines.quantity, which changes type
ALTER TABLE public.lines DROP COLUMN total;

-- hazard table rewrite: column quantity changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.lines ALTER COLUMN quantity TYPE bigint;

-- why: it reads public.lines.quantity, which changes type
-- hazard table rewrite: column total is computed for every row: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (quantity::numeric * price) STORED NOT NULL;

-- why: it uses public.lines.total, which is dropped and added again
-- hazard data dependent: check constraint lines_total_positive fails if a row breaks the check
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.lines ADD CONSTRAINT lines_total_positive CHECK (total >= 0::numeric);

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: SHARE lock on lines while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX lines_big_idx ON public.lines (id) WHERE (total > 1000::numeric);

-- why: it uses public.lines.total, which is dropped and added again
-- hazard long lock: SHARE lock on lines while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX lines_total_idx ON public.lines (total);

-- why: it reads public.lines.total, which is dropped and added again
CREATE VIEW public.big_lines AS
SELECT lines.id,
    lines.total
   FROM public.lines
  WHERE lines.total > 1000::numeric;
