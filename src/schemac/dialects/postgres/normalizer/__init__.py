"""A declared state in PostgreSQL's canonical form, built on a server with bounded locks."""
