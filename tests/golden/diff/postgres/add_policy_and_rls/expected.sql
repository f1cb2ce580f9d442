-- hazard backward incompatible: roles other than the owner of documents see only the rows a policy gives them
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;

CREATE POLICY documents_owner ON public.documents TO app_user USING (owner = CURRENT_USER);
