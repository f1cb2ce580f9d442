-- Every collation by oid, for the COLLATE clauses of columns, domains, indexes and
-- partition keys.
SELECT co.oid, n.nspname AS schema, co.collname AS name
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
