-- hazard data dependent: foreign key fk_notes_events_2026 fails if a row points at a missing row
-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.notes ADD CONSTRAINT fk_notes_events_2026 FOREIGN KEY (event_id, event_at) REFERENCES gitlab_partitions_static.events_2026 (id, at);
