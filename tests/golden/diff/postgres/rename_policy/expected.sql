ALTER POLICY owner_rows ON public.documents RENAME TO documents_owner;
