ALTER POLICY documents_read ON public.documents TO app_auditor, app_user USING (published OR owner = CURRENT_USER);
