-- Extensions, with the schema their objects are in.
SELECT x.extname AS name,
       n.nspname AS schema,
       x.extversion AS version,
       d.description AS comment
FROM pg_catalog.pg_extension x
JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = x.oid AND d.classoid = 'pg_catalog.pg_extension'::regclass AND d.objsubid = 0
WHERE x.extname <> 'plpgsql'
ORDER BY x.extname
