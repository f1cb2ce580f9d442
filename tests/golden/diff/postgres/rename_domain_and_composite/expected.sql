-- hazard backward incompatible: domain public.mail is renamed: code that uses the old name breaks
ALTER DOMAIN public.mail RENAME TO email;

-- hazard backward incompatible: composite type public.point2 is renamed: code that uses the old name breaks
ALTER TYPE public.point2 RENAME TO "position";
