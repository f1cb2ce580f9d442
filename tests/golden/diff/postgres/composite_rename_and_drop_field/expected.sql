-- hazard backward incompatible: attribute public.address.town is renamed: code that uses the old name breaks
ALTER TYPE public.address RENAME ATTRIBUTE town TO city;

-- hazard data loss: the values of attribute note of public.address
ALTER TYPE public.address DROP ATTRIBUTE note;
