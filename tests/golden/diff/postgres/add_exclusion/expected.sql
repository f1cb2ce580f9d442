-- hazard data dependent: exclusion constraint bookings_no_overlap fails if rows conflict
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);
