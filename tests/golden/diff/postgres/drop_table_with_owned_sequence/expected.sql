-- hazard data loss: every row of public.tickets
DROP TABLE public.tickets;
