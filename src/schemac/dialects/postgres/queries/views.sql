-- The queries of some views and materialized views (their oids given). pg_get_viewdef
-- takes ACCESS SHARE locks on the view and the relations it reads, so the inspector runs
-- this in batches, each inside a savepoint that is rolled back: the locks go with it.
SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid, true) AS query
FROM pg_catalog.pg_class c
WHERE c.oid = ANY(%(oids)s)
