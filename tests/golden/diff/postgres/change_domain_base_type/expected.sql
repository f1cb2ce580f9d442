ALTER TABLE public.products ALTER COLUMN code TYPE character varying(10);

DROP DOMAIN public.code;

CREATE DOMAIN public.code AS character varying(20);

ALTER TABLE public.products ALTER COLUMN code TYPE public.code;
