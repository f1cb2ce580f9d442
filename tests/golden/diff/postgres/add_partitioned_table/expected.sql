CREATE TABLE public.ledger (
    account_id bigint NOT NULL,
    entry bigint NOT NULL,
    amount numeric NOT NULL,
    CONSTRAINT ledger_pkey PRIMARY KEY (account_id, entry)
) PARTITION BY HASH (account_id);

CREATE TABLE public.ledger_0 PARTITION OF public.ledger FOR VALUES WITH (MODULUS 2, REMAINDER 0);

CREATE TABLE public.ledger_1 PARTITION OF public.ledger FOR VALUES WITH (MODULUS 2, REMAINDER 1);

ALTER TABLE public.ledger ADD CONSTRAINT ledger_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id);
