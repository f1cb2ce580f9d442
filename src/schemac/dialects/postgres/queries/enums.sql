-- Enum types of the selected schemas, their values in order.
SELECT t.oid,
       n.nspname AS schema,
       t.typname AS name,
       COALESCE(array_agg(e.enumlabel ORDER BY e.enumsortorder)
                FILTER (WHERE e.enumlabel IS NOT NULL), '{}') AS values
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend x
        WHERE x.classid = 'pg_catalog.pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
GROUP BY t.oid, n.nspname, t.typname
ORDER BY n.nspname, t.typname
