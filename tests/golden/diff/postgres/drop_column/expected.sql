-- hazard data loss: the values of public.users.password
ALTER TABLE public.users DROP COLUMN password;
