"""What a name stands for, in Markdown: the text of a hover."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.dialects.postgres.tables import ALIASES, POSTGRES_TABLES, SPELLINGS, type_name
from schemac.ir.types import TypeKind
from schemac.lsp.index import Index, SchemaTarget, Target
from schemac.source import SourceFile, Span
from schemac.syntax.printer import quote_name

__all__ = ["describe", "describe_literal", "kind_of", "qualified_name"]

_MAX_LISTED = 40  # columns, values or fields listed in one hover


def kind_of(target: Target) -> str:
    match target:
        case SchemaTarget():
            return "schema"
        case d.TableDecl():
            return "table"
        case d.ColumnDecl():
            return "column"
        case d.ViewDecl():
            return "view"
        case d.MatViewDecl():
            return "materialized view"
        case d.EnumDecl():
            return "enum"
        case d.DomainDecl():
            return "domain"
        case d.CompositeDecl():
            return "type"
        case d.FieldDecl():
            return "field"
        case d.SequenceDecl():
            return "sequence"
        case d.FunctionDecl():
            return "procedure" if target.procedure else "function"
        case d.CollationDecl():
            return "collation"


def qualified_name(index: Index, target: Target) -> str:
    if isinstance(target, SchemaTarget):
        return quote_name(target.name)
    if isinstance(target, d.ColumnDecl | d.FieldDecl):
        owner = index.owners.get(target)
        name = quote_name(target.name.value)
        return f"{qualified_name(index, owner)}.{name}" if owner is not None else name
    schema = index.schema_of.get(target)
    name = quote_name(target.name.value)
    return f"{quote_name(schema)}.{name}" if schema is not None else name


def describe(index: Index, target: Target, schemas: dict[str, list[d.SchemaDecl]]) -> str:
    """A hover: the kind and name, what the object is made of, and its comment."""
    head = f"**{kind_of(target)}** `{qualified_name(index, target)}`"
    body: list[str] = []
    comment: d.Text | None = None
    match target:
        case SchemaTarget():
            decls = schemas.get(target.name, [])
            comment = next((s.comment for s in decls if s.comment is not None), None)
            counts: dict[str, int] = {}
            for obj, schema in index.schema_of.items():
                if schema == target.name and not isinstance(obj, d.FunctionDecl):
                    kind = kind_of(obj)  # type: ignore[arg-type]
                    counts[kind] = counts.get(kind, 0) + 1
            if counts:
                body.append(", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in counts.items()))
        case d.TableDecl():
            comment = target.comment
            body.extend(_columns(index, target.columns))
            if target.primary_key is not None:
                body.append("primary key (" + _refs(target.primary_key.columns) + ")")
            if target.inherits:
                body.append("inherits " + _refs(target.inherits))
        case d.ColumnDecl():
            comment = target.comment
            body.append(_column_line(index, target))
            body.extend(_column_details(target))
        case d.ViewDecl() | d.MatViewDecl():
            comment = target.comment
            if target.columns:
                body.append("columns: " + ", ".join(f"`{c.value}`" for c in target.columns))
            body.append("```sql\n" + target.query.text.strip() + "\n```")
        case d.EnumDecl():
            comment = target.comment
            values = [f'`"{v.value}"`' for v in target.values[:_MAX_LISTED]]
            more = len(target.values) - len(values)
            body.append("values: " + ", ".join(values) + (f" and {more} more" if more > 0 else ""))
        case d.DomainDecl():
            comment = target.comment
            line = f"over `{_type(index, target.type)}`" + (" not null" if target.not_null else "")
            body.append(line)
            if target.default is not None:
                body.append(f"default `{target.default.span.text}`")
            body.extend(f"check `{c.expr.text}`" for c in target.checks)
        case d.CompositeDecl():
            comment = target.comment
            body.extend(
                f"- `{quote_name(f.name.value)}` `{_type(index, f.type)}`"
                for f in target.fields[:_MAX_LISTED]
            )
        case d.FieldDecl():
            comment = target.comment
            body.append(f"`{_type(index, target.type)}`")
        case d.SequenceDecl():
            comment = target.comment
            parts = [f"`{_type(index, target.type)}`" if target.type is not None else "`bigint`"]
            for label, value in (
                ("start", target.start),
                ("increment", target.increment),
                ("min", target.min_value),
                ("max", target.max_value),
            ):
                if value is not None:
                    parts.append(f"{label} {value.value}")
            if target.owned_by is not None:
                parts.append(f"owned by `{target.owned_by.dotted}`")
            body.append(", ".join(parts))
        case d.FunctionDecl():
            comment = target.comment
            body.append("```sql\n" + signature(index, target) + "\n```")
            traits = [target.language.value]
            if target.volatility is not None:
                traits.append(target.volatility.value)
            if target.security is not None:
                traits.append(f"security {target.security.value}")
            body.append("language " + ", ".join(traits))
        case d.CollationDecl():
            comment = target.comment
            for label, setting in (("provider", target.provider), ("locale", target.locale)):
                if setting is not None:
                    body.append(f"{label} `{setting.value}`")
    parts = [head, *body]
    if comment is not None:
        parts.append("---\n" + comment.value)
    return "\n\n".join(parts)


def signature(index: Index, function: d.FunctionDecl) -> str:
    args = []
    for arg in function.arguments:
        words = []
        if arg.mode is not None:
            words.append(arg.mode.value)
        if arg.name is not None:
            words.append(arg.name.value)
        words.append(_type(index, arg.type))
        if arg.default is not None:
            words.append("default " + arg.default.span.text)
        args.append(" ".join(words))
    text = f"{qualified_name(index, function)}({', '.join(args)})"
    returns = function.returns
    if returns is not None:
        if returns.table:
            cols = ", ".join(f"{n.value} {_type(index, t)}" for n, t in returns.table)
            text += f" returns table({cols})"
        elif returns.type is not None:
            text += " returns " + ("setof " if returns.setof else "") + _type(index, returns.type)
    return text


def _type(index: Index, written: d.TypeExprDecl) -> str:
    resolved = index.types.get(written)
    if resolved is not None:
        return type_name(resolved)
    return written.span.text.rstrip("?").strip()


def _refs(refs: tuple[d.Ref, ...]) -> str:
    return ", ".join(f"`{r.dotted}`" for r in refs)


def _column_line(index: Index, column: d.ColumnDecl) -> str:
    nullability = "null" if column.type.nullable else "not null"
    return f"`{_type(index, column.type)}` {nullability}"


def _column_details(column: d.ColumnDecl) -> list[str]:
    out = []
    if column.default is not None:
        out.append(f"default `{column.default.span.text}`")
    if column.identity is not None:
        out.append("identity " + ("always" if column.identity.always else "by default"))
    if column.generated is not None:
        out.append(f"generated as `{column.generated.text}`")
    if column.primary_key is not None:
        out.append("primary key")
    if column.unique is not None:
        out.append("unique")
    if column.references is not None:
        out.append(f"references `{column.references.dotted}`")
    return out


def _columns(index: Index, columns: tuple[d.ColumnDecl, ...]) -> list[str]:
    lines = [
        f"- `{quote_name(c.name.value)}` {_column_line(index, c)}" for c in columns[:_MAX_LISTED]
    ]
    if len(columns) > _MAX_LISTED:
        lines.append(f"- and {len(columns) - _MAX_LISTED} more columns")
    return ["\n".join(lines)] if lines else []


def describe_literal(index: Index, file: SourceFile, offset: int) -> tuple[Span, str] | None:
    """Hover for what names no declaration: a built-in type, an enum value in a default."""
    for written, ref in index.types.items():
        span = written.name_span
        if span.file is file and span.start <= offset <= span.end and ref.kind is TypeKind.BUILTIN:
            spelling = SPELLINGS.get(ref.name, ref.name)
            others = sorted(a for a, c in ALIASES.items() if c == ref.name and a != spelling)
            builtin = POSTGRES_TABLES.builtin(ref)
            text = f"**built-in type** `{type_name(ref)}`"
            if builtin is not None:
                text += f"\n\n{builtin.category.value}; PostgreSQL's name `{ref.name}`"
            if others:
                text += "\n\nalso written " + ", ".join(f"`{a}`" for a in others)
            return span, text
    for column, owner in index.owners.items():
        if not isinstance(column, d.ColumnDecl) or not isinstance(owner, d.TableDecl):
            continue
        default = column.default
        if not isinstance(default, d.LiteralValue) or default.span.file is not file:
            continue
        if not default.span.start <= offset <= default.span.end:
            continue
        resolved = index.types.get(column.type)
        enum = index.enum_of(resolved) if resolved is not None else None
        if enum is None:
            return None
        values = ", ".join(
            f'**`"{v.value}"`**' if v.value == default.value else f'`"{v.value}"`'
            for v in enum.values[:_MAX_LISTED]
        )
        return default.span, f"**enum value** of `{qualified_name(index, enum)}`\n\n{values}"
    return None
