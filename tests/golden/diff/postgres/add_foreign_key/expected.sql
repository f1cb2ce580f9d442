-- hazard data dependent: foreign key books_author_id_fkey fails if a row points at a missing row
-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.authors (id) ON DELETE RESTRICT;
