-- Privileges granted on objects of the selected schemas, and on the schemas themselves:
-- one row per grantee, privilege and column; the owner's own privileges left out.
WITH acls AS (
    SELECT 'table' AS kind, n.nspname AS schema, c.relname AS name, NULL::oid AS function,
           NULL::text AS column_name, c.relowner AS owner, c.relacl AS acl
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relacl IS NOT NULL
  UNION ALL
    SELECT 'sequence', n.nspname, c.relname, NULL, NULL, c.relowner, c.relacl
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s) AND c.relkind = 'S' AND c.relacl IS NOT NULL
  UNION ALL
    SELECT 'table', n.nspname, c.relname, NULL, a.attname, c.relowner, a.attacl
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s) AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT 'schema', NULL, n.nspname, NULL, NULL, n.nspowner, n.nspacl
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname = ANY(%(schemas)s) AND n.nspacl IS NOT NULL
  UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname,
           p.oid, NULL, p.proowner, p.proacl
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY(%(schemas)s) AND p.proacl IS NOT NULL
  UNION ALL
    SELECT 'type', n.nspname, t.typname, NULL, NULL, t.typowner, t.typacl
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY(%(schemas)s) AND t.typacl IS NOT NULL AND t.typtype IN ('e', 'd', 'c')
      AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
)
SELECT a.kind, a.schema, a.name, a.function, a.column_name,
       CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(x.grantee) END AS grantee,
       lower(x.privilege_type) AS privilege,
       x.is_grantable AS grantable
FROM acls a, LATERAL aclexplode(a.acl) x
WHERE x.grantee <> a.owner
ORDER BY 1, 2, 3, 4, 5, 6, 7
