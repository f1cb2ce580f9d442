-- hazard data loss: the values of public.tickets.state
ALTER TABLE public.tickets DROP COLUMN state;

DROP TYPE public.ticket_state;
