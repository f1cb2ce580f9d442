-- Operator classes by oid, with whether each is its type's default; qualified by schema
-- unless built in or an extension's (found through search_path, as extension types are).
SELECT o.oid,
       CASE WHEN n.nspname = 'pg_catalog' OR EXISTS (
                   SELECT 1 FROM pg_catalog.pg_depend e
                   WHERE e.classid = 'pg_catalog.pg_opclass'::regclass AND e.objid = o.oid
                     AND e.deptype = 'e')
            THEN o.opcname
            ELSE n.nspname || '.' || o.opcname END AS name,
       o.opcdefault AS is_default,
       o.opcintype AS input_type
FROM pg_catalog.pg_opclass o
JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
