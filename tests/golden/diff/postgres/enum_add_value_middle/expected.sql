-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.ticket_state ADD VALUE 'new' BEFORE 'open';

-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.ticket_state ADD VALUE 'in_progress' BEFORE 'closed';
