-- hazard data loss: every row of public.events (its partitioning changes)
DROP TABLE public.events;

CREATE TABLE public.events (
    id bigint NOT NULL,
    region text NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (id, region, at)
) PARTITION BY LIST (region);

CREATE TABLE public.events_eu PARTITION OF public.events FOR VALUES IN ('eu', 'uk');

CREATE TABLE public.events_rest PARTITION OF public.events DEFAULT;
