CREATE PROCEDURE public.purge_done(INOUT removed bigint)
    LANGUAGE plpgsql
    AS $$BEGIN
  DELETE FROM public.jobs WHERE done;
  GET DIAGNOSTICS removed = ROW_COUNT;
END$$;
