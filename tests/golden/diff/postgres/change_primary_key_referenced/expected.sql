-- why: it rests on a key of public.accounts that the plan drops first
ALTER TABLE public.invoices DROP CONSTRAINT invoices_account_id_fkey;

ALTER TABLE public.accounts DROP CONSTRAINT accounts_pkey;

ALTER TABLE public.accounts DROP CONSTRAINT accounts_code_key;

-- hazard data dependent: primary key accounts_pkey fails if rows repeat a key or hold a NULL
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (code);

-- hazard data dependent: unique constraint accounts_id_key fails if rows repeat a value
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.accounts ADD CONSTRAINT accounts_id_key UNIQUE (id);

-- why: it rests on a key of public.accounts that the plan drops first
-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.invoices ADD CONSTRAINT invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id);
