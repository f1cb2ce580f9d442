-- Relations another session holds, or waits to take, in ACCESS EXCLUSIVE mode: the one
-- lock that makes the inspector's reads (ACCESS SHARE) wait. With a list of schemas,
-- only the relations in them, those their views read, and the parents of their tables.
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, l.pid, l.granted,
       pg_catalog.current_setting('lock_timeout') AS timeout
FROM pg_catalog.pg_locks l
JOIN pg_catalog.pg_class c ON c.oid = l.relation
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE l.locktype = 'relation'
  AND l.mode = 'AccessExclusiveLock'
  AND l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                    WHERE d.datname = pg_catalog.current_database())
  AND (%(schemas)s::text[] IS NULL
       OR n.nspname = ANY(%(schemas)s::text[])
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
                  JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
                  JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
                  WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass
                    AND d.refobjid = c.oid AND vn.nspname = ANY(%(schemas)s::text[]))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i
                  JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
                  JOIN pg_catalog.pg_namespace kn ON kn.oid = k.relnamespace
                  WHERE i.inhparent = c.oid AND kn.nspname = ANY(%(schemas)s::text[])))
ORDER BY n.nspname, c.relname, l.granted DESC, l.pid
