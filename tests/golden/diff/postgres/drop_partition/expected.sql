-- hazard data loss: every row of partition public.events_2025
DROP TABLE public.events_2025;
