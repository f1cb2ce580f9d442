CREATE SCHEMA billing;

CREATE TYPE billing.state AS ENUM (
    'draft',
    'sent'
);

CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    user_id bigint NOT NULL,
    state billing.state DEFAULT 'draft'::billing.state NOT NULL,
    CONSTRAINT invoices_pkey PRIMARY KEY (id)
);

CREATE INDEX invoices_user_id_idx ON billing.invoices (user_id);

ALTER TABLE billing.invoices ADD CONSTRAINT invoices_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id);

COMMENT ON SCHEMA billing IS 'Invoices';
