"""CREATE statements for what is not part of a table, and grants.

Schemas, extensions, types, sequences, functions, views and materialized views.
"""

from __future__ import annotations

from schemac.dialects.postgres.ddl.tables import INDENT, check_constraint, sequence_options
from schemac.dialects.postgres.normalize import LIST_SETTINGS, setting_items
from schemac.dialects.postgres.quoting import (
    collation,
    dollar_quote,
    ident,
    idents,
    literal,
    qualified,
    qualified_text,
    role,
)
from schemac.dialects.postgres.types import format_type
from schemac.dialects.postgres.values import default_sql, query
from schemac.ir.model import (
    ArgMode,
    Collation,
    CompositeType,
    Domain,
    EnumType,
    Extension,
    Function,
    FunctionKind,
    Grant,
    GrantTargetKind,
    MaterializedView,
    Parallel,
    Sequence,
    View,
    Volatility,
)
from schemac.ir.types import TypeRef

__all__ = [
    "create_collation",
    "create_composite",
    "create_domain",
    "create_enum",
    "create_extension",
    "create_function",
    "create_matview",
    "create_schema",
    "create_sequence",
    "create_view",
    "function_signature",
    "grant",
    "sequence_owned_by",
]


def create_schema(name: str) -> str:
    return f"CREATE SCHEMA {ident(name)};"


def create_extension(extension: Extension) -> str:
    text = f"CREATE EXTENSION IF NOT EXISTS {ident(extension.name)}"
    if extension.schema is not None:
        text += f" WITH SCHEMA {ident(extension.schema)}"
    if extension.version is not None:
        text += f" VERSION {literal(extension.version)}"
    return text + ";"


def create_collation(c: Collation, schema: str) -> str:
    settings = (("locale", c.locale), ("lc_collate", c.lc_collate), ("lc_ctype", c.lc_ctype))
    options = [f"provider = {c.provider.value}"]
    options += [f"{name} = {literal(value)}" for name, value in settings if value is not None]
    if not c.deterministic:
        options.append("deterministic = false")
    return f"CREATE COLLATION {qualified(schema, c.name)} ({', '.join(options)});"


def create_enum(enum: EnumType, schema: str) -> str:
    values = ",\n".join(INDENT + literal(v) for v in enum.values)
    body = f"\n{values}\n" if values else ""
    return f"CREATE TYPE {qualified(schema, enum.name)} AS ENUM ({body});"


def create_domain(domain: Domain, schema: str) -> str:
    text = f"CREATE DOMAIN {qualified(schema, domain.name)} AS {format_type(domain.type)}"
    if domain.collation is not None:
        text += f" COLLATE {collation(domain.collation)}"
    if domain.default is not None:
        text += f" DEFAULT {default_sql(domain.default)}"
    if domain.not_null:
        text += " NOT NULL"
    for check in domain.checks:
        text += f"\n{INDENT}{check_constraint(check)}"
    return text + ";"


def create_composite(composite: CompositeType, schema: str) -> str:
    fields = []
    for f in composite.fields:
        line = f"{INDENT}{ident(f.name)} {format_type(f.type)}"
        if f.collation is not None:
            line += f" COLLATE {collation(f.collation)}"
        fields.append(line)
    body = ",\n".join(fields)
    return f"CREATE TYPE {qualified(schema, composite.name)} AS (\n{body}\n);"


def create_sequence(sequence: Sequence, schema: str) -> str:
    clauses = [f"AS {format_type(sequence.type)}", *sequence_options(sequence.options)]
    body = "".join(f"\n{INDENT}{c}" for c in clauses)
    return f"CREATE SEQUENCE {qualified(schema, sequence.name)}{body};"


def sequence_owned_by(sequence: Sequence, schema: str) -> str | None:
    if sequence.owned_by is None:
        return None
    table, column = sequence.owned_by
    owner = f"{qualified(table.schema, table.name)}.{ident(column)}"
    return f"ALTER SEQUENCE {qualified(schema, sequence.name)} OWNED BY {owner};"


def function_signature(function: Function, schema: str) -> str:
    """`schema.name(type, ...)`: how COMMENT and GRANT name one function of its overloads."""
    types = ", ".join(format_type(t) for t in function.signature)
    return f"{qualified(schema, function.name)}({types})"


