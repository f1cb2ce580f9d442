"""A declared state in PostgreSQL's canonical form, with a bounded lock footprint.

To compare `.schema` files with a live database, every piece of SQL text in the files
must be in the text PostgreSQL prints for it (`between 1 and 9` is stored as `x >= 1 AND
x <= 9`). Only PostgreSQL can do that, so the pieces are built on a server and read
back with the inspector — but only the pieces (probes.py), never the whole schema:

- what needs no server is brought to canonical form here (canonical.py);
- each piece of SQL text is built once per run, however many objects share it
  (identical defaults, checks and indexes across tables, identical tenant schemas);
- everything is built inside one transaction that is always rolled back, under
  scratch schema names (nothing the database holds is touched), in batches: each
  batch is a subtransaction, read back, then rolled back, which releases its locks.
  A batch holds at most the lock budget (locks.py: 976 locks at the default
  settings), counted with what the transaction holds throughout (the schemas' types
  and functions), and measured after every batch;
- the objects built are new, so the only locks taken on existing objects are the
  ACCESS SHARE locks of what the pieces read (extension types, a view over a table of
  the database); ``lock_timeout`` bounds every wait for them.

A `Normalizer` keeps what it read for the run: a second state normalized on the same
server (the other side of a diff) builds only what the first did not.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus

from schemac.dialects.postgres.ddl.generate import generate
from schemac.dialects.postgres.inspect.reader import inspect
from schemac.dialects.postgres.locks import CATALOG_READ, LockBudget, held_locks, lock_budget
from schemac.dialects.postgres.lockwait import lock_timeout
from schemac.dialects.postgres.normalizer.assemble import assemble
from schemac.dialects.postgres.normalizer.probes import Home, Light, Requests, Unit, collect
from schemac.dialects.postgres.normalizer.scratch import ScratchError
from schemac.ir import model as m

__all__ = ["NormalizeStats", "Normalizer", "ScratchError"]

# A probe table holds at most this many pieces, and this many columns.
_PROBE_ITEMS = 100
_PROBE_COLUMNS = 400


@dataclass
class NormalizeStats:
    """What a run built: batches, requests built and met again, the most locks held."""

    batches: int = 0
    built: int = 0
    reused: int = 0
    max_locks: int = 0
    budget: int = 0


@dataclass
class _Probe:
    """A probe table being filled with light requests."""

    name: str
    columns: dict[str, m.Column] = field(default_factory=dict)
    parts: list[tuple[Light, str]] = field(default_factory=list)  # (request, its name here)

    def fits(self, light: Light) -> bool:
        if len(self.parts) >= _PROBE_ITEMS or len(self.columns) + len(light.env) > _PROBE_COLUMNS:
            return False
        return all(self.columns.get(c.name, c) == c for c in light.env)


@dataclass
class _Batch:
    lights: list[Light] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    locks: int = 0

    def takes(self, names: dict[tuple[str, str], str]) -> bool:
        return all(self.names.get(k, v) == v for k, v in names.items())

    @property
    def size(self) -> int:
        return len(self.lights) + len(self.units)


def _light_names(light: Light) -> dict[tuple[str, str], str]:
    return {(s, q.name): repr(q) for s, q in light.sequences}


class Normalizer:
    """Brings declared states to canonical form on the server of ``conn`` (autocommit)."""

    def __init__(self, conn: psycopg.Connection[Any], *, budget: LockBudget | None = None) -> None:
        self.conn = conn
        self.token = secrets.token_hex(4)
        self.cache: dict[str, Any] = {}
        self.bases: dict[str, m.Schema] = {}
        # Extensions as read back, by what the files declare of them (name, schema,
        # version, comment): another state may declare the same one otherwise.
        self.extensions: dict[str, m.Extension] = {}
        self.budget = budget or lock_budget(conn)
        self.stats = NormalizeStats(budget=self.budget.limit)
        row = conn.execute("SELECT current_user").fetchone()
        self.owner = str(row[0]) if row else None
        self._counter = 0

    # ------------------------------------------------------------------ the entry point

    def normalize(self, declared: m.Database, default_schema: str) -> m.Database:
        """``declared`` (bound to ``default_schema``) as PostgreSQL prints it."""
        self._check_roles(declared)
        requests = collect(declared, default_schema, self.token)
        lights = [r for k, r in requests.lights.items() if k not in self.cache]
        units = [r for k, r in requests.units.items() if k not in self.cache]
        self.stats.reused += len(requests.lights) + len(requests.units) - len(lights) - len(units)
        bases = {k: v for k, v in requests.bases.items() if k not in self.bases}
        wanted = [e for e in declared.extensions if repr(e) not in self.extensions]
        if lights or units or bases or wanted:
            self._build(requests, lights, units, declared.extensions)
        return assemble(
            requests, self.cache, self.bases, self.extensions, declared, owner=self.owner
        )

    # ------------------------------------------------------------------ roles

    def _check_roles(self, declared: m.Database) -> None:
        """Every role grants and policies name exists: PostgreSQL would refuse them."""
        names: set[str] = {g.grantee for g in declared.grants}
        for s in declared.schemas:
            for t in s.tables:
                for p in t.policies:
                    names.update(p.roles)
        names -= {"public", "current_user", "session_user", "current_role"}
        if not names:
            return
        rows = self.conn.execute(
            "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", [sorted(names)]
        ).fetchall()
        missing = sorted(names - {r[0] for r in rows})
        if missing:
            listed = ", ".join(missing)
            noun = "role" if len(missing) == 1 else "roles"
            raise ScratchError(
                f"{noun} {listed} named by grants or policies do not exist on the server"
                " (create them first)"
                if len(missing) > 1
                else f"role {listed} named by a grant or a policy does not exist on the server"
                " (create it first)"
            )

    # ------------------------------------------------------------------ building

    def _build(
        self,
        requests: Requests,
        lights: list[Light],
        units: list[Unit],
        extensions: tuple[m.Extension, ...],
    ) -> None:
        conn = self.conn
        conn.execute("BEGIN")  # every wait for a lock: the session's lock_timeout (connect.py)
        try:
            made = self._bases(requests, extensions)
            base_locks = self._measure()
            room = max(self.budget.limit - base_locks - CATALOG_READ, self.budget.limit // 4)
            for batch in self._batches(lights, units, room, made):
                self._run(batch, requests, made)
        except psycopg.errors.LockNotAvailable:
            _rollback(conn)
            # What the build waited for is outside the scratch schemas: any of the database.
            raise lock_timeout(conn, None) from None
        finally:
            _rollback(conn)

    def _measure(self) -> int:
        held = held_locks(self.conn)
        self.stats.max_locks = max(self.stats.max_locks, held)
        return held

    def _bases(
        self, requests: Requests, extensions: tuple[m.Extension, ...]
    ) -> set[tuple[str, str]]:
        """Make the scratch schemas with their types and functions, and the extensions.

        They stay for the whole transaction: every batch uses them. Returns the
        relations made (shadows of tables whose row types are used as types).
        """
        conn = self.conn
        scratch = sorted(requests.bases)
        real_schemas = {h.name for h in requests.homes.values()}
        for extension in extensions:
            # An extension the files put in a schema they declare goes into that real
            # schema (made here when the database lacks it, rolled back with the rest):
            # its types and functions are referred to by that name.
            if extension.schema is not None and extension.schema in real_schemas:
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                        sql.Identifier(extension.schema)
                    )
                )
        for name in scratch:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        database = m.Database(
            schemas=tuple(requests.bases[name] for name in scratch), extensions=extensions
        )
        text = generate(
            database, _default(requests), path_of=_paths(requests), create_schemas=False
        )
        self._execute(text, requests, "the types and functions of the files")
        # Read in a subtransaction rolled back at once: the catalogs' own locks go with it.
        conn.execute("SAVEPOINT schemac_read")
        try:
            found = inspect(conn, scratch, in_transaction=True).database
        finally:
            conn.execute("ROLLBACK TO SAVEPOINT schemac_read")
            conn.execute("RELEASE SAVEPOINT schemac_read")
        for schema in found.schemas:
            self.bases[schema.name or ""] = schema
        read = {e.name: e for e in found.extensions}
        for extension in extensions:
            if extension.name in read:
                self.extensions[repr(extension)] = read[extension.name]
        return {
            (s, o.name)
            for s in scratch
            for group in ("tables", "views", "materialized_views", "sequences")
            for o in getattr(requests.bases[s], group)
        }

    def _execute(self, text: str, requests: Requests, what: str) -> None:
        try:
            self.conn.execute(text.encode())
        except psycopg.errors.LockNotAvailable:
            raise
        except psycopg.Error as error:
            message = _message(error, requests)
            raise ScratchError(f"{what}: {message}") from None

    # ------------------------------------------------------------------ batches

    def _batches(
        self, lights: list[Light], units: list[Unit], room: int, made: set[tuple[str, str]]
    ) -> Iterator[_Batch]:
        """Requests in batches of at most ``room`` locks, no two taking one name two ways."""
        open_batches: list[_Batch] = []
        taken = dict.fromkeys(made, "made")

        def place(locks: int, names: dict[tuple[str, str], str]) -> _Batch:
            names = {k: v for k, v in names.items() if k not in taken}
            for batch in open_batches:
                if batch.locks + locks <= room and batch.takes(names):
                    batch.locks += locks
                    batch.names.update(names)
                    return batch
            batch = _Batch(names=dict(names), locks=locks)
            open_batches.append(batch)
            return batch

        for light in sorted(lights, key=lambda r: (r.schema, r.kind, r.key)):
            place(light.locks(), _light_names(light)).lights.append(light)
        for unit in sorted(units, key=lambda r: (r.schema, r.kind, r.key)):
            place(unit.locks(), unit.names()).units.append(unit)
        yield from open_batches

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"schemac_{prefix}{self._counter}"

    def _run(self, batch: _Batch, requests: Requests, made: set[tuple[str, str]]) -> None:
        """Build a batch in a subtransaction, read it back, and roll it back."""
        conn = self.conn
        layout = _Layout(self, batch, made)
        conn.execute("SAVEPOINT schemac_batch")
        try:
            try:
                conn.execute(layout.sql(requests).encode())
            except psycopg.errors.LockNotAvailable:
                raise
            except psycopg.Error as error:
                conn.execute("ROLLBACK TO SAVEPOINT schemac_batch")
                if batch.size == 1:
                    only: Light | Unit = (batch.lights or batch.units)[0]
                    where = only.where
                    raise ScratchError(f"{where}: {_message(error, requests)}") from None
                for part in _halves(batch):
                    self._run(part, requests, made)
                return
            self._measure()
            self.stats.batches += 1
            found = inspect(conn, sorted(layout.schemas), in_transaction=True).database
            layout.read(found)
            self.stats.built += batch.size
        finally:
            with suppress(psycopg.Error):  # an error or an interrupt is on its way
                conn.execute("ROLLBACK TO SAVEPOINT schemac_batch")
                conn.execute("RELEASE SAVEPOINT schemac_batch")


def _rollback(conn: psycopg.Connection[Any]) -> None:
    """End the transaction, whatever state an error or an interrupt left it in."""
    if conn.info.transaction_status != TransactionStatus.IDLE:
        with suppress(psycopg.Error):
            conn.execute("ROLLBACK")


def _halves(batch: _Batch) -> list[_Batch]:
    """A failed batch in two, to find what failed."""
    parts = [("l", r) for r in batch.lights] + [("u", r) for r in batch.units]
    middle = len(parts) // 2
    out = []
    for chunk in (parts[:middle], parts[middle:]):
        half = _Batch(names=batch.names)
        for kind, request in chunk:
            (half.lights if kind == "l" else half.units).append(request)  # type: ignore[arg-type]
        out.append(half)
    return out


def _default(requests: Requests) -> str:
    return next(iter(requests.homes.values())).built if requests.homes else "public"


def _paths(requests: Requests) -> Any:
    """The search_path of a scratch schema: its home's, in scratch names."""
    by_built: dict[str, Home] = {}
    for home in requests.homes.values():
        by_built.setdefault(home.own, home)
        by_built.setdefault(home.built, home)

    def path_of(schema: str) -> tuple[str, ...]:
        home = by_built.get(schema)
        if home is None:
            return (schema, "public")
        out: dict[str, None] = {schema: None}
        for p in home.path:
            moved = requests.homes.get(p)
            if moved is not None:
                out.setdefault(moved.own if moved.name != home.name else schema)
            out.setdefault(p)  # the real schema too: extensions and what the database has
        return tuple(out)

    return path_of


