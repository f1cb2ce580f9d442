-- hazard backward incompatible: the owner of documents sees only the rows a policy gives it
ALTER TABLE public.documents FORCE ROW LEVEL SECURITY;
