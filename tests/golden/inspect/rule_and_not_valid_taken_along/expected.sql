-- hazard data loss: rule public.people_names.people_names_insert goes with it, not made again: the language cannot express it
DROP VIEW public.people_names;

-- hazard data loss: the NOT VALID state of constraint public.members.members_team_id_fkey goes with it, not made again: the language cannot express it
ALTER TABLE public.members DROP CONSTRAINT members_team_id_fkey;

-- hazard long lock: SHARE ROW EXCLUSIVE lock on both tables while existing rows are checked
ALTER TABLE public.members ADD CONSTRAINT members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE;

CREATE VIEW public.people_names AS
SELECT people.id,
    upper(people.name) AS name
   FROM public.people;
