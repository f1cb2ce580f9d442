ALTER TABLE public.seats DROP CONSTRAINT seats_room_seat_key;

-- hazard data dependent: unique constraint seats_room_seat_key fails if rows repeat a value
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.seats ADD CONSTRAINT seats_room_seat_key UNIQUE NULLS NOT DISTINCT (room, seat);
