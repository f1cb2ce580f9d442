ALTER TABLE public.books DROP CONSTRAINT books_author_id_fkey;
