DROP SEQUENCE public.old_numbers;
