ALTER TABLE public.positions DROP CONSTRAINT positions_list_place_key;

-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.positions ADD CONSTRAINT positions_list_place_key UNIQUE (list_id, place) DEFERRABLE INITIALLY DEFERRED;
