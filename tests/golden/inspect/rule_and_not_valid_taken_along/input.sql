-- A rule on a view and a NOT VALID foreign key: unmanaged, but they go with what they
-- belong to when that is dropped or made again.
CREATE TABLE public.people (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW public.people_names AS SELECT id, name FROM public.people;
CREATE RULE people_names_insert AS ON INSERT TO public.people_names
    DO INSTEAD INSERT INTO public.people (id, name) VALUES (NEW.id, NEW.name);
CREATE TABLE public.teams (id bigint PRIMARY KEY);
CREATE TABLE public.members (id bigint PRIMARY KEY, team_id bigint NOT NULL);
ALTER TABLE public.members
    ADD CONSTRAINT members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id)
    NOT VALID;
CREATE INDEX ON public.members (team_id);
