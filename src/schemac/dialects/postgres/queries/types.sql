-- Types of the selected schemas and of every schema (for references): kind, element,
-- and the pieces that let a column's type become a TypeRef.
SELECT t.oid,
       n.nspname AS schema,
       t.typname AS name,
       t.typtype AS kind,
       t.typcategory AS category,
       t.typelem AS element,
       EXISTS (
         SELECT 1 FROM pg_catalog.pg_depend e
         WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e'
       ) AS from_extension
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_toast'
