ALTER DOMAIN public.percentage DROP CONSTRAINT percentage_check;

ALTER DOMAIN public.percentage SET DEFAULT 0;

-- hazard data dependent: fails if a column of percentage holds a NULL
-- hazard long lock: SHARE lock on every table with a percentage column while its rows are checked: writes wait
ALTER DOMAIN public.percentage SET NOT NULL;

-- hazard data dependent: fails if a value of percentage breaks check percentage_check
-- hazard long lock: SHARE lock on every table with a percentage column while its rows are checked: writes wait
ALTER DOMAIN public.percentage ADD CONSTRAINT percentage_check CHECK (VALUE >= 0::numeric AND VALUE <= 100::numeric);
