"""Declared state (the checked, bound IR) against the database (the inspected IR).

Names, types, flags, column lists, options, comments and grants must be equal;
SQL fragments must be equal once PostgreSQL has normalized both (normalizer/run.py).
Returns one line per difference, with the path to it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from schemac.dialects.postgres.normalize import (
    canonical_collation,
    canonical_collation_settings,
    canonical_comment,
    canonical_config,
    canonical_cost,
    canonical_default,
    canonical_element,
    canonical_rows,
    canonical_sequence_options,
    canonical_type,
)
from schemac.dialects.postgres.types import format_type
from schemac.dialects.postgres.values import default_sql, query
from schemac.ir import model as ir
from schemac.ir.types import TypeRef
from tests.integration.normalizer import Normalizer

# `reads`: what the catalogs' dependency rows say a view reads (declared views do not say).
_SKIP = {"origin", "renamed_from", "renamed_values", "depends_on", "reads"}
_CANONICAL: dict[str, Any] = {
    "comment": canonical_comment,
    "collation": canonical_collation,
    "config": canonical_config,
}


def _key(obj: Any) -> object:
    """What matches a declared object with the database's: its name (functions: and types)."""
    if isinstance(obj, ir.Function):
        return (obj.name, tuple(format_type(_unmodified(t)) for t in obj.signature))
    return getattr(obj, "name", None)


