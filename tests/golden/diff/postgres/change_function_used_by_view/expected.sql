-- why: it calls public.double_it, which is dropped and made again
DROP VIEW public.doubled;

DROP FUNCTION public.double_it(integer);

CREATE FUNCTION public.double_it(x integer) RETURNS bigint
    LANGUAGE sql
    AS $$SELECT x::bigint * 2$$;

-- why: it calls public.double_it, which is dropped and made again
CREATE VIEW public.doubled AS
SELECT numbers.n,
    public.double_it(numbers.n) AS d
   FROM public.numbers;
