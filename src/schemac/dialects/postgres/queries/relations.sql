-- Tables, partitions, views, materialized views, sequences and composite types' relations
-- of the selected schemas, without those an extension owns.
SELECT c.oid,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind AS kind,
       c.relpersistence AS persistence,
       c.relispartition AS is_partition,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       c.relispopulated AS populated,
       c.reloptions AS options,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS bound,
       (SELECT i.inhparent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) AS parent,
       -- The tables a table inherits from (INHERITS), in order; their names for messages.
       CASE WHEN NOT c.relispartition THEN
            (SELECT array_agg(i.inhparent ORDER BY i.inhseqno)
             FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END AS parents,
       CASE WHEN NOT c.relispartition THEN
            (SELECT array_agg(i.inhparent::regclass::text ORDER BY i.inhseqno)
             FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END AS parent_names,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       p.partstrat AS strategy,
       p.partattrs::int2[] AS partition_columns,
       p.partclass::oid[] AS partition_opclasses,
       p.partcollation::oid[] AS partition_collations,
       c.reltype AS type_oid
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid
WHERE n.nspname = ANY(%(schemas)s)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c', 'f')
  AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend e
        WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
