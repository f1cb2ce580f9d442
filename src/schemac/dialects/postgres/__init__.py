"""PostgreSQL: the dialect class, its driver, DDL, inspection, normalization and plans."""
