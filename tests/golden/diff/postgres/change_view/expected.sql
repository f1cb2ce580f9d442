DROP VIEW public.active_employees;

CREATE VIEW public.active_employees AS
SELECT employees.id,
    employees.name,
    upper(employees.name) AS shout
   FROM public.employees
  WHERE employees.active;
