-- hazard data dependent: unique constraint countries_code_key fails if rows repeat a value
-- hazard long lock: ACCESS EXCLUSIVE lock while existing rows are checked
ALTER TABLE public.countries ADD CONSTRAINT countries_code_key UNIQUE (code);

-- hazard long lock: SHARE lock on cities while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX cities_country_code_idx ON public.cities (country_code);

-- hazard data dependent: foreign key cities_country_code_fkey fails if a row points at a missing row
-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.cities ADD CONSTRAINT cities_country_code_fkey FOREIGN KEY (country_code) REFERENCES public.countries (code);
