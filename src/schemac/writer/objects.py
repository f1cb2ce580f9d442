"""Objects beside tables as blocks: views, types, sequences, functions and extensions."""

from __future__ import annotations

from schemac.dialects.postgres.tables import BUILTIN_SCHEMAS
from schemac.ir.model import (
    ArgMode,
    Collation,
    CollationProvider,
    CompositeType,
    Domain,
    EnumType,
    Extension,
    Function,
    FunctionArg,
    FunctionKind,
    MaterializedView,
    ObjectName,
    Parallel,
    Returns,
    Sequence,
    View,
    Volatility,
)
from schemac.ir.naming import choose_name
from schemac.ir.types import TypeRef
from schemac.syntax.printer import quote_string
from schemac.writer.layout import BLANK, Attr, Block, Node, Seq
from schemac.writer.scope import DEPENDENCIES, TABLES, Scope, where
from schemac.writer.tables import (
    common,
    flag,
    index_block,
    sequence_options,
    trigger_block,
)
from schemac.writer.values import NUMBER, bare_or_string, literal, name_list, sql_call, text

__all__ = [
    "collation_block",
    "composite_block",
    "domain_block",
    "enum_block",
    "extension_block",
    "function_block",
    "materialized_view_block",
    "sequence_block",
    "view_block",
]

_BIGINT = TypeRef(name="int8")


def _depends_on(
    scope: Scope, here: str | None, what: str, dependencies: tuple[ObjectName, ...]
) -> list[Node]:
    written = []
    for dependency in dependencies:
        ref = scope.reference(here, dependency, DEPENDENCIES)
        if ref is None or not scope.has(dependency, DEPENDENCIES):
            scope.note(f"{what}: depends on {dependency}, which cannot be referred to")
            continue
        written.append(ref)
    return [Attr("depends_on", Seq("[", tuple(written), "]"))] if written else []


def view_block(scope: Scope, here: str | None, view: View) -> Block:
    what = f"view {where(here, view.name)}"
    items: list[Node] = [Attr("as", text(view.query.text))]
    if view.columns:
        items.append(Attr("columns", name_list(view.columns)))
    if view.check_option is not None:
        items.append(Attr("check_option", view.check_option.value))
    items += [
        *flag("security_barrier", view.security_barrier),
        *flag("security_invoker", view.security_invoker),
        *_depends_on(scope, here, what, view.depends_on),
        *common(view.comment, view.renamed_from),
        BLANK,
    ]
    triggers = [trigger_block(scope, here, view.name, t) for t in view.triggers]
    items += [t for t in triggers if t is not None]
    return Block(f"view {quote_string(view.name)}", tuple(items))


def materialized_view_block(scope: Scope, here: str | None, view: MaterializedView) -> Block:
    what = f"materialized view {where(here, view.name)}"
    items: list[Node] = [Attr("as", text(view.query.text))]
    if view.columns:
        items.append(Attr("columns", name_list(view.columns)))
    if not view.with_data:
        items.append(Attr("with_data", "false"))
    items += [
        *_depends_on(scope, here, what, view.depends_on),
        *common(view.comment, view.renamed_from),
        BLANK,
        *(index_block(scope, here, view.name, i) for i in view.indexes),
    ]
    return Block(f"materialized_view {quote_string(view.name)}", tuple(items))


def collation_block(collation: Collation) -> Block:
    items: list[Node] = []
    if collation.provider is not CollationProvider.LIBC:
        items.append(Attr("provider", collation.provider.value))
    c = collation
    settings = (("locale", c.locale), ("lc_collate", c.lc_collate), ("lc_ctype", c.lc_ctype))
    items += [Attr(name, quote_string(value)) for name, value in settings if value is not None]
    if not collation.deterministic:
        items.append(Attr("deterministic", "false"))
    items += common(collation.comment, collation.renamed_from)
    return Block(f"collation {quote_string(collation.name)}", tuple(items), inline=1)


