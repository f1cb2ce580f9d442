-- hazard long lock: SHARE lock on events while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX events_created_at_idx ON public.events (created_at DESC);

-- hazard long lock: SHARE lock on events while the index builds: writes wait (--concurrent-indexes avoids it)
CREATE INDEX events_kind_idx ON public.events (kind) INCLUDE (created_at);