def _message(error: psycopg.Error, requests: Requests) -> str:
    """What PostgreSQL said, without the text of what was built (it is not the user's)."""
    diag = error.diag
    text = diag.message_primary or " ".join(str(error).split()) or type(error).__name__
    if diag.message_hint:
        text += f" (hint: {diag.message_hint})"
    for home in requests.homes.values():
        text = home.back.message(text)
    return text


class _Layout:
    """A batch as a database to generate: probe tables, shadows, views; and reading it back."""

    def __init__(self, normalizer: Normalizer, batch: _Batch, made: set[tuple[str, str]]) -> None:
        self.normalizer = normalizer
        self.batch = batch
        self.made = made
        self.tables: dict[str, list[m.Table]] = {}
        self.views: dict[str, list[m.View]] = {}
        self.matviews: dict[str, list[m.MaterializedView]] = {}
        self.sequences: dict[str, dict[str, m.Sequence]] = {}
        self.probes: dict[str, list[_Probe]] = {}
        self.units: list[tuple[Unit, str, list[str]]] = []  # (unit, built name, partition names)
        self.schemas: set[str] = set()

    def _place(self, schema: str, obj: Any) -> None:
        self.schemas.add(schema)
        if isinstance(obj, m.Table):
            self.tables.setdefault(schema, []).append(obj)
        elif isinstance(obj, m.MaterializedView):
            self.matviews.setdefault(schema, []).append(obj)
        elif isinstance(obj, m.View):
            self.views.setdefault(schema, []).append(obj)
        elif isinstance(obj, m.Sequence):
            self.sequences.setdefault(schema, {}).setdefault(obj.name, obj)

    def sql(self, requests: Requests) -> str:
        placed = set(self.made)
        for light in self.batch.lights:
            self._light(light)
            for schema, sequence in light.sequences:
                if (schema, sequence.name) not in placed:
                    placed.add((schema, sequence.name))
                    self._place(schema, sequence)
        for schema, probes in self.probes.items():
            for probe in probes:
                self._place(schema, self._probe_table(probe))
        for unit in self.batch.units:
            built, partitions = self._unit(unit)
            self.units.append((unit, built, partitions))
            for schema, obj in unit.closure:
                if (schema, obj.name) in placed:
                    continue
                placed.add((schema, obj.name))
                self._place(schema, obj)
        schemas = tuple(
            m.Schema(
                name=s,
                tables=tuple(self.tables.get(s, ())),
                views=tuple(self.views.get(s, ())),
                materialized_views=tuple(self.matviews.get(s, ())),
                sequences=tuple(self.sequences.get(s, {}).values()),
            )
            for s in sorted(self.schemas)
        )
        return generate(
            m.Database(schemas=schemas),
            _default(requests),
            path_of=_paths(requests),
            create_schemas=False,
        )

    # -------------------------------------------------------------- light requests

    def _light(self, light: Light) -> None:
        probes = self.probes.setdefault(light.schema, [])
        probe = next((p for p in probes if p.fits(light)), None)
        if probe is None:
            probe = _Probe(name=self.normalizer._name("p"))
            probes.append(probe)
        for column in light.env:
            probe.columns.setdefault(column.name, column)
        prefix = {"default": "d", "generated": "g", "check": "c", "predicate": "c"}.get(
            light.kind, light.kind[0]
        )
        probe.parts.append((light, self.normalizer._name(prefix)))

    def _probe_table(self, probe: _Probe) -> m.Table:
        columns = list(probe.columns.values())
        checks, indexes, exclusions, triggers = [], [], [], []
        for light, name in probe.parts:
            obj = light.obj
            if light.kind == "default":
                type_, collation, default = obj
                columns.append(
                    m.Column(
                        name=name, type=type_, nullable=True, default=default, collation=collation
                    )
                )
            elif light.kind == "generated":
                columns.append(dataclasses.replace(obj, name=name))
            elif light.kind in ("check", "predicate"):
                checks.append(dataclasses.replace(obj, name=name))
            elif light.kind == "index":
                indexes.append(dataclasses.replace(obj, name=name))
            elif light.kind == "exclusion":
                exclusions.append(dataclasses.replace(obj, name=name))
            elif light.kind == "trigger":
                triggers.append(dataclasses.replace(obj, name=name))
        return m.Table(
            name=probe.name,
            columns=tuple(columns),
            checks=tuple(checks),
            indexes=tuple(indexes),
            exclusions=tuple(exclusions),
            triggers=tuple(triggers),
        )

    # -------------------------------------------------------------- units

    def _unit(self, unit: Unit) -> tuple[str, list[str]]:
        target = unit.target
        names: list[str] = []
        if unit.kind == "partitions":
            built = self.normalizer._name("q")
            target = dataclasses.replace(
                target, name=built, partitions=self._partition_names(target.partitions, names)
            )
        else:
            built = target.name
        if (unit.schema, built) in self.made:  # made with the types (its row type is one)
            self.schemas.add(unit.schema)
        else:
            self._place(unit.schema, target)
        return built, names

    def _partition_names(
        self, partitions: tuple[m.Partition, ...], names: list[str]
    ) -> tuple[m.Partition, ...]:
        out = []
        for p in partitions:
            name = self.normalizer._name("q")
            names.append(name)
            out.append(
                dataclasses.replace(
                    p, name=name, partitions=self._partition_names(p.partitions, names)
                )
            )
        return tuple(out)

    # -------------------------------------------------------------- reading back

    def read(self, found: m.Database) -> None:
        cache = self.normalizer.cache
        by_schema = {s.name or "": s for s in found.schemas}
        for schema, probes in self.probes.items():
            read = by_schema.get(schema)
            tables = {t.name: t for t in read.tables} if read is not None else {}
            for probe in probes:
                table = tables.get(probe.name)
                if table is None:  # pragma: no cover - it was just made
                    raise ScratchError(f"the probe table {probe.name} was not read back")
                for light, name in probe.parts:
                    cache[light.key] = _light_result(table, light.kind, name)
        for unit, built, partitions in self.units:
            read = by_schema.get(unit.schema)
            if read is None:  # pragma: no cover - it was just made
                raise ScratchError(f"{unit.where} was not read back")
            cache[unit.key] = _unit_result(read, unit, built, partitions)


