-- hazard backward incompatible: column public.users.name is renamed: code that uses the old name breaks
ALTER TABLE public.users RENAME COLUMN name TO full_name;
