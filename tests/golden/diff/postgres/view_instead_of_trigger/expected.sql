CREATE FUNCTION public.item_names_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$BEGIN INSERT INTO public.items VALUES (NEW.id, NEW.name); RETURN NEW; END$$;

CREATE TRIGGER item_names_insert INSTEAD OF INSERT ON public.item_names FOR EACH ROW EXECUTE FUNCTION public.item_names_insert();
