-- hazard data dependent: unique constraint users_email_key fails if rows repeat a value
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email);
