-- Collations of the selected schemas. The ICU locale is colliculocale in PostgreSQL 15
-- and 16, colllocale from 17 on, and the ICU rules (16 on) collicurules: read through
-- to_jsonb, so the query runs on each.
SELECT co.oid,
       n.nspname AS schema,
       co.collname AS name,
       co.collprovider AS provider,
       co.collisdeterministic AS deterministic,
       co.collcollate AS lc_collate,
       co.collctype AS lc_ctype,
       COALESCE(pg_catalog.to_jsonb(co) ->> 'colllocale',
                pg_catalog.to_jsonb(co) ->> 'colliculocale') AS locale,
       pg_catalog.to_jsonb(co) ->> 'collicurules' AS rules
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend x
        WHERE x.classid = 'pg_catalog.pg_collation'::regclass AND x.objid = co.oid
          AND x.deptype = 'e')
ORDER BY n.nspname, co.collname
