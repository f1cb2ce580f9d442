DROP VIEW public.staff;
