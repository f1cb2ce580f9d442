-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.ticket_state ADD VALUE 'archived';
