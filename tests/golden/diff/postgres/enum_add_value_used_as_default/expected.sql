-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.plan ADD VALUE 'trial' BEFORE 'free';

ALTER TABLE public.accounts ALTER COLUMN plan SET DEFAULT 'trial'::public.plan;
