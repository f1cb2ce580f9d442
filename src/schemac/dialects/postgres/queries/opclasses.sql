-- Operator classes and collations by oid, with whether each is its type's default.
SELECT o.oid,
       CASE WHEN n.nspname = 'pg_catalog' THEN o.opcname
            ELSE n.nspname || '.' || o.opcname END AS name,
       o.opcdefault AS is_default,
       o.opcintype AS input_type
FROM pg_catalog.pg_opclass o
JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