class Comparer:
    def __init__(self, normalizer: Normalizer) -> None:
        self.n = normalizer
        self.problems: list[str] = []
        self.schema = ""
        self.table: str | None = None
        self.method = ir.IndexMethod.BTREE

    def fail(self, path: str, declared: object, found: object) -> None:
        self.problems.append(f"{path}: declared {declared!r}, database has {found!r}")

    # ------------------------------------------------------------- generic

    def same(self, path: str, declared: object, found: object) -> None:
        if isinstance(declared, TypeRef) and isinstance(found, TypeRef):
            if canonical_type(declared) != canonical_type(found):
                self.fail(path, format_type(declared), format_type(found))
            return
        if isinstance(declared, ir.SqlExpr | ir.Literal) or isinstance(found, ir.SqlExpr):
            self.expr(path, declared, found)
            return
        if dataclasses.is_dataclass(declared) and type(declared) is type(found):
            self.record(path, declared, found)
            return
        if isinstance(declared, tuple) and isinstance(found, tuple):
            self.sequence(path, declared, found)
            return
        if declared != found:
            self.fail(path, declared, found)

    def record(self, path: str, declared: Any, found: Any) -> None:
        special = getattr(self, f"on_{type(declared).__name__}", None)
        if special is not None and special(path, declared, found):
            return
        self.fields(path, declared, found, skip=set())

    def sequence(self, path: str, declared: tuple[Any, ...], found: tuple[Any, ...]) -> None:
        named = [d for d in declared if hasattr(d, "name") and isinstance(d.name, str)]
        ordered = (ir.Column, ir.CompositeField, ir.FunctionArg)
        if declared and len(named) == len(declared) and not isinstance(declared[0], ordered):
            by_key = {_key(x): x for x in found}
            for d in declared:
                f = by_key.pop(_key(d), None)
                if f is None:
                    self.problems.append(f"{path}[{d.name}]: declared, missing from the database")
                else:
                    self.same(f"{path}[{d.name}]", d, f)
            for extra in by_key:
                self.problems.append(f"{path}[{extra}]: in the database, not declared")
            return
        if len(declared) != len(found):
            self.fail(path, declared, found)
            return
        for i, (d, f) in enumerate(zip(declared, found, strict=True)):
            label = getattr(d, "name", i)
            self.same(f"{path}[{label}]", d, f)

    # ------------------------------------------------------------- fragments

    def text(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, ir.Literal | ir.SqlExpr):
            return default_sql(value)
        return str(value)

    def expr(self, path: str, declared: object, found: object, cast: TypeRef | None = None) -> None:
        a, b = self.text(declared), self.text(found)
        if a is None or b is None:
            if a != b:
                self.fail(path, a, b)
            return
        try:
            na = self.n.expr(a, self.schema, self.table, cast)
            nb = self.n.expr(b, self.schema, self.table, cast)
        except AssertionError as error:
            self.problems.append(f"{path}: cannot normalize: {error}")
            return
        if na != nb:
            self.fail(path, na, nb)

    # ------------------------------------------------------------- special cases

    def on_Schema(self, path: str, d: ir.Schema, f: ir.Schema) -> bool:
        self.schema = d.name or ""
        return False

    def on_Table(self, path: str, d: ir.Table, f: ir.Table) -> bool:
        self.table = d.name
        self.partitions(f"{path}.partitions", d, d.partitioning, d.partitions, f.partitions)
        self.fields(path, d, f, skip={"partitions"})
        self.table = None
        return True

    def fields(self, path: str, d: Any, f: Any, skip: set[str]) -> None:
        """Compare the fields of two records but those in ``skip``."""
        for fld in dataclasses.fields(d):
            if fld.name in _SKIP or fld.name in skip:
                continue
            a, b = getattr(d, fld.name), getattr(f, fld.name)
            canonical = _CANONICAL.get(fld.name)
            if canonical is not None:
                a, b = canonical(a), canonical(b)
            self.same(f"{path}.{fld.name}", a, b)

    def partitions(
        self,
        path: str,
        table: ir.Table,
        partitioning: ir.Partitioning | None,
        declared: tuple[ir.Partition, ...],
        found: tuple[ir.Partition, ...],
    ) -> None:
        by_name = {p.name: p for p in found}
        for p in declared:
            q = by_name.pop(p.name, None)
            if q is None:
                self.problems.append(f"{path}[{p.name}]: declared, missing from the database")
                continue
            self.same(f"{path}[{p.name}].comment", canonical_comment(p.comment), q.comment)
            self.same(f"{path}[{p.name}].partitioning", p.partitioning, q.partitioning)
            self.bound(f"{path}[{p.name}].bound", table, partitioning, p.bound, q.bound)
            self.same(f"{path}[{p.name}].indexes", p.indexes, q.indexes)
            self.partitions(
                f"{path}[{p.name}].partitions", table, p.partitioning, p.partitions, q.partitions
            )
        for extra in by_name:
            self.problems.append(f"{path}[{extra}]: in the database, not declared")

    def bound(
        self,
        path: str,
        table: ir.Table,
        partitioning: ir.Partitioning | None,
        d: ir.PartitionBound,
        f: ir.PartitionBound,
    ) -> None:
        keys = partitioning.keys if partitioning else ()
        types = []
        for key in keys:
            column = table.column(key.column) if key.column else None
            types.append(format_type(column.type) if column else None)

        def canon(values: tuple[ir.Literal | ir.SqlExpr, ...], cycle: bool) -> list[str]:
            out = []
            for i, v in enumerate(values):
                if isinstance(v, ir.SqlExpr):
                    out.append(v.text.upper())
                    continue
                type_sql = types[0 if cycle else i] if types and (cycle or i < len(types)) else None
                if v.kind == "null":
                    out.append("NULL")
                elif type_sql is not None:
                    out.append(
                        self.n.value(
                            str(v.value).lower() if v.kind == "bool" else str(v.value), type_sql
                        )
                    )
                else:
                    out.append(str(v.value))
            return out

        if (d.is_default, d.modulus, d.remainder) != (f.is_default, f.modulus, f.remainder):
            self.fail(path, d, f)
        for name in ("from_values", "to_values", "in_values"):
            cycle = name == "in_values"
            a, b = canon(getattr(d, name), cycle), canon(getattr(f, name), cycle)
            if a != b:
                self.fail(f"{path}.{name}", a, b)

    def on_Column(self, path: str, d: ir.Column, f: ir.Column) -> bool:
        self.same(f"{path}.type", d.type, f.type)
        for name in ("name", "nullable"):
            self.same(f"{path}.{name}", getattr(d, name), getattr(f, name))
        self.same(f"{path}.collation", canonical_collation(d.collation), f.collation)
        self.same(f"{path}.comment", canonical_comment(d.comment), f.comment)
        self.expr(f"{path}.default", canonical_default(d.default), f.default, d.type)
        self.expr(f"{path}.generated", d.generated, f.generated, d.type)
        if (d.identity is None) != (f.identity is None):
            self.fail(f"{path}.identity", d.identity, f.identity)
        elif d.identity is not None and f.identity is not None:
            self.same(f"{path}.identity.always", d.identity.always, f.identity.always)
            declared = canonical_sequence_options(d.identity.options, d.type.name)
            self.same(f"{path}.identity.options", declared, f.identity.options)
        return True

    def on_Collation(self, path: str, d: ir.Collation, f: ir.Collation) -> bool:
        self.fields(path, canonical_collation_settings(d), f, skip=set())
        return True

    def on_Sequence(self, path: str, d: ir.Sequence, f: ir.Sequence) -> bool:
        for name in ("name", "type", "owned_by", "comment"):
            self.same(f"{path}.{name}", getattr(d, name), getattr(f, name))
        self.same(f"{path}.options", canonical_sequence_options(d.options, d.type.name), f.options)
        return True

    def on_Index(self, path: str, d: ir.Index, f: ir.Index) -> bool:
        self.method = d.method
        return False

    def on_ExclusionConstraint(
        self, path: str, d: ir.ExclusionConstraint, f: ir.ExclusionConstraint
    ) -> bool:
        self.method = d.method
        return False

    def on_IndexElement(self, path: str, d: ir.IndexElement, f: ir.IndexElement) -> bool:
        d, f = canonical_element(d), canonical_element(f)
        opclass = d.opclass
        if (
            opclass is not None
            and f.opclass is None
            and self.n.default_opclass(opclass, self.method)
        ):
            opclass = None
        self.same(f"{path}.opclass", opclass, f.opclass)
        self.same(f"{path}.collation", canonical_collation(d.collation), f.collation)
        for name in ("column", "descending", "nulls"):
            self.same(f"{path}.{name}", getattr(d, name), getattr(f, name))
        self.expr(f"{path}.expression", d.expression, f.expression)
        return True

    def on_View(self, path: str, d: ir.View, f: ir.View) -> bool:
        self.view_query(path, d.query, f.query, d.columns)
        self.table = d.name
        self.fields(path, d, f, skip={"query", "columns"})  # the columns are in the query
        self.table = None
        return True

    def on_MaterializedView(
        self, path: str, d: ir.MaterializedView, f: ir.MaterializedView
    ) -> bool:
        self.view_query(path, d.query, f.query, d.columns)
        self.table = d.name
        self.fields(path, d, f, skip={"query", "columns"})  # the columns are in the query
        self.table = None
        return True

    def view_query(self, path: str, d: ir.SqlExpr, f: ir.SqlExpr, columns: tuple[str, ...]) -> None:
        try:
            a = self.n.query(query(d), self.schema, columns)
            b = self.n.query(f.text, self.schema, columns)
        except AssertionError as error:
            self.problems.append(f"{path}.query: cannot normalize: {error}")
            return
        if a != b:
            self.fail(f"{path}.query", a, b)

    def on_Domain(self, path: str, d: ir.Domain, f: ir.Domain) -> bool:
        self.fields(path, d, f, skip={"default", "checks"})
        saved, self.table = self.table, None
        self.expr(f"{path}.default", canonical_default(d.default), f.default, d.type)
        self.table = saved
        by_name = {c.name: c for c in f.checks}
        for check in d.checks:
            other = by_name.pop(check.name, None)
            if other is None:
                self.problems.append(
                    f"{path}.checks[{check.name}]: declared, missing from the database"
                )
                continue
            self.same(
                f"{path}.checks[{check.name}].comment",
                canonical_comment(check.comment),
                other.comment,
            )
            a = self.n.domain_check(check.expression.text, self.schema, d.type)
            b = self.n.domain_check(other.expression.text, self.schema, d.type)
            if a != b:
                self.fail(f"{path}.checks[{check.name}]", a, b)
        for extra in by_name:
            self.problems.append(f"{path}.checks[{extra}]: in the database, not declared")
        return True

    def on_Trigger(self, path: str, d: ir.Trigger, f: ir.Trigger) -> bool:
        self.fields(path, d, f, skip={"when"})
        if (d.when is None) != (f.when is None):
            self.fail(f"{path}.when", d.when, f.when)
        elif d.when is not None and f.when is not None and self.table is not None:
            a = self.n.when(d.when.text, self.schema, self.table, d)
            b = self.n.when(f.when.text, self.schema, self.table, d)
            if a != b:
                self.fail(f"{path}.when", a, b)
        return True

    def on_Policy(self, path: str, d: ir.Policy, f: ir.Policy) -> bool:
        self.fields(path, d, f, skip={"roles"})
        self.same(f"{path}.roles", tuple(sorted(d.roles)), tuple(sorted(f.roles)))
        return True

    def on_Function(self, path: str, d: ir.Function, f: ir.Function) -> bool:
        saved, self.table = self.table, None
        self.fields(path, d, f, skip={"cost", "rows", "arguments", "returns"})
        if len(d.arguments) != len(f.arguments):
            self.fail(f"{path}.arguments", d.arguments, f.arguments)
        else:
            for i, (a, b) in enumerate(zip(d.arguments, f.arguments, strict=True)):
                where = f"{path}.arguments[{a.name or i}]"
                self.same(f"{where}.name", a.name, b.name)
                self.same(f"{where}.mode", a.mode, b.mode)
                self.same(f"{where}.type", _unmodified(a.type), _unmodified(b.type))
                # An argument's DEFAULT NULL is kept (unlike a column's).
                self.expr(f"{where}.default", a.default, b.default, _unmodified(a.type))
        if d.returns is None or f.returns is None:
            self.same(f"{path}.returns", d.returns, f.returns)
        else:
            self.same(f"{path}.returns.setof", d.returns.setof, f.returns.setof)
            self.same(
                f"{path}.returns.type",
                d.returns.type and _unmodified(d.returns.type),
                f.returns.type and _unmodified(f.returns.type),
            )
            self.same(
                f"{path}.returns.table",
                tuple((n, _unmodified(t)) for n, t in d.returns.table),
                tuple((n, _unmodified(t)) for n, t in f.returns.table),
            )
        returns_set = bool(d.returns and (d.returns.setof or d.returns.table))
        self.same(f"{path}.cost", canonical_cost(d.cost, d.language), f.cost)
        self.same(f"{path}.rows", canonical_rows(d.rows, returns_set), f.rows)
        self.table = saved
        return True

    def on_Extension(self, path: str, d: ir.Extension, f: ir.Extension) -> bool:
        if d.comment is not None:  # an extension comes with a comment of its own
            self.same(f"{path}.comment", d.comment, f.comment)
        if d.schema is not None:
            self.same(f"{path}.schema", d.schema, f.schema)
        if d.version is not None:
            self.same(f"{path}.version", d.version, f.version)
        return True

    def on_Database(self, path: str, d: ir.Database, f: ir.Database) -> bool:
        found = tuple(s for s in f.schemas if d.schema(s.name) is not None or _has_objects(s))
        self.same(f"{path}.schemas", d.schemas, found)
        self.same(f"{path}.extensions", d.extensions, f.extensions)
        a, b = _grant_facts(d.grants), _grant_facts(f.grants)
        for fact in sorted(a - b, key=str):
            self.problems.append(f"{path}.grants: declared {fact}, not in the database")
        for fact in sorted(b - a, key=str):
            self.problems.append(f"{path}.grants: the database has {fact}, not declared")
        return True


def _unmodified(ref: TypeRef) -> TypeRef:
    """A function's argument and result types keep no modifiers and one array level."""
    return dataclasses.replace(
        ref, modifiers=(), interval_fields=None, array_dims=min(ref.array_dims, 1)
    )


def _has_objects(schema: ir.Schema) -> bool:
    return (
        any(getattr(schema, name) for name in ir.SCHEMA_OBJECT_FIELDS) or schema.comment is not None
    )


def _grant_facts(grants: tuple[ir.Grant, ...]) -> set[tuple[object, ...]]:
    facts: set[tuple[object, ...]] = set()
    for g in grants:
        signature = tuple(format_type(_unmodified(t)) for t in g.target.signature)
        target = (g.target.kind.value, g.target.name.schema, g.target.name.name, signature)
        for privilege in g.privileges:
            for column in g.columns or (None,):
                facts.add((target, g.grantee, privilege, column, g.with_grant_option))
    return facts


def differences(declared: ir.Database, found: ir.Database, normalizer: Normalizer) -> list[str]:
    comparer = Comparer(normalizer)
    comparer.same("database", declared, found)
    return comparer.problems
