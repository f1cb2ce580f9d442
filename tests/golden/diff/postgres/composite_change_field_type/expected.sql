ALTER TYPE public.money_amount ALTER ATTRIBUTE amount TYPE numeric(14,2);
