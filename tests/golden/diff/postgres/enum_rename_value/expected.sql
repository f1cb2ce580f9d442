-- hazard backward incompatible: value 'working' of public.ticket_state is renamed: code that uses the old name breaks
ALTER TYPE public.ticket_state RENAME VALUE 'working' TO 'in_progress';
