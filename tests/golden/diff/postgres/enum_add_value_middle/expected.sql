ALTER TYPE public.ticket_state ADD VALUE 'new' BEFORE 'open';

ALTER TYPE public.ticket_state ADD VALUE 'in_progress' BEFORE 'closed';
