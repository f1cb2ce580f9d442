DROP FUNCTION public.answer();

CREATE FUNCTION public.answer() RETURNS bigint
    LANGUAGE sql
    AS $$SELECT 42::bigint$$;