def _argument(function: Function, index: int) -> str:
    arg = function.arguments[index]
    parts = []
    if arg.mode is not ArgMode.IN or function.kind is FunctionKind.PROCEDURE:
        parts.append(arg.mode.value.upper())
    if arg.name is not None:
        parts.append(ident(arg.name))
    parts.append(format_type(arg.type))
    if arg.default is not None:
        parts.append(f"DEFAULT {default_sql(arg.default)}")
    return " ".join(parts)


def _setting(name: str, value: str) -> str:
    if name.lower() in LIST_SETTINGS:
        items = setting_items(value)
        rendered = ", ".join(literal(i) for i in items) if items else "''"
    else:
        rendered = literal(value)
    return f"SET {qualified_text(name)} TO {rendered}"


def _returns(function: Function) -> str:
    returns = function.returns
    if returns is None:
        return ""
    if returns.table:
        columns = ", ".join(f"{ident(name)} {format_type(t)}" for name, t in returns.table)
        return f" RETURNS TABLE({columns})"
    assert returns.type is not None
    setof = "SETOF " if returns.setof else ""
    return f" RETURNS {setof}{format_type(returns.type)}"


def create_function(function: Function, schema: str) -> str:
    kind = "PROCEDURE" if function.kind is FunctionKind.PROCEDURE else "FUNCTION"
    arguments = ", ".join(_argument(function, i) for i in range(len(function.arguments)))
    head = f"CREATE {kind} {qualified(schema, function.name)}({arguments}){_returns(function)}"
    traits = [f"LANGUAGE {ident(function.language)}"]
    if function.volatility is not Volatility.VOLATILE:
        traits.append(function.volatility.value.upper())
    if function.strict:
        traits.append("STRICT")
    if function.security_definer:
        traits.append("SECURITY DEFINER")
    if function.leakproof:
        traits.append("LEAKPROOF")
    if function.parallel is not Parallel.UNSAFE:
        traits.append(f"PARALLEL {function.parallel.value.upper()}")
    if function.cost is not None:
        traits.append(f"COST {function.cost}")
    if function.rows is not None:
        traits.append(f"ROWS {function.rows}")
    lines = [head, INDENT + " ".join(traits)]
    lines += [INDENT + _setting(name, value) for name, value in function.config]
    lines.append(f"{INDENT}AS {dollar_quote(function.body)};")
    return "\n".join(lines)


def _columns(columns: tuple[str, ...]) -> str:
    return f" ({idents(columns)})" if columns else ""


def create_view(view: View, schema: str) -> str:
    options = []
    if view.security_barrier:
        options.append("security_barrier = true")
    if view.security_invoker:
        options.append("security_invoker = true")
    with_options = f" WITH ({', '.join(options)})" if options else ""
    text = (
        f"CREATE VIEW {qualified(schema, view.name)}{_columns(view.columns)}{with_options} AS\n"
        f"{query(view.query)}"
    )
    if view.check_option is not None:
        text += f"\nWITH {view.check_option.value.upper()} CHECK OPTION"
    return text + ";"


def create_matview(view: MaterializedView, schema: str) -> str:
    text = (
        f"CREATE MATERIALIZED VIEW {qualified(schema, view.name)}{_columns(view.columns)} AS\n"
        f"{query(view.query)}"
    )
    if not view.with_data:
        text += "\nWITH NO DATA"
    return text + ";"


_TARGET_WORDS = {
    GrantTargetKind.TABLE: "TABLE",
    GrantTargetKind.SEQUENCE: "SEQUENCE",
    GrantTargetKind.SCHEMA: "SCHEMA",
    GrantTargetKind.FUNCTION: "FUNCTION",
    GrantTargetKind.PROCEDURE: "PROCEDURE",
    GrantTargetKind.TYPE: "TYPE",
}


def _signature_types(types: tuple[TypeRef, ...]) -> str:
    return ", ".join(format_type(t) for t in types)


def grant(g: Grant) -> str:
    target = g.target
    if target.kind is GrantTargetKind.SCHEMA:
        name = ident(target.name.name)
    else:
        name = qualified(target.name.schema, target.name.name)
    if target.kind in (GrantTargetKind.FUNCTION, GrantTargetKind.PROCEDURE):
        name += f"({_signature_types(target.signature)})"
    columns = f" ({idents(g.columns)})" if g.columns else ""
    privileges = ", ".join(p.upper() + columns for p in g.privileges)
    option = " WITH GRANT OPTION" if g.with_grant_option else ""
    return (
        f"GRANT {privileges} ON {_TARGET_WORDS[target.kind]} {name} TO {role(g.grantee)}{option};"
    )
