DROP POLICY documents_owner ON public.documents;

ALTER TABLE public.documents DISABLE ROW LEVEL SECURITY;

ALTER TABLE public.documents NO FORCE ROW LEVEL SECURITY;