def enum_block(enum: EnumType) -> Block:
    items: list[Node] = [Attr("values", Seq("[", tuple(quote_string(v) for v in enum.values), "]"))]
    if enum.renamed_values:
        entries = ", ".join(
            f"{quote_string(new)} = {quote_string(old)}" for new, old in enum.renamed_values
        )
        items.append(Attr("renamed_values", "{ " + entries + " }"))
    items += common(enum.comment, enum.renamed_from)
    return Block(f"enum {quote_string(enum.name)}", tuple(items), inline=1)


def domain_block(scope: Scope, here: str | None, domain: Domain) -> Block:
    what = f"domain {where(here, domain.name)}"
    items: list[Node] = [Attr("type", scope.type(domain.type, here))]
    if domain.default is not None:
        value = literal(domain.default)
        if value is None:
            scope.note(f"{what}: its default ({domain.default})")
        else:
            items.append(Attr("default", value))
    items += flag("not_null", domain.not_null)
    if domain.collation is not None:
        collation = scope.collation(domain.collation, here, what)
        if collation is not None:
            items.append(Attr("collation", collation))
    # The unnamed `check` attribute is named `<domain>_check` (the first one unnamed).
    unnamed = choose_name(domain.name, None, "check")
    blocks: list[Node] = []
    for check in domain.checks:
        if check.no_inherit:
            scope.note(f"{what}: check {check.name} is no_inherit, which a domain cannot say")
        plain = check.comment is None and check.renamed_from is None
        if check.name == unnamed and plain:
            items.append(Attr("check", sql_call(check.expression)))
            continue
        check_items = [
            Attr("expr", sql_call(check.expression)),
            *common(check.comment, check.renamed_from),
        ]
        blocks.append(Block(f"check {quote_string(check.name)}", tuple(check_items), inline=1))
    items += [*common(domain.comment, domain.renamed_from), BLANK, *blocks]
    return Block(f"domain {quote_string(domain.name)}", tuple(items))


def composite_block(scope: Scope, here: str | None, composite: CompositeType) -> Block:
    what = f"type {where(here, composite.name)}"
    fields: list[Node] = []
    for field in composite.fields:
        field_items: list[Node] = []
        if field.collation is not None:
            collation = scope.collation(field.collation, here, what)
            if collation is not None:
                field_items.append(Attr("collation", collation))
        field_items += common(field.comment, field.renamed_from)
        head = f"field {quote_string(field.name)}"
        fields.append(
            Block(
                head,
                tuple(field_items),
                inline=99,
                bodyless=True,
                header=scope.type(field.type, here),
            )
        )
    items = [*common(composite.comment, composite.renamed_from), BLANK, *fields]
    return Block(f"type {quote_string(composite.name)}", tuple(items))


def sequence_block(scope: Scope, here: str | None, sequence: Sequence) -> Block:
    items: list[Node] = []
    if sequence.type != _BIGINT:
        items.append(Attr("type", scope.type(sequence.type, here)))
    items += sequence_options(sequence.options)
    if sequence.owned_by is not None:
        table, column = sequence.owned_by
        if table.schema != here or not scope.has(table, TABLES):
            scope.note(
                f"sequence {where(here, sequence.name)}: owned by {table}.{column}, not a table"
                " of its own schema"
            )
        else:
            items.append(Attr("owned_by", f"{scope.name(table.name)}.{scope.name(column)}"))
    items += common(sequence.comment, sequence.renamed_from)
    return Block(f"sequence {quote_string(sequence.name)}", tuple(items), inline=1)


