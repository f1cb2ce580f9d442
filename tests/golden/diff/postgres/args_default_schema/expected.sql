CREATE TABLE tenant_a.teams (
    id bigint NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id)
);

ALTER TABLE tenant_a.users ADD COLUMN name text;
