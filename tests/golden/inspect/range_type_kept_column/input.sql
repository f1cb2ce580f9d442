-- A range type the language cannot express, and a column of it (kept).
CREATE TYPE public.floatrange AS RANGE (subtype = float8);
CREATE TABLE public.slots (id bigint PRIMARY KEY, span public.floatrange);
