-- Partitions as GitLab's structure.sql (a pg_dump) has them: in a schema of their own,
-- attached with indexes of their own names, and a foreign key to one of them.
CREATE SCHEMA gitlab_partitions_static;
COMMENT ON SCHEMA gitlab_partitions_static
    IS 'Schema to hold static partitions, e.g. for hash partitioning';

CREATE TABLE public.audit_events (
    id bigint NOT NULL,
    author_id bigint NOT NULL,
    entity_id bigint NOT NULL,
    entity_type character varying NOT NULL,
    details text,
    created_at timestamp with time zone NOT NULL
) PARTITION BY RANGE (created_at);

CREATE TABLE gitlab_partitions_static.audit_events_000000 (
    id bigint NOT NULL,
    author_id bigint NOT NULL,
    entity_id bigint NOT NULL,
    entity_type character varying NOT NULL,
    details text,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE gitlab_partitions_static.audit_events_202601 (
    id bigint NOT NULL,
    author_id bigint NOT NULL,
    entity_id bigint NOT NULL,
    entity_type character varying NOT NULL,
    details text,
    created_at timestamp with time zone NOT NULL
);
ALTER TABLE ONLY public.audit_events ATTACH PARTITION gitlab_partitions_static.audit_events_000000
    FOR VALUES FROM (MINVALUE) TO ('2026-01-01 00:00:00+00');
ALTER TABLE ONLY public.audit_events ATTACH PARTITION gitlab_partitions_static.audit_events_202601
    FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');

ALTER TABLE ONLY public.audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id, created_at);
ALTER TABLE ONLY gitlab_partitions_static.audit_events_000000
    ADD CONSTRAINT audit_events_000000_pkey PRIMARY KEY (id, created_at);
ALTER TABLE ONLY gitlab_partitions_static.audit_events_202601
    ADD CONSTRAINT audit_events_part_5fc467ac26_pkey PRIMARY KEY (id, created_at);

CREATE INDEX idx_audit_events_part_on_entity_id_desc_author_id_created_at
    ON ONLY public.audit_events
    USING btree (entity_id, entity_type, id DESC, author_id, created_at);
CREATE INDEX audit_events_000000_entity_id_entity_type_id_author_id_crea_idx
    ON gitlab_partitions_static.audit_events_000000
    USING btree (entity_id, entity_type, id DESC, author_id, created_at);
CREATE INDEX audit_events_part_5fc467ac26_entity_id_entity_type_id_auth_idx
    ON gitlab_partitions_static.audit_events_202601
    USING btree (entity_id, entity_type, id DESC, author_id, created_at);

ALTER INDEX public.audit_events_pkey
    ATTACH PARTITION gitlab_partitions_static.audit_events_000000_pkey;
ALTER INDEX public.audit_events_pkey
    ATTACH PARTITION gitlab_partitions_static.audit_events_part_5fc467ac26_pkey;
ALTER INDEX public.idx_audit_events_part_on_entity_id_desc_author_id_created_at
    ATTACH PARTITION
    gitlab_partitions_static.audit_events_000000_entity_id_entity_type_id_author_id_crea_idx;
ALTER INDEX public.idx_audit_events_part_on_entity_id_desc_author_id_created_at
    ATTACH PARTITION
    gitlab_partitions_static.audit_events_part_5fc467ac26_entity_id_entity_type_id_auth_idx;

CREATE TABLE public.audit_event_reviews (
    id bigint NOT NULL PRIMARY KEY,
    audit_event_id bigint NOT NULL,
    audit_event_created_at timestamp with time zone NOT NULL
);
CREATE INDEX index_audit_event_reviews_on_audit_event
    ON public.audit_event_reviews (audit_event_id, audit_event_created_at);
ALTER TABLE ONLY public.audit_event_reviews
    ADD CONSTRAINT fk_rails_audit_events_202601 FOREIGN KEY (audit_event_id, audit_event_created_at)
    REFERENCES gitlab_partitions_static.audit_events_202601(id, created_at) ON DELETE CASCADE;
