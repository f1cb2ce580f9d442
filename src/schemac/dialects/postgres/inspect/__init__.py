"""A live PostgreSQL database read back into the IR, from one snapshot of its catalogs."""
