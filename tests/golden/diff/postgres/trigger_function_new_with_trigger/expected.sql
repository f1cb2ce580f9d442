CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;

CREATE TRIGGER posts_touch BEFORE UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION public.touch();
