CREATE TABLE public.books (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    author_id bigint NOT NULL,
    title text NOT NULL,
    pages integer,
    CONSTRAINT books_pkey PRIMARY KEY (id),
    CONSTRAINT books_title_key UNIQUE (title),
    CONSTRAINT books_pages_check CHECK (pages > 0)
);

CREATE INDEX books_author_id_idx ON public.books (author_id);

ALTER TABLE public.books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.authors (id) ON DELETE CASCADE;
