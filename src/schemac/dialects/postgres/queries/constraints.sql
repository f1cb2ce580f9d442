-- Constraints of the selected tables and domains: keys, foreign keys, checks, exclusions.
SELECT co.oid,
       co.conrelid AS relation,
       co.contypid AS domain,
       co.conname AS name,
       co.contype AS kind,
       co.condeferrable AS deferrable,
       co.condeferred AS deferred,
       co.connoinherit AS no_inherit,
       co.conislocal AS local,
       co.conparentid <> 0 AS inherited,
       co.conkey::int2[] AS columns,
       co.confrelid AS ref_relation,
       -- Its name too: the referenced table may be in a schema not inspected.
       CASE WHEN co.contype = 'f' THEN
            (SELECT ARRAY[rn.nspname::text, rc.relname::text]
             FROM pg_catalog.pg_class rc
             JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
             WHERE rc.oid = co.confrelid) END AS ref_name,
       co.confkey::int2[] AS ref_columns,
       co.confupdtype AS on_update,
       co.confdeltype AS on_delete,
       co.confdelsetcols::int2[] AS on_delete_columns,
       co.confmatchtype AS match,
       co.conindid AS index,
       -- Only an exclusion has operators: the subquery is not run for the other rows.
       CASE WHEN co.contype = 'x' THEN
            (SELECT array_agg(
                      CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace THEN o.oprname
                           ELSE 'OPERATOR(' || pg_catalog.quote_ident(ons.nspname) || '.'
                                || o.oprname || ')'
                      END ORDER BY k.i)
             FROM unnest(co.conexclop) WITH ORDINALITY AS k(op, i)
             JOIN pg_catalog.pg_operator o ON o.oid = k.op
             JOIN pg_catalog.pg_namespace ons ON ons.oid = o.oprnamespace) END AS operators,
       CASE WHEN co.contype = 'c' THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid, true) END AS expression
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_namespace n ON n.oid = co.connamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND co.contype IN ('p', 'u', 'f', 'c', 'x')
ORDER BY co.conrelid, co.contypid, co.conname
