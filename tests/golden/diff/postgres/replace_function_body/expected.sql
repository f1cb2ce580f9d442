CREATE OR REPLACE FUNCTION public.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT
    AS $$SELECT amount * 1.25$$;
