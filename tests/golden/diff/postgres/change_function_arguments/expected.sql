CREATE FUNCTION public.greet(name text, greeting text DEFAULT 'hello'::text) RETURNS text
    LANGUAGE sql
    AS $$SELECT greeting || ' ' || name$$;

DROP FUNCTION public.greet(text);
