-- hazard backward incompatible: table public.people is renamed: code that uses the old name breaks
ALTER TABLE public.people RENAME TO persons;

ALTER TABLE public.persons RENAME CONSTRAINT people_pkey TO persons_pkey;

ALTER TABLE public.persons ADD COLUMN email text;
