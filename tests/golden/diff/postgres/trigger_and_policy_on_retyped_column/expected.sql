-- why: it uses public.documents.level, which changes type
DROP TRIGGER documents_level ON public.documents;

-- why: it uses public.documents.owner, which changes type
DROP TRIGGER documents_touch ON public.documents;

-- why: it uses public.documents.owner, which changes type
DROP POLICY documents_owner ON public.documents;

-- hazard table rewrite: column level changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
ALTER TABLE public.documents
    ALTER COLUMN owner TYPE text,
    ALTER COLUMN level TYPE bigint;

-- why: it uses public.documents.level, which changes type
CREATE TRIGGER documents_level BEFORE UPDATE ON public.documents FOR EACH ROW WHEN (new.level > 0) EXECUTE FUNCTION public.touch();

-- why: it uses public.documents.owner, which changes type
CREATE TRIGGER documents_touch BEFORE UPDATE OF owner ON public.documents FOR EACH ROW EXECUTE FUNCTION public.touch();

-- why: it uses public.documents.owner, which changes type
CREATE POLICY documents_owner ON public.documents USING (owner = CURRENT_USER);
