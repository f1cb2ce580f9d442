DROP VIEW public.staff;

CREATE VIEW public.staff AS
SELECT employees.id,
    employees.name,
    employees.salary > 100000::numeric AS senior
   FROM public.employees;

COMMENT ON VIEW public.staff IS 'Who works here';

GRANT SELECT ON TABLE public.staff TO hr_reader;