def _arg(scope: Scope, here: str | None, what: str, arg: FunctionArg) -> Block:
    type_ = scope.type(arg.type, here)
    head = f"arg {quote_string(arg.name)}" if arg.name is not None else "arg"
    items: list[Node] = []
    if arg.mode is not ArgMode.IN:
        items.append(Attr("mode", arg.mode.value))
    if arg.default is not None:
        value = literal(arg.default)
        if value is None:
            scope.note(f"{what}: the default of argument {arg.name} ({arg.default})")
        else:
            items.append(Attr("default", value))
    return Block(head, tuple(items), inline=99, bodyless=True, header=type_)


def _returns(scope: Scope, here: str | None, returns: Returns) -> str | None:
    if returns.table:
        columns = ", ".join(f"{scope.name(n)} {scope.type(t, here)}" for n, t in returns.table)
        return f"table({columns})"
    if returns.type is None:
        return None
    return ("setof " if returns.setof else "") + scope.type(returns.type, here)


def _number(scope: Scope, what: str, name: str, value: str | None) -> list[Node]:
    if value is None:
        return []
    if value.startswith("-") or not NUMBER.fullmatch(value):
        scope.note(f"{what}: its {name} {value!r} is not a number the language can write")
        return []
    return [Attr(name, value)]


def _function_options(scope: Scope, what: str, function: Function) -> list[Node]:
    """What only a function (not a procedure) takes."""
    items: list[Node] = []
    if function.volatility is not Volatility.VOLATILE:
        items.append(Attr("volatility", function.volatility.value))
    items += flag("strict", function.strict)
    if function.security_definer:
        items.append(Attr("security", "definer"))
    items += flag("leakproof", function.leakproof)
    if function.parallel is not Parallel.UNSAFE:
        items.append(Attr("parallel", function.parallel.value))
    items += _number(scope, what, "cost", function.cost)
    items += _number(scope, what, "rows", function.rows)
    return items


def function_block(scope: Scope, here: str | None, function: Function) -> Block:
    procedure = function.kind is FunctionKind.PROCEDURE
    kind = "procedure" if procedure else "function"
    what = f"{kind} {where(here, function.name)}"
    items: list[Node] = [_arg(scope, here, what, a) for a in function.arguments]
    if procedure:
        if function.returns is not None:
            scope.note(f"{what}: a procedure returns nothing")
        plain = Function(
            name=function.name,
            kind=function.kind,
            arguments=function.arguments,
            returns=function.returns,
            language=function.language,
            body=function.body,
            security_definer=function.security_definer,
            config=function.config,
            comment=function.comment,
            renamed_from=function.renamed_from,
        )
        if plain != function:
            scope.note(f"{what}: volatility, strict, leakproof, parallel, cost or rows")
    else:
        returns = _returns(scope, here, function.returns) if function.returns else None
        if returns is None:
            scope.note(f"{what}: a function without a return type")
        else:
            items.append(Attr("returns", returns))
    if function.language != function.language.lower():
        scope.note(f"{what}: the language {function.language!r} (the checker folds it)")
    items.append(Attr("language", bare_or_string(function.language)))
    if procedure:
        items += [Attr("security", "definer")] if function.security_definer else []
    else:
        items += _function_options(scope, what, function)
    if function.config:
        entries = ", ".join(f"{bare_or_string(k)} = {quote_string(v)}" for k, v in function.config)
        items.append(Attr("set", "{ " + entries + " }"))
    items += [Attr("body", text(function.body)), *common(function.comment, function.renamed_from)]
    return Block(f"{kind} {quote_string(function.name)}", tuple(items))


def extension_block(scope: Scope, extension: Extension) -> Block:
    items: list[Node] = []
    schema = extension.schema
    if schema is not None:
        if schema in scope.schemas or schema in BUILTIN_SCHEMAS:
            items.append(Attr("schema", scope.name(schema)))
        else:
            scope.note(f"extension {extension.name}: its schema {schema} is not written")
    if extension.version is not None:
        items.append(Attr("version", quote_string(extension.version)))
    items += common(extension.comment, None)
    return Block(f"extension {quote_string(extension.name)}", tuple(items))
