-- hazard long lock: SHARE lock on users while the index builds: writes wait (--concurrent-indexes avoids it)
-- hazard data dependent: unique index users_lower_idx fails if rows repeat a value
CREATE UNIQUE INDEX users_lower_idx ON public.users ((lower(email)));
