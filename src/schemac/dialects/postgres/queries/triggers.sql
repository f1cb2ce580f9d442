-- Triggers of the selected tables and views (not internal ones, not partitions' clones).
SELECT t.oid,
       t.tgrelid AS relation,
       t.tgname AS name,
       t.tgtype AS type,
       t.tgattr::int2[] AS columns,
       t.tgargs AS arguments,
       t.tgnargs AS argument_count,
       t.tgconstraint <> 0 AS is_constraint,
       t.tgdeferrable AS deferrable,
       t.tginitdeferred AS deferred,
       t.tgoldtable AS old_table,
       t.tgnewtable AS new_table,
       fn.nspname AS function_schema,
       f.proname AS function_name,
       pg_catalog.pg_get_triggerdef(t.oid, true) AS definition
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT t.tgisinternal
  AND t.tgparentid = 0
ORDER BY t.tgrelid, t.tgname
