-- hazard backward incompatible: enum public.ticket_status is renamed: code that uses the old name breaks
ALTER TYPE public.ticket_status RENAME TO ticket_state;

ALTER TABLE public.tickets ALTER COLUMN state SET DEFAULT 'open'::public.ticket_state;
