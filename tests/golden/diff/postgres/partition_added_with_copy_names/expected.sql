CREATE TABLE gitlab_partitions_static.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

ALTER INDEX gitlab_partitions_static.events_2026_pkey RENAME TO events_2026_pk;

ALTER INDEX gitlab_partitions_static.events_2026_project_id_idx RENAME TO index_events_2026_on_project_id;
