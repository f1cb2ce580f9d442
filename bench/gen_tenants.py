"""A schema-per-tenant database as SQL: N schemas, each with the same enum, 8 tables and a view.

    python bench/gen_tenants.py 1500 > bench/out/tenants_1500.sql

Per tenant: an enum, 8 tables (identity and `serial` keys, foreign keys, a unique
constraint, a check, a unique expression index, a partial index, defaults, jsonb), a
view over two of them and a comment: 12,000 tables, 19,500 indexes and 1,500 views for
1,500 tenants. The benchmarks (tenants_bench.py) and the scale tests
(tests/integration/test_scale.py) load it.
"""

from __future__ import annotations

import sys

__all__ = ["TABLES_PER_TENANT", "tenant_sql", "tenants_sql"]

TABLES_PER_TENANT = 8

_TEMPLATE = """
CREATE SCHEMA {s};
CREATE TYPE {s}.visit_kind AS ENUM ('page', 'download', 'blocked');
CREATE TABLE {s}.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE, name text, created_at timestamptz NOT NULL DEFAULT now(),
  active boolean NOT NULL DEFAULT true);
CREATE TABLE {s}.devices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES {s}.users(id) ON DELETE CASCADE,
  label varchar(80) NOT NULL, os text, last_seen timestamptz);
CREATE INDEX ON {s}.devices (user_id);
CREATE TABLE {s}.sites (id serial PRIMARY KEY, host text NOT NULL, category text,
  risk smallint NOT NULL DEFAULT 0 CHECK (risk BETWEEN 0 AND 100));
CREATE UNIQUE INDEX ON {s}.sites (lower(host));
CREATE TABLE {s}.visits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id bigint NOT NULL REFERENCES {s}.devices(id),
  site_id int NOT NULL REFERENCES {s}.sites(id), kind {s}.visit_kind NOT NULL,
  at timestamptz NOT NULL DEFAULT now(), bytes bigint);
CREATE INDEX ON {s}.visits (device_id, at DESC);
CREATE INDEX ON {s}.visits (site_id) WHERE kind = 'blocked';
CREATE TABLE {s}.policies (id serial PRIMARY KEY, name text NOT NULL,
  rules jsonb NOT NULL DEFAULT '{{}}'::jsonb, updated_at timestamptz);
CREATE TABLE {s}.policy_devices (policy_id int REFERENCES {s}.policies(id),
  device_id bigint REFERENCES {s}.devices(id), PRIMARY KEY (policy_id, device_id));
CREATE TABLE {s}.alerts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id bigint REFERENCES {s}.visits(id), severity int NOT NULL, note text,
  resolved boolean NOT NULL DEFAULT false);
CREATE TABLE {s}.audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor text, action text NOT NULL, payload jsonb, at timestamptz NOT NULL DEFAULT now());
COMMENT ON TABLE {s}.users IS 'people of tenant {s}';
CREATE VIEW {s}.blocked_visits AS SELECT v.id, v.at, s.host FROM {s}.visits v
  JOIN {s}.sites s ON s.id = v.site_id WHERE v.kind = 'blocked';
"""


def tenant_sql(schema: str) -> str:
    """One tenant's schema (``schema`` must be a plain lower-case name)."""
    return _TEMPLATE.format(s=schema)


def tenants_sql(count: int) -> str:
    """``count`` tenants, `tenant_0000` on."""
    return "".join(tenant_sql(f"tenant_{i:04d}") for i in range(count))


if __name__ == "__main__":
    sys.stdout.write(tenants_sql(int(sys.argv[1]) if len(sys.argv) > 1 else 1500))
