-- hazard long lock: ACCESS EXCLUSIVE lock on articles while the index is dropped
DROP INDEX public.articles_title_idx;

-- hazard data loss: the objects of extension pg_trgm
DROP EXTENSION pg_trgm;
