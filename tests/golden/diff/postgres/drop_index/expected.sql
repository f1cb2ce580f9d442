-- hazard long lock: ACCESS EXCLUSIVE lock on events while the index is dropped
DROP INDEX public.events_created_at_idx;
