-- hazard backward incompatible: partition public.events_p1 is renamed: code that uses the old name breaks
ALTER TABLE public.events_p1 RENAME TO events_2026;

ALTER INDEX public.events_p1_pkey RENAME TO events_2026_pkey;
