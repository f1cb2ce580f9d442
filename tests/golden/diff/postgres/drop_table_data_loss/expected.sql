-- hazard data loss: every row of public.books
DROP TABLE public.books;
