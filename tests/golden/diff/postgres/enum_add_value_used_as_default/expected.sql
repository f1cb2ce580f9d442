ALTER TYPE public.plan ADD VALUE 'trial' BEFORE 'free';

ALTER TABLE public.accounts ALTER COLUMN plan SET DEFAULT 'trial'::public.plan;
