-- hazard data dependent: fails if users.email holds a NULL
-- hazard long lock: ACCESS EXCLUSIVE lock while every row of users is checked
ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;
