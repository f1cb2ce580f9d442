-- left alone: add view public.event_projects (view public.event_projects: it needs aggregate public.array_accum, which the language cannot express)

ALTER TABLE public.events ADD COLUMN note text;
