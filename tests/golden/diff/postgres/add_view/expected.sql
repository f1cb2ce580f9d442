CREATE VIEW public.active_employees AS
SELECT employees.id,
    employees.name
   FROM public.employees
  WHERE employees.active
WITH CASCADED CHECK OPTION;
