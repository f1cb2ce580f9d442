-- Extensions, with the schema their objects are in.
SELECT x.oid,
       x.extname AS name,
       n.nspname AS schema,
       x.extversion AS version
FROM pg_catalog.pg_extension x
JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql'
ORDER BY x.extname
