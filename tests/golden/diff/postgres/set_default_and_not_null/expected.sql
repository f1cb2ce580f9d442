-- hazard data dependent: fails if accounts.active holds a NULL
-- hazard long lock: ACCESS EXCLUSIVE lock while every row of accounts is checked
ALTER TABLE public.accounts
    ALTER COLUMN active SET NOT NULL,
    ALTER COLUMN active SET DEFAULT true;
