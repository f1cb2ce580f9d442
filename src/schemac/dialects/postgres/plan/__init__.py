"""The PostgreSQL planner: changes rendered as statements, in an order PostgreSQL accepts."""
