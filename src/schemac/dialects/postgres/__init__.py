"""PostgreSQL: types, quoting, DDL generation and validation (inspection and plans later)."""
