-- Sequences of the selected schemas (identity sequences too), their options and owner.
SELECT s.seqrelid AS oid,
       n.nspname AS schema,
       c.relname AS name,
       pg_catalog.format_type(s.seqtypid, NULL) AS type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min_value,
       s.seqmax AS max_value,
       s.seqcache AS cache,
       s.seqcycle AS cycle,
       dep.refobjid AS owner_relation,
       (SELECT a.attname FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid) AS owner_column,
       dep.deptype AS owner_kind
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = s.seqrelid
      AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype IN ('a', 'i')
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY n.nspname, c.relname
