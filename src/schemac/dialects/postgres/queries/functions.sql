-- Functions and procedures of the selected schemas (not aggregates, not extensions').
SELECT p.oid,
       n.nspname AS schema,
       p.proname AS name,
       p.prokind AS kind,
       COALESCE(p.proallargtypes::oid[], p.proargtypes::oid[]) AS arg_types,
       p.proargmodes::text[] AS arg_modes,
       p.proargnames AS arg_names,
       p.pronargdefaults AS default_count,
       pg_catalog.pg_get_expr(p.proargdefaults, 0) AS defaults,
       p.prorettype AS return_type,
       p.proretset AS returns_set,
       l.lanname AS language,
       p.prosrc AS body,
       p.provolatile AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel AS parallel,
       p.procost AS cost,
       p.prorows AS rows,
       p.proconfig AS config
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY(%(schemas)s)
  -- Not an extension's, and not part of another object (a range type's constructors).
  AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend x
        WHERE x.classid = 'pg_catalog.pg_proc'::regclass AND x.objid = p.oid
          AND x.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, p.oid
