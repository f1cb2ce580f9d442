CREATE SCHEMA app;

DROP FUNCTION public.answer();

DROP PROCEDURE public.cleanup(integer);
