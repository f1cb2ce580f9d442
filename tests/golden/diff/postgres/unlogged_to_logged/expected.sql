-- hazard table rewrite: SET LOGGED: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.sessions SET LOGGED;
