-- Indexes of the selected tables and materialized views, element by element.
SELECT i.indexrelid AS oid,
       i.indrelid AS relation,
       c.relname AS name,
       am.amname AS method,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       i.indnullsnotdistinct AS nulls_not_distinct,
       i.indisvalid AS is_valid,
       i.indnkeyatts AS key_count,
       i.indnatts AS column_count,
       i.indkey::int2[] AS columns,
       i.indoption::int2[] AS options,
       i.indclass::oid[] AS opclasses,
       i.indcollation::oid[] AS collations,
       -- The text of expression elements; a column element is known by its number.
       CASE WHEN 0 = ANY(i.indkey::int2[]) THEN
            (SELECT array_agg(CASE WHEN i.indkey[k - 1] = 0
                                   THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END
                              ORDER BY k)
             FROM generate_series(1, i.indnatts) AS k) END AS elements,
       -- The whole definition, only where an element may carry an explicit COLLATE.
       CASE WHEN EXISTS (
              SELECT 1 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS u(coll, k)
              WHERE u.coll <> 0
                AND u.coll IS DISTINCT FROM (
                      SELECT a.attcollation FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[u.k - 1]))
            THEN pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) END AS definition,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid
               AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')) AS for_constraint,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid) AS inherited,
       -- The index above it that a partition's index is attached to (its copy of).
       (SELECT h.inhparent FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid) AS parent_index
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY i.indrelid, c.relname
