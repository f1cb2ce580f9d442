-- Collations by oid.
SELECT co.oid,
       CASE WHEN n.nspname = 'pg_catalog' THEN co.collname
            ELSE n.nspname || '.' || co.collname END AS name
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
