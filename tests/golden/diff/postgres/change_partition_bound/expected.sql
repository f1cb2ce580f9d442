ALTER TABLE public.events DETACH PARTITION public.events_2026;

-- hazard data dependent: fails if a row of events_2026 is outside its new bounds, or a default partition holds rows within them
-- hazard long lock: ACCESS EXCLUSIVE lock on events_2026 while its rows are checked
ALTER TABLE public.events ATTACH PARTITION public.events_2026 FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
