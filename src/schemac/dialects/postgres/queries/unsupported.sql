-- Objects of the selected schemas that the language cannot express (yet): each is named
-- in a warning by `inspect`, never left out silently, and no plan changes it. One row per
-- object: what it is; for a whole object, its catalog and oid (what depends on it is
-- found by them); and the object of the model it belongs to, if any (within_kind,
-- within_parent, within_name: dropping that one drops it too).
SELECT 'text search configuration' AS kind, n.nspname AS schema, t.cfgname AS name,
       NULL AS detail, 'pg_catalog.pg_ts_config'::regclass::oid AS catalog, t.oid AS objid,
       NULL AS within_kind, NULL AS within_parent, NULL AS within_name
FROM pg_catalog.pg_ts_config t JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_ts_config'::regclass AND e.objid = t.oid AND e.deptype = 'e')
UNION ALL
SELECT 'text search dictionary', n.nspname, t.dictname, NULL,
       'pg_catalog.pg_ts_dict'::regclass::oid, t.oid, NULL, NULL, NULL
FROM pg_catalog.pg_ts_dict t JOIN pg_catalog.pg_namespace n ON n.oid = t.dictnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_ts_dict'::regclass AND e.objid = t.oid AND e.deptype = 'e')
UNION ALL
SELECT 'operator', n.nspname, o.oprname, NULL,
       'pg_catalog.pg_operator'::regclass::oid, o.oid, NULL, NULL, NULL
FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_operator'::regclass AND e.objid = o.oid AND e.deptype = 'e')
UNION ALL
SELECT 'operator class', n.nspname, o.opcname, NULL,
       'pg_catalog.pg_opclass'::regclass::oid, o.oid, NULL, NULL, NULL
FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_opclass'::regclass AND e.objid = o.oid AND e.deptype = 'e')
UNION ALL
SELECT 'extended statistics', n.nspname, s.stxname, NULL,
       'pg_catalog.pg_statistic_ext'::regclass::oid, s.oid,
       'table', NULL, c.relname
FROM pg_catalog.pg_statistic_ext s
JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid
WHERE n.nspname = ANY(%(schemas)s)
UNION ALL
SELECT 'range type', n.nspname, t.typname, NULL,
       'pg_catalog.pg_type'::regclass::oid, t.oid, NULL, NULL, NULL
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s) AND t.typtype = 'r'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
UNION ALL
SELECT 'conversion', n.nspname, c.conname, NULL,
       'pg_catalog.pg_conversion'::regclass::oid, c.oid, NULL, NULL, NULL
FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_conversion'::regclass AND e.objid = c.oid AND e.deptype = 'e')
UNION ALL
SELECT 'rule', n.nspname, c.relname || '.' || r.rulename, NULL,
       'pg_catalog.pg_rewrite'::regclass::oid, r.oid,
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
            ELSE CASE WHEN c.relispartition THEN 'partition' ELSE 'table' END END,
       NULL, c.relname
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'the storage parameters of', n.nspname, c.relname, array_to_string(c.reloptions, ', '),
       NULL, NULL,
       CASE WHEN c.relkind IN ('i', 'I') THEN 'index' WHEN c.relkind = 'm' THEN 'materialized view'
            WHEN c.relispartition THEN 'partition' ELSE 'table' END,
       NULL, c.relname
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'i', 'I', 'm')
  AND c.reloptions IS NOT NULL
UNION ALL
SELECT 'the tablespace of', n.nspname, c.relname, t.spcname,
       NULL, NULL,
       CASE WHEN c.relkind IN ('i', 'I') THEN 'index' WHEN c.relkind = 'm' THEN 'materialized view'
            WHEN c.relispartition THEN 'partition' ELSE 'table' END,
       NULL, c.relname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
WHERE n.nspname = ANY(%(schemas)s) AND c.reltablespace <> 0
UNION ALL
SELECT 'the access method of', n.nspname, c.relname, a.amname,
       NULL, NULL,
       CASE WHEN c.relkind = 'm' THEN 'materialized view'
            WHEN c.relispartition THEN 'partition' ELSE 'table' END,
       NULL, c.relname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am a ON a.oid = c.relam
WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'm') AND a.amname <> 'heap'
UNION ALL
SELECT 'the NOT VALID state of constraint', n.nspname, COALESCE(c.relname, t.typname) || '.' || co.conname, NULL,
       NULL, NULL,
       CASE WHEN c.oid IS NULL THEN 'domain'
            WHEN co.contype = 'f' THEN 'foreign key' ELSE 'check constraint' END,
       c.relname, COALESCE(CASE WHEN c.oid IS NOT NULL THEN co.conname END, t.typname)
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_namespace n ON n.oid = co.connamespace
LEFT JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
LEFT JOIN pg_catalog.pg_type t ON t.oid = co.contypid
WHERE n.nspname = ANY(%(schemas)s) AND NOT co.convalidated
UNION ALL
-- A trigger's state other than the default ENABLE ('O'), named as ALTER TABLE sets it.
SELECT CASE tg.tgenabled WHEN 'D' THEN 'the disabled state of trigger'
                         WHEN 'A' THEN 'the ENABLE ALWAYS state of trigger'
                         WHEN 'R' THEN 'the ENABLE REPLICA state of trigger'
                         ELSE 'the state ' || tg.tgenabled::text || ' of trigger' END,
       n.nspname, c.relname || '.' || tg.tgname, NULL,
       NULL, NULL,
       'trigger', c.relname, tg.tgname
FROM pg_catalog.pg_trigger tg
JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND NOT tg.tgisinternal AND tg.tgenabled <> 'O'
UNION ALL
SELECT 'the storage, compression or statistics target of column', n.nspname, c.relname || '.' || a.attname, NULL,
       NULL, NULL,
       'column', c.relname, a.attname
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p') AND a.attnum > 0
  AND NOT a.attisdropped
  AND (a.attstorage <> t.typstorage OR a.attcompression <> '' OR a.attstattarget >= 0)
UNION ALL
SELECT 'the constraint of a partition', n.nspname, c.relname || '.' || co.conname, NULL,
       NULL, NULL,
       'partition', NULL, c.relname
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND c.relispartition AND co.conparentid = 0
  AND co.contype IN ('p', 'u', 'f', 'c', 'x') AND co.conislocal
UNION ALL
SELECT 'the trigger of a partition', n.nspname, c.relname || '.' || tg.tgname, NULL,
       NULL, NULL,
       'partition', NULL, c.relname
FROM pg_catalog.pg_trigger tg
JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND c.relispartition AND NOT tg.tgisinternal
  AND tg.tgparentid = 0
UNION ALL
SELECT 'the policy of a partition', n.nspname, c.relname || '.' || p.polname, NULL,
       NULL, NULL,
       'partition', NULL, c.relname
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND c.relispartition
UNION ALL
-- A partition in a schema not inspected, of a table that is (or the other way round):
-- the language keeps a partition with its table.
SELECT 'partition', n.nspname, c.relname,
       'of ' || pn.nspname || '.' || pc.relname || CASE WHEN n.nspname = ANY(%(schemas)s)
            THEN ', a table in a schema not inspected' ELSE ', in a schema not inspected' END,
       'pg_catalog.pg_class'::regclass::oid, c.oid, NULL, NULL, NULL
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relispartition AND c.relkind IN ('r', 'p')
  AND (n.nspname = ANY(%(schemas)s)) <> (pn.nspname = ANY(%(schemas)s))
UNION ALL
SELECT 'the default privileges in schema', n.nspname, '', 'for ' || pg_catalog.pg_get_userbyid(d.defaclrole),
       NULL, NULL, 'schema', NULL, n.nspname
FROM pg_catalog.pg_default_acl d JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
WHERE n.nspname = ANY(%(schemas)s)
UNION ALL
SELECT 'EXECUTE revoked from PUBLIC on', n.nspname,
       p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL,
       NULL, NULL,
       CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END, NULL, p.proname
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s) AND p.proacl IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE')
UNION ALL
SELECT 'USAGE revoked from PUBLIC on', n.nspname, t.typname, NULL,
       NULL, NULL,
       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite type' END,
       NULL, t.typname
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s) AND t.typacl IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM aclexplode(t.typacl) x WHERE x.grantee = 0 AND x.privilege_type = 'USAGE')
ORDER BY 1, 2, 3
