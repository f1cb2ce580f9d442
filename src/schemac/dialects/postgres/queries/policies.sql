-- Row level security policies of the selected tables.
SELECT p.oid,
       p.polrelid AS relation,
       p.polname AS name,
       p.polpermissive AS permissive,
       p.polcmd AS command,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r) END
             FROM unnest(p.polroles) AS r) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) AS using,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) AS with_check
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY p.polrelid, p.polname
