CREATE FUNCTION public.order_total(order_id bigint) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$SELECT total FROM public.orders WHERE id = order_id$$;
