ALTER TYPE public.ticket_state ADD VALUE 'archived';
