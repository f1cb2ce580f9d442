-- hazard long lock: ACCESS EXCLUSIVE lock while the indexes on files.name are rebuilt
ALTER TABLE public.files ALTER COLUMN name TYPE text COLLATE "C";
