ALTER TABLE public.books DROP CONSTRAINT books_author_id_fkey;

-- hazard data loss: every row of public.authors
DROP TABLE public.authors;

-- hazard data loss: every row of public.books
DROP TABLE public.books;
