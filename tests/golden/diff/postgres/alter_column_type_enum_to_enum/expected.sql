-- hazard data dependent: tickets.status: public.old_status to public.new_status: fails if a value is not a label of public.new_status
-- hazard table rewrite: column status changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.tickets
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE public.new_status USING status::text::public.new_status,
    ALTER COLUMN status SET DEFAULT 'open'::public.new_status;
