-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.priority ADD VALUE 'medium' BEFORE 'high';

-- committed before the rest: a new enum value is usable once committed
ALTER TYPE public.priority ADD VALUE 'critical';
