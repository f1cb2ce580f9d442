ALTER TYPE public.priority ADD VALUE 'medium' BEFORE 'high';

ALTER TYPE public.priority ADD VALUE 'critical';
