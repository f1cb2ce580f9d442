CREATE OR REPLACE PROCEDURE public.tidy()
    LANGUAGE sql
    AS $$SELECT 2$$;

COMMENT ON PROCEDURE public.tidy() IS 'Does nothing, twice';
