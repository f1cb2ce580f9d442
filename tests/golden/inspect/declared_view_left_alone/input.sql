-- An aggregate and a view that needs it; the files declare that view too.
CREATE TABLE public.events (id bigint PRIMARY KEY, project_id bigint);
CREATE AGGREGATE public.array_accum (anycompatiblearray) (
    sfunc = array_cat, stype = anycompatiblearray, initcond = '{}'
);
CREATE VIEW public.event_projects AS
    SELECT public.array_accum(ARRAY[project_id]) AS projects FROM public.events;
CREATE VIEW public.event_project_count AS
    SELECT cardinality(projects) AS n FROM public.event_projects;
GRANT SELECT ON public.event_projects TO schemac_reader;
GRANT EXECUTE ON FUNCTION public.array_accum(anycompatiblearray) TO schemac_reader;
