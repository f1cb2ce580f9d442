-- hazard backward incompatible: materialized view public.sales_sum is renamed: code that uses the old name breaks
ALTER MATERIALIZED VIEW public.sales_sum RENAME TO sales_total;
