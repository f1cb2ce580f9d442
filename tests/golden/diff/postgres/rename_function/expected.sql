-- hazard backward incompatible: function public.large_orders is renamed: code that uses the old name breaks
ALTER FUNCTION public.large_orders(numeric) RENAME TO big_orders;
