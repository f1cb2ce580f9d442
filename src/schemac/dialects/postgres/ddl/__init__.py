"""PostgreSQL DDL: CREATE statements and comments for a bound state, and what 15 refuses."""
