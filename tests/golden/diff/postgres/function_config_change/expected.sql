CREATE OR REPLACE FUNCTION public.audit_now() RETURNS timestamp with time zone
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    SET work_mem TO '64MB'
    AS $$SELECT now()$$;
