CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public VERSION '1.6';

-- hazard long lock: SHARE lock on articles while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX articles_title_idx ON public.articles USING gin (title gin_trgm_ops);

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';