def _light_result(table: m.Table, kind: str, name: str) -> Any:
    if kind in ("default", "generated"):
        column = table.column(name)
        if column is None:  # pragma: no cover - it was just made
            raise ScratchError(f"the probe column {name} was not read back")
        return column.default if kind == "default" else column.generated
    groups: dict[str, tuple[Any, ...]] = {
        "check": table.checks,
        "predicate": table.checks,
        "index": table.indexes,
        "exclusion": table.exclusions,
        "trigger": table.triggers,
    }
    found = next((x for x in groups[kind] if x.name == name), None)
    if found is None:  # pragma: no cover - it was just made
        raise ScratchError(f"the probe {kind} {name} was not read back")
    return found


def _unit_result(read: m.Schema, unit: Unit, built: str, partitions: list[str]) -> Any:
    if unit.kind in ("view",):
        return next(v for v in read.views if v.name == built)
    if unit.kind == "matview":
        return next(v for v in read.materialized_views if v.name == built)
    table = next(t for t in read.tables if t.name == built)
    if unit.kind == "partitions":
        flat = {p.name: p for p in _flatten(table.partitions)}
        return table.partitioning, tuple(flat[n] for n in partitions)
    if unit.kind == "policies":
        return table.policies
    return table


def _flatten(partitions: tuple[m.Partition, ...]) -> Iterator[m.Partition]:
    for p in partitions:
        yield p
        yield from _flatten(p.partitions)
