ALTER TABLE public.users
    ALTER COLUMN email TYPE character varying(255),
    ALTER COLUMN bio TYPE text;
