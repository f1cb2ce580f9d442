-- hazard backward incompatible: column public.users.name is renamed: code that uses the old name breaks
ALTER TABLE public.users RENAME COLUMN name TO full_name;

ALTER TABLE public.users RENAME CONSTRAINT users_name_key TO users_full_name_key;

ALTER INDEX public.users_name_id_idx RENAME TO users_full_name_id_idx;
