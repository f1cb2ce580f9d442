-- hazard backward incompatible: partition gitlab_partitions_static.events_2026 is renamed: code that uses the old name breaks
ALTER TABLE gitlab_partitions_static.events_2026 RENAME TO events_y2026;

ALTER INDEX gitlab_partitions_static.events_2026_pkey RENAME TO events_y2026_pkey;
