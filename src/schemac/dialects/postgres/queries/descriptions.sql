-- Comments on objects made after initdb (oid >= 16384), of the catalogs the language
-- has comments for: read once, and looked up by object (much faster than a join per kind).
SELECT d.classoid AS catalog, d.objoid AS oid, d.objsubid AS sub,
       d.description AS comment
FROM pg_catalog.pg_description d
WHERE d.objoid >= 16384
  AND d.classoid IN ('pg_catalog.pg_namespace'::regclass, 'pg_catalog.pg_extension'::regclass,
                     'pg_catalog.pg_class'::regclass, 'pg_catalog.pg_type'::regclass,
                     'pg_catalog.pg_constraint'::regclass, 'pg_catalog.pg_proc'::regclass,
                     'pg_catalog.pg_trigger'::regclass, 'pg_catalog.pg_policy'::regclass,
                     'pg_catalog.pg_collation'::regclass)
