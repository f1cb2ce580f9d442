-- hazard long lock: ACCESS EXCLUSIVE lock on docs while the index is dropped
DROP INDEX public.docs_tags_idx;

-- hazard long lock: SHARE lock on docs while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX docs_tags_idx ON public.docs USING gin (tags);
