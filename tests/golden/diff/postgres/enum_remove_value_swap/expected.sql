ALTER TYPE public.ticket_state RENAME TO ticket_state__schemac_old;

CREATE TYPE public.ticket_state AS ENUM (
    'open',
    'closed'
);

-- hazard table rewrite: its ticket_state column moves to the new type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
-- hazard data loss: values 'stale' of public.ticket_state are removed
-- hazard data dependent: fails if a row holds 'stale'
ALTER TABLE public.ticket_history
    ALTER COLUMN states DROP DEFAULT,
    ALTER COLUMN states TYPE public.ticket_state[] USING states::text::public.ticket_state[],
    ALTER COLUMN states SET DEFAULT '{}'::public.ticket_state[];

-- hazard table rewrite: its ticket_state column moves to the new type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
-- hazard data loss: values 'stale' of public.ticket_state are removed
-- hazard data dependent: fails if a row holds 'stale'
ALTER TABLE public.tickets
    ALTER COLUMN state DROP DEFAULT,
    ALTER COLUMN state TYPE public.ticket_state USING state::text::public.ticket_state,
    ALTER COLUMN state SET DEFAULT 'open'::public.ticket_state;

DROP TYPE public.ticket_state__schemac_old;
