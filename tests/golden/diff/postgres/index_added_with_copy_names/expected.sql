-- hazard long lock: SHARE lock on events_2026 while the index builds: writes wait
CREATE INDEX index_events_2026_on_project_id ON gitlab_partitions_static.events_2026 (project_id);

-- hazard long lock: SHARE lock on events while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX index_events_on_project_id ON public.events (project_id);

COMMENT ON INDEX gitlab_partitions_static.index_events_2026_on_project_id IS 'Named as the migration that attached it named it';
