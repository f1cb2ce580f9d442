ALTER TYPE public.address ADD ATTRIBUTE country character(2);
