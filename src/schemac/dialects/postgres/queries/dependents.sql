-- What depends on the objects of the selected schemas that inspect may leave out: functions
-- (aggregates among them), types, operators, operator classes, text search configurations
-- and dictionaries, collations, conversions, foreign tables, views and materialized views.
-- One row per dependent (a column of a table, say), described as PostgreSQL describes it;
-- for a view's rule, the view.
WITH candidate(catalog, oid) AS (
  SELECT 'pg_catalog.pg_proc'::regclass, p.oid
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_type'::regclass, t.oid
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = ANY(%(schemas)s) AND t.typtype IN ('b', 'c', 'd', 'm', 'p', 'r')
    AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                                   WHERE c.oid = t.typrelid AND c.relkind = 'c'))
  UNION ALL
  SELECT 'pg_catalog.pg_operator'::regclass, o.oid
  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_opclass'::regclass, o.oid
  FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_ts_config'::regclass, t.oid
  FROM pg_catalog.pg_ts_config t JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_ts_dict'::regclass, t.oid
  FROM pg_catalog.pg_ts_dict t JOIN pg_catalog.pg_namespace n ON n.oid = t.dictnamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_collation'::regclass, c.oid
  FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_conversion'::regclass, c.oid
  FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
  WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
  SELECT 'pg_catalog.pg_class'::regclass, c.oid
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('f', 'v', 'm')
)
SELECT DISTINCT d.refclassid::oid AS ref_catalog,
       d.refobjid AS ref,
       r.ev_class AS view,
       CASE WHEN r.oid IS NULL THEN pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) END
         AS dependent
FROM pg_catalog.pg_depend d
JOIN candidate k ON k.catalog = d.refclassid AND k.oid = d.refobjid
LEFT JOIN pg_catalog.pg_rewrite r
       ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = d.objid
WHERE d.deptype IN ('n', 'a')
  AND NOT (d.classid = d.refclassid AND d.objid = d.refobjid)
  AND r.ev_class IS DISTINCT FROM d.refobjid  -- a view's rule reads the view itself
  -- Not a part of another object (a range type's constructor): that object is the one.
  -- (A view's rule is a part of its view, which is named instead.)
  AND (r.oid IS NOT NULL OR NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend i
        WHERE i.classid = d.classid AND i.objid = d.objid AND i.deptype = 'i'))
ORDER BY 1, 2, 4
