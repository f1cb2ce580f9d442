-- why: it names type public.priority, which is made again
DROP VIEW public.urgent_tasks;

ALTER TYPE public.priority RENAME TO priority__schemac_old;

CREATE TYPE public.priority AS ENUM (
    'low',
    'medium',
    'high'
);

-- hazard table rewrite: its priority column moves to the new type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.tasks
    ALTER COLUMN priority DROP DEFAULT,
    ALTER COLUMN priority TYPE public.priority USING priority::text::public.priority,
    ALTER COLUMN priority SET DEFAULT 'medium'::public.priority;

DROP TYPE public.priority__schemac_old;

-- why: it names type public.priority, which is made again
CREATE VIEW public.urgent_tasks AS
SELECT tasks.id
   FROM public.tasks
  WHERE tasks.priority = 'high'::public.priority;
