-- hazard backward incompatible: view public.current_employees is renamed: code that uses the old name breaks
ALTER VIEW public.current_employees RENAME TO staff;
