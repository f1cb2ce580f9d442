"""Objects other than tables from the catalogs.

Types, sequences, functions, views, materialized views, extensions and grants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from schemac.dialects.postgres.inspect.catalog import Catalog, Row, sequence_options
from schemac.dialects.postgres.inspect.tables import read_index, read_triggers, split_top
from schemac.dialects.postgres.normalize import (
    canonical_collation_settings,
    canonical_cost,
    canonical_rows,
    canonical_sequence_options,
)
from schemac.dialects.postgres.types import parse_builtin
from schemac.ir import model as ir
from schemac.ir.types import TypeRef

__all__ = [
    "read_collation",
    "read_composite",
    "read_domain",
    "read_enum",
    "read_extension",
    "read_function",
    "read_grants",
    "read_matview",
    "read_sequence",
    "read_view",
]

_MODES = {
    "i": ir.ArgMode.IN,
    "o": ir.ArgMode.OUT,
    "b": ir.ArgMode.INOUT,
    "v": ir.ArgMode.VARIADIC,
}
_VOLATILITY = {"v": ir.Volatility.VOLATILE, "s": ir.Volatility.STABLE, "i": ir.Volatility.IMMUTABLE}
_PARALLEL = {"u": ir.Parallel.UNSAFE, "r": ir.Parallel.RESTRICTED, "s": ir.Parallel.SAFE}


_PROVIDERS = {"c": ir.CollationProvider.LIBC, "i": ir.CollationProvider.ICU}


def read_collation(row: Row) -> ir.Collation | None:
    """A collation; None for what the language cannot say (another provider, ICU rules)."""
    provider = _PROVIDERS.get(row["provider"])
    if provider is None or row["rules"] is not None:
        return None
    icu = provider is ir.CollationProvider.ICU
    collation = ir.Collation(
        name=row["name"],
        provider=provider,
        locale=row["locale"] if icu else None,
        lc_collate=None if icu else row["lc_collate"],
        lc_ctype=None if icu else row["lc_ctype"],
        deterministic=row["deterministic"],
        comment=row["comment"],
    )
    return canonical_collation_settings(collation)


def read_enum(row: Row) -> ir.EnumType:
    return ir.EnumType(name=row["name"], values=tuple(row["values"]), comment=row["comment"])


def read_domain(catalog: Catalog, row: Row) -> ir.Domain | None:
    base = catalog.type_ref(row["base_type"], row["base"], row["dims"])
    if base is None:
        return None
    checks = tuple(
        ir.CheckConstraint(
            name=c["name"],
            expression=ir.SqlExpr(text=c["expression"]),
            comment=c["comment"],
        )
        for c in catalog.domain_constraints.get(row["oid"], ())
        if c["kind"] == "c"
    )
    return ir.Domain(
        name=row["name"],
        type=base,
        default=ir.SqlExpr(text=row["default"]) if row["default"] is not None else None,
        not_null=row["not_null"],
        collation=catalog.collation(row["collation"]),
        checks=checks,
        comment=row["comment"],
    )


def read_composite(catalog: Catalog, rel: Row) -> ir.CompositeType | None:
    fields = []
    for column in catalog.columns.get(rel["oid"], ()):
        type_ = catalog.type_ref(column["type_oid"], column["type"], column["dims"])
        if type_ is None:
            return None
        fields.append(
            ir.CompositeField(
                name=column["name"],
                type=type_,
                collation=catalog.collation(column["collation"]),
                comment=column["comment"],
            )
        )
    return ir.CompositeType(name=rel["name"], fields=tuple(fields), comment=rel["type_comment"])


def read_sequence(catalog: Catalog, row: Row) -> ir.Sequence:
    type_ = parse_builtin(row["type"]) or TypeRef(name="int8")
    owned_by = None
    if row["owner_kind"] == "a" and row["owner_relation"]:
        owner = catalog.relation_name(row["owner_relation"])
        if owner is not None:
            owned_by = (ir.ObjectName(schema=owner[0], name=owner[1]), row["owner_column"])
    options = sequence_options(row)
    return ir.Sequence(
        name=row["name"],
        type=type_,
        options=canonical_sequence_options(options, type_.name),
        owned_by=owned_by,
        comment=row["comment"],
    )


def _split_defaults(text: str | None) -> list[str]:
    return split_top(text) if text else []


def read_function(catalog: Catalog, row: Row) -> ir.Function | None:
    """A function or procedure; None for what the language cannot say (aggregates)."""
    if row["kind"] not in ("f", "p"):
        return None
    types = row["arg_types"] or []
    modes = row["arg_modes"] or ["i"] * len(types)
    names = row["arg_names"] or [""] * len(types)
    arguments: list[ir.FunctionArg] = []
    table: list[tuple[str, TypeRef]] = []
    for oid, mode, name in zip(types, modes, names, strict=False):
        ref = catalog.type_ref(oid)
        if ref is None:
            return None
        if mode == "t":
            table.append((name, ref))
        else:
            arguments.append(ir.FunctionArg(name=name or None, type=ref, mode=_MODES[mode]))
    defaults = _split_defaults(row["defaults"])
    if defaults:
        inputs = [i for i, a in enumerate(arguments) if a.mode is not ir.ArgMode.OUT]
        for index, text in zip(inputs[-len(defaults) :], defaults, strict=False):
            arg = arguments[index]
            arguments[index] = ir.FunctionArg(
                name=arg.name, type=arg.type, mode=arg.mode, default=ir.SqlExpr(text=text)
            )
    returns = None
    if row["kind"] == "f":
        if table:
            returns = ir.Returns(table=tuple(table))
        else:
            returned = catalog.type_ref(row["return_type"])
            if returned is None:
                return None
            returns = ir.Returns(type=returned, setof=row["returns_set"])
    config = []
    for item in row["config"] or ():
        name, _, value = item.partition("=")
        config.append((name, value))
    return ir.Function(
        name=row["name"],
        kind=ir.FunctionKind.PROCEDURE if row["kind"] == "p" else ir.FunctionKind.FUNCTION,
        arguments=tuple(arguments),
        returns=returns,
        language=row["language"],
        body=row["body"],
        volatility=_VOLATILITY[row["volatility"]],
        strict=row["strict"],
        security_definer=row["security_definer"],
        leakproof=row["leakproof"],
        parallel=_PARALLEL[row["parallel"]],
        cost=canonical_cost(row["cost"], row["language"]),
        rows=canonical_rows(row["rows"], row["returns_set"]),
        config=tuple(sorted(config)),
        comment=row["comment"],
    )


def _options(rel: Row) -> dict[str, str]:
    out = {}
    for item in rel["options"] or ():
        key, _, value = item.partition("=")
        out[key] = value
    return out


def _query(catalog: Catalog, rel: Row) -> ir.SqlExpr:
    text = (catalog.view_queries.get(rel["oid"]) or "").strip()
    return ir.SqlExpr(text=text[:-1] if text.endswith(";") else text)


def read_view(catalog: Catalog, rel: Row) -> ir.View:
    options = _options(rel)
    check = options.get("check_option")
    return ir.View(
        name=rel["name"],
        query=_query(catalog, rel),
        check_option=ir.CheckOption(check) if check in ("local", "cascaded") else None,
        security_barrier=options.get("security_barrier") in ("true", "on"),
        security_invoker=options.get("security_invoker") in ("true", "on"),
        triggers=read_triggers(catalog, rel["oid"]),
        comment=rel["comment"],
        reads=tuple(catalog.view_reads.get(rel["oid"], ())),
    )


def read_matview(catalog: Catalog, rel: Row) -> ir.MaterializedView:
    indexes = [read_index(catalog, i) for i in catalog.indexes.get(rel["oid"], ())]
    return ir.MaterializedView(
        name=rel["name"],
        query=_query(catalog, rel),
        with_data=rel["populated"],
        indexes=tuple(sorted(indexes, key=lambda i: i.name)),
        comment=rel["comment"],
        reads=tuple(catalog.view_reads.get(rel["oid"], ())),
    )


def read_extension(row: Row) -> ir.Extension:
    return ir.Extension(
        name=row["name"], schema=row["schema"], version=row["version"], comment=row["comment"]
    )


_KINDS = {
    "table": ir.GrantTargetKind.TABLE,
    "sequence": ir.GrantTargetKind.SEQUENCE,
    "schema": ir.GrantTargetKind.SCHEMA,
    "function": ir.GrantTargetKind.FUNCTION,
    "procedure": ir.GrantTargetKind.PROCEDURE,
    "type": ir.GrantTargetKind.TYPE,
}
# What PostgreSQL grants to PUBLIC by itself: not a grant the schema declares.
_PUBLIC_DEFAULTS = {
    (ir.GrantTargetKind.FUNCTION, "execute"),
    (ir.GrantTargetKind.PROCEDURE, "execute"),
    (ir.GrantTargetKind.TYPE, "usage"),
}

# One privilege of one role on an object, or on one of its columns (None: the object).
GrantRow = tuple[ir.GrantTarget, str, str, str | None, bool]  # grantee, privilege, grantable


def _builtin_public(target: ir.GrantTarget, privilege: str) -> bool:
    """Whether PUBLIC has ``privilege`` on ``target`` with no GRANT.

    Functions and types, and the `public` schema of a new database, which every role may use.
    """
    if (target.kind, privilege) in _PUBLIC_DEFAULTS:
        return True
    return (
        target.kind is ir.GrantTargetKind.SCHEMA
        and target.name.name == "public"
        and privilege == "usage"
    )


def grouped_grants(rows: Iterable[GrantRow]) -> tuple[ir.Grant, ...]:
    """Grants, one per object, role, column list and grant option, as the checker makes them.

    A privilege on some columns is one row per column: the columns of one role's
    privilege are put back together (in name order), and privileges on the same columns
    are one grant. What PUBLIC has by default is left out.
    """
    columns: dict[tuple[ir.GrantTarget, str, str, bool], set[str]] = defaultdict(set)
    privileges: dict[tuple[ir.GrantTarget, str, tuple[str, ...], bool], set[str]] = defaultdict(set)
    for target, grantee, privilege, column, grantable in rows:
        if grantee == "public" and _builtin_public(target, privilege):
            continue
        if column is not None:
            columns[(target, grantee, privilege, grantable)].add(column)
        else:
            privileges[(target, grantee, (), grantable)].add(privilege)
    for (target, grantee, privilege, grantable), names in columns.items():
        privileges[(target, grantee, tuple(sorted(names)), grantable)].add(privilege)
    grants = [
        ir.Grant(
            target=target,
            grantee=grantee,
            privileges=tuple(sorted(privs)),
            columns=cols,
            with_grant_option=grantable,
        )
        for (target, grantee, cols, grantable), privs in privileges.items()
    ]
    return tuple(
        sorted(
            grants,
            key=lambda g: (
                g.target.kind.value,
                g.target.name.schema or "",
                g.target.name.name,
                g.grantee,
                g.columns,
                g.with_grant_option,
            ),
        )
    )


def read_grants(
    catalog: Catalog, signatures: dict[int, tuple[TypeRef, ...]]
) -> tuple[ir.Grant, ...]:
    """Grants, one per object, role, column list and grant option, as the checker makes them."""
    rows: list[GrantRow] = []
    for row in catalog.rows["grants"]:
        kind = _KINDS[row["kind"]]
        if kind is ir.GrantTargetKind.SCHEMA:
            name = ir.ObjectName(schema=None, name=row["name"])
        else:
            name = ir.ObjectName(schema=row["schema"], name=row["name"])
        signature = signatures.get(row["function"], ()) if row["function"] else ()
        target = ir.GrantTarget(kind=kind, name=name, signature=signature)
        rows.append(
            (target, row["grantee"], row["privilege"], row["column_name"], row["grantable"])
        )
    return grouped_grants(rows)
