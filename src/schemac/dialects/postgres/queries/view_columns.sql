-- The columns each view and materialized view of the selected schemas reads: the
-- dependency rows of its rules on columns of other relations (a whole-row reference or a
-- count(*) depends on no column). PostgreSQL refuses to change the type of such a column,
-- or drop it, while the view stands; a column no view reads changes freely.
SELECT r.ev_class AS view,
       rn.nspname AS schema,
       rc.relname AS relation,
       a.attname AS column
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class v ON v.oid = r.ev_class AND v.relkind IN ('v', 'm')
JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                           AND d.objid = r.oid
                           AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                           AND d.refobjid <> r.ev_class
                           AND d.refobjsubid > 0
JOIN pg_catalog.pg_class rc ON rc.oid = d.refobjid
JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE vn.nspname = ANY(%(schemas)s)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
