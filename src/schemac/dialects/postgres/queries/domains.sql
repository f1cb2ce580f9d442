-- Domains of the selected schemas.
SELECT t.oid,
       n.nspname AS schema,
       t.typname AS name,
       t.typbasetype AS base_type,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base,
       t.typndims AS dims,
       t.typnotnull AS not_null,
       t.typdefault AS default,
       -- The collation (an oid), where it is not the base type's.
       CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation END AS collation
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
WHERE t.typtype = 'd'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend x
        WHERE x.classid = 'pg_catalog.pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname
