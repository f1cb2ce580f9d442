DROP VIEW public.user_names;

-- hazard data loss: the values of public.users.nickname
ALTER TABLE public.users DROP COLUMN nickname;

CREATE VIEW public.user_names AS
SELECT users.id,
    users.name
   FROM public.users;
