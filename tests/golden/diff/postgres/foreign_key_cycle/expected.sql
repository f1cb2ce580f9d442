CREATE TABLE public.departments (
    id bigint NOT NULL,
    manager_id bigint,
    CONSTRAINT departments_pkey PRIMARY KEY (id)
);

CREATE TABLE public.employees (
    id bigint NOT NULL,
    department_id bigint NOT NULL,
    CONSTRAINT employees_pkey PRIMARY KEY (id)
);

CREATE INDEX departments_manager_id_idx ON public.departments (manager_id);

CREATE INDEX employees_department_id_idx ON public.employees (department_id);

ALTER TABLE public.departments ADD CONSTRAINT departments_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES public.employees (id);

ALTER TABLE public.employees ADD CONSTRAINT employees_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.departments (id);
