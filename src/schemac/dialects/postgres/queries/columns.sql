-- Columns of the selected relations (tables, views, composite types), in order.
SELECT a.attrelid AS relation,
       a.attname AS name,
       a.attnum AS position,
       a.attndims AS dims,
       t.oid AS type_oid,
       -- The spelled type only where a modifier is to be read from it.
       CASE WHEN a.atttypmod <> -1 THEN pg_catalog.format_type(a.atttypid, a.atttypmod) END
         AS type,
       a.attnotnull AS not_null,
       -- Declared by the relation itself (else only inherited from a parent table).
       a.attislocal AS local,
       a.attidentity AS identity,
       a.attgenerated AS generated,
       CASE WHEN a.atthasdef THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) END AS default,
       -- The collation (an oid), where it is not the type's own.
       CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation END AS collation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE n.nspname = ANY(%(schemas)s)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'c', 'f')
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
