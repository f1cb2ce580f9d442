DROP TRIGGER posts_touch ON public.posts;

CREATE TRIGGER posts_touch BEFORE INSERT OR UPDATE OF title ON public.posts FOR EACH ROW WHEN (new.title IS NOT NULL) EXECUTE FUNCTION public.touch();
