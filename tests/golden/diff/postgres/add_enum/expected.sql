CREATE TYPE public.ticket_state AS ENUM (
    'open',
    'closed'
);

ALTER TABLE public.tickets ADD COLUMN state public.ticket_state DEFAULT 'open'::public.ticket_state NOT NULL;
