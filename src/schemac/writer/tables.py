"""Tables as blocks: columns, keys, constraints, indexes, partitions, triggers and policies.

A constraint or index is written without its name (as a column shorthand, or an
unlabelled block) only when the checker would choose exactly that name for it
(check/symbols.py): the base candidate, not taken by a relation of the schema. Every
other name is written out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

# The tables the checker reads (the trigger functions an unqualified name reaches before
# the user's, and what an exclusion operator may be), so the two cannot drift apart.
from schemac.dialects.postgres.tables import (
    BUILTIN_TRIGGER_FUNCTIONS,
    EXTENSION_TRIGGER_FUNCTIONS,
    OPERATOR,
    POSTGRES_TABLES,
    SYSTEM_SCHEMA,
)
from schemac.ir.model import (
    CheckConstraint,
    Column,
    ExclusionConstraint,
    ForEach,
    ForeignKey,
    FunctionKind,
    Identity,
    Index,
    IndexCopy,
    IndexElement,
    IndexMethod,
    Literal,
    MatchType,
    ObjectName,
    ObjectPath,
    Partition,
    Partitioning,
    PartitionKey,
    Policy,
    PolicyCommand,
    ReferentialAction,
    RowSecurity,
    SequenceOptions,
    SqlExpr,
    Table,
    Trigger,
    TriggerTiming,
    UniqueConstraint,
)
from schemac.ir.naming import choose_name, expression_column_name, join_columns, unique_names
from schemac.syntax.printer import quote_string
from schemac.writer.layout import BLANK, Attr, Block, Node, Seq
from schemac.writer.scope import FK_TARGETS, FUNCTIONS, TABLES, Scope, where
from schemac.writer.values import bare_or_string, literal, name_list, sql_call, text

T = TypeVar("T")

__all__ = [
    "common",
    "flag",
    "index_block",
    "sequence_options",
    "table_block",
    "trigger_block",
]

_TIMINGS = {
    TriggerTiming.BEFORE: "before",
    TriggerTiming.AFTER: "after",
    TriggerTiming.INSTEAD_OF: "instead_of",
}
_BOUNDS = ("MINVALUE", "MAXVALUE")


def common(comment: str | None, renamed_from: str | None) -> list[Node]:
    """The `comment` and `renamed_from` most objects take."""
    out: list[Node] = []
    if comment is not None:
        out.append(Attr("comment", text(comment, "EOT")))
    if renamed_from is not None:
        out.append(Attr("renamed_from", quote_string(renamed_from)))
    return out


def flag(name: str, value: bool) -> list[Node]:
    """`name = true` when set: false is the default of every flag written this way."""
    return [Attr(name, "true")] if value else []


def _deferral(scope: Scope, what: str, deferrable: bool, initially_deferred: bool) -> list[Node]:
    if initially_deferred and not deferrable:
        scope.note(f"{what}: initially deferred but not deferrable (the language implies both)")
    return [*flag("deferrable", deferrable), *flag("initially_deferred", initially_deferred)]


def sequence_options(options: SequenceOptions) -> list[Node]:
    out: list[Node] = []
    for name in ("start", "increment", "min_value", "max_value", "cache"):
        value = getattr(options, name)
        if value is not None:
            out.append(Attr(name, str(value)))
    return out + flag("cycle", options.cycle)


def _columns(scope: Scope, columns: tuple[str, ...]) -> Seq:
    return Seq("[", tuple(scope.name(c) for c in columns), "]")


def _element_part(element: IndexElement) -> str:
    """What PostgreSQL calls an index column when choosing a name for the index."""
    if element.column is not None:
        return element.column
    if element.expression is not None:
        return expression_column_name(element.expression.text)
    return "expr"


def _element(scope: Scope, here: str | None, element: IndexElement, what: str) -> str:
    if element.column is not None:
        parts = [scope.name(element.column)]
    elif element.expression is not None:
        parts = [f"sql({quote_string(element.expression.text)})"]
    else:
        scope.note(f"{what}: an element with neither a column nor an expression")
        parts = ['sql("NULL")']
    if element.collation is not None:
        collation = scope.collation(element.collation, here, what)
        if collation is not None:
            parts.append(f"collate({collation})")
    if element.opclass is not None:
        parts.append(f"opclass({bare_or_string(element.opclass)})")
    if element.descending:
        parts.append("desc")
    if element.nulls is not None:
        parts.append(f"nulls {element.nulls.value}")
    return " ".join(parts)


def _using(method: IndexMethod) -> list[Node]:
    return [Attr("using", method.value)] if method is not IndexMethod.BTREE else []


def _where(where_: SqlExpr | None) -> list[Node]:
    return [Attr("where", sql_call(where_))] if where_ is not None else []


def _include(scope: Scope, include: tuple[str, ...]) -> list[Node]:
    return [Attr("include", _columns(scope, include))] if include else []


class _Names:
    """Whether the checker would give an unnamed constraint or index the name it has."""

    def __init__(self, scope: Scope, here: str | None) -> None:
        self.relations: Mapping[str, int] = scope.relation_counts.get(here) or {}

    def index(self, name: str, owner: str, elements: list[IndexElement], label: str) -> bool:
        """Indexes and the keys behind one: `t_a_b_idx`, `t_a_excl`, ..."""
        parts = unique_names([_element_part(e) for e in elements])
        chosen = choose_name(owner, join_columns(parts), label)
        return name == chosen and self.relations.get(name, 0) == 1

    def key(self, name: str, owner: str, columns: tuple[str, ...] | None, label: str) -> bool:
        """Primary keys and unique constraints (whose index takes the name)."""
        chosen = choose_name(owner, join_columns(list(columns)) if columns else None, label)
        return name == chosen and self.relations.get(name, 0) == 1

    def constraint(self, name: str, owner: str, second: str | None, label: str) -> bool:
        """Foreign keys and checks: a relation of that name would make the checker pick another."""
        return name == choose_name(owner, second, label) and self.relations.get(name, 0) == 0


def index_block(
    scope: Scope, here: str | None, owner: str, index: Index, *, schema: str | None = None
) -> Block:
    """An index of a table, materialized view or partition named ``owner``.

    It is written in schema block ``here``; ``schema`` is where it is, when elsewhere (a
    partition's own schema).
    """
    home = here if schema is None else schema
    what = f"index {where(home, index.name)}"
    short = _Names(scope, home).index(index.name, owner, list(index.elements), "idx")
    items: list[Node] = [
        Attr("on", Seq("[", tuple(_element(scope, here, e, what) for e in index.elements), "]")),
        *flag("unique", index.unique),
    ]
    if not index.nulls_distinct:
        items.append(Attr("nulls_distinct", "false"))
    items += [
        *_using(index.method),
        *_where(index.where),
        *_include(scope, index.include),
        *common(index.comment, index.renamed_from),
    ]
    label = "" if short else " " + quote_string(index.name)
    return Block("index" + label, tuple(items), inline=1)


def _trigger_function(scope: Scope, here: str | None, function: ObjectName) -> str | None:
    if function.schema == SYSTEM_SCHEMA:
        name = scope.name(function.name)
        return name if function.name in BUILTIN_TRIGGER_FUNCTIONS else f"{SYSTEM_SCHEMA}.{name}"
    exists = any(f.kind is FunctionKind.FUNCTION for f in scope.functions(function))
    extension = EXTENSION_TRIGGER_FUNCTIONS.get(function.name)
    if extension is not None and extension in scope.extensions:
        owner = scope.extensions[extension].schema or POSTGRES_TABLES.extension_schema
        if function.schema == owner:
            return scope.name(function.name)
    elif function.name not in BUILTIN_TRIGGER_FUNCTIONS:
        return scope.reference(here, function, FUNCTIONS) if exists else None
    # Unqualified, the name would reach PostgreSQL's or an extension's function.
    if function.schema is None or not exists:
        return None
    return f"{scope.name(function.schema)}.{scope.name(function.name)}"


def trigger_block(scope: Scope, here: str | None, owner: str, trigger: Trigger) -> Block | None:
    what = f"trigger {trigger.name} on {where(here, owner)}"
    function = _trigger_function(scope, here, trigger.function)
    if function is None:
        scope.note(f"{what}: its function {trigger.function} cannot be referred to")
        return None
    events = []
    for event in trigger.events:
        word = event.kind.value
        if event.columns:
            word += "(" + ", ".join(scope.name(c) for c in event.columns) + ")"
        events.append(word)
    items: list[Node] = [Attr(_TIMINGS[trigger.timing], Seq("[", tuple(events), "]"))]
    if trigger.for_each is ForEach.ROW:
        items.append(Attr("each", "row"))
    if trigger.when is not None:
        items.append(Attr("when", sql_call(trigger.when)))
    arguments = ", ".join(quote_string(a) for a in trigger.arguments)
    items.append(Attr("execute", f"{function}({arguments})"))
    for name, value in (("old_table", trigger.old_table), ("new_table", trigger.new_table)):
        if value is not None:
            items.append(Attr(name, quote_string(value)))
    items += [
        *flag("constraint", trigger.constraint),
        *_deferral(scope, what, trigger.deferrable, trigger.initially_deferred),
        *common(trigger.comment, trigger.renamed_from),
    ]
    return Block(f"trigger {quote_string(trigger.name)}", tuple(items))


def _policy(scope: Scope, owner: str, policy: Policy) -> Block:
    items: list[Node] = [*flag("restrictive", not policy.permissive)]
    if policy.command is not PolicyCommand.ALL:
        items.append(Attr("for", policy.command.value))
    if not policy.roles:
        scope.note(f"policy {policy.name} on {owner}: no roles (the language reads none as public)")
    elif policy.roles != ("public",):
        items.append(Attr("to", name_list(policy.roles)))
    if policy.using is not None:
        items.append(Attr("using", sql_call(policy.using)))
    if policy.with_check is not None:
        items.append(Attr("with_check", sql_call(policy.with_check)))
    items += common(policy.comment, policy.renamed_from)
    return Block(f"policy {quote_string(policy.name)}", tuple(items))


def _key_element(scope: Scope, here: str | None, key: PartitionKey, what: str) -> str:
    element = IndexElement(
        column=key.column, expression=key.expression, opclass=key.opclass, collation=key.collation
    )
    return _element(scope, here, element, what)


def _partition_by(scope: Scope, here: str | None, partitioning: Partitioning, what: str) -> Attr:
    keys = ", ".join(_key_element(scope, here, k, what) for k in partitioning.keys)
    return Attr("partition_by", f"{partitioning.strategy.value}({keys})")


def _bound(value: Literal | SqlExpr) -> str | None:
    if isinstance(value, SqlExpr):
        return value.text.lower() if value.text in _BOUNDS else None
    return literal(value) if value.kind != "array" else None


def _partition_schema(partition: Partition, parent: str | None, scope: Scope) -> list[Node]:
    """`schema = name` for a partition in another schema than its parent's."""
    if partition.schema is None or partition.schema == parent:
        return []
    return [Attr("schema", scope.name(partition.schema))]


def _copy_block(scope: Scope, copy: IndexCopy) -> Block:
    """A partition's copy of an index above it, under its own name."""
    items: list[Node] = [Attr("of", scope.name(copy.of)), *common(copy.comment, None)]
    return Block(f"index {quote_string(copy.name)}", tuple(items), inline=1)


def _partition(
    scope: Scope, here: str | None, partition: Partition, parent: str | None
) -> Block | None:
    """A partition, written in schema block ``here``; ``parent`` is its parent's schema.

    None when it cannot be written: in a schema not written (it would land in its
    parent's), or with bounds the language lacks.
    """
    own = partition.schema_in(parent)
    what = f"partition {where(own, partition.name)}"
    if own not in scope.schemas:
        scope.note(f"{what}: its schema is not written")
        return None
    bound = partition.bound
    items: list[Node] = [
        *_partition_schema(partition, parent, scope),
        *flag("default", bound.is_default),
    ]
    for name, values in (("from", bound.from_values), ("to", bound.to_values)):
        if values:
            written = [_bound(v) for v in values]
            if any(w is None for w in written):
                scope.note(f"{what}: a bound the language cannot write ({values})")
                return None
            shown = [w for w in written if w is not None]
            items.append(Attr(name, shown[0] if len(shown) == 1 else Seq("[", tuple(shown), "]")))
    if bound.in_values:
        written = [_bound(v) for v in bound.in_values]
        if any(w is None for w in written):
            scope.note(f"{what}: a value the language cannot write ({bound.in_values})")
            return None
        items.append(Attr("in", Seq("[", tuple(w for w in written if w is not None), "]")))
    for name, number in (("modulus", bound.modulus), ("remainder", bound.remainder)):
        if number is not None:
            items.append(Attr(name, str(number)))
    if partition.partitioning is not None:
        items.append(_partition_by(scope, here, partition.partitioning, what))
    items += common(partition.comment, partition.renamed_from)
    items += [BLANK]
    for index in partition.indexes:
        path = ObjectPath(kind="index", schema=own, parent=partition.name, name=index.name)
        items.append(scope.about(path, index_block, scope, here, partition.name, index, schema=own))
    items += [BLANK, *(_copy_block(scope, c) for c in partition.copies)]
    children = [_partition(scope, here, p, own) for p in partition.partitions]
    items += [BLANK, *(c for c in children if c is not None)]
    return Block(f"partition {quote_string(partition.name)}", tuple(items), inline=99)


def _identity(identity: Identity) -> Node:
    word = "always" if identity.always else "by_default"
    options = sequence_options(identity.options)
    if not options:
        return Attr("identity", word)
    generated: list[Node] = [] if identity.always else [Attr("generated", word)]
    return Block("identity", (*generated, *options))


class _TableWriter:
    """One table: constraints first, since some become attributes of their column."""

    def __init__(self, scope: Scope, here: str | None, table: Table) -> None:
        self.scope = scope
        self.here = here
        self.table = table
        self.names = _Names(scope, here)
        self.what = f"table {where(here, table.name)}"
        self.on_column: dict[str, list[Node]] = {c.name: [] for c in table.columns}
        self.table_attrs: list[Node] = []

    def _shorthand(self, column: str, attr: str) -> bool:
        """Whether ``column`` can take the shorthand ``attr`` (once per column)."""
        taken = self.on_column.get(column)
        return taken is not None and all(
            not (isinstance(a, Attr) and a.name == attr) for a in taken
        )

    def _label(self, short: bool, name: str) -> str:
        return "" if short else " " + quote_string(name)

    def primary_key(self) -> list[Node]:
        pk = self.table.primary_key
        if pk is None:
            return []
        short = self.names.key(pk.name, self.table.name, None, "pkey")
        plain = not (pk.include or pk.deferrable or pk.initially_deferred)
        if short and plain and pk.comment is None and pk.renamed_from is None:
            self.table_attrs.append(Attr("primary_key", _columns(self.scope, pk.columns)))
            return []
        items = [
            Attr("columns", _columns(self.scope, pk.columns)),
            *_include(self.scope, pk.include),
            *_deferral(self.scope, self.what, pk.deferrable, pk.initially_deferred),
            *common(pk.comment, pk.renamed_from),
        ]
        return [Block("primary_key" + self._label(short, pk.name), tuple(items), inline=1)]

    def unique(self, unique: UniqueConstraint) -> list[Node]:
        short = self.names.key(unique.name, self.table.name, unique.columns, "key")
        plain = unique.nulls_distinct and not (
            unique.include or unique.deferrable or unique.initially_deferred
        )
        plain = plain and unique.comment is None and unique.renamed_from is None
        if short and plain and len(unique.columns) == 1:
            column = unique.columns[0]
            if self._shorthand(column, "unique"):
                self.on_column[column].append(Attr("unique", "true"))
                return []
        items: list[Node] = [Attr("columns", _columns(self.scope, unique.columns))]
        if not unique.nulls_distinct:
            items.append(Attr("nulls_distinct", "false"))
        items += [
            *_include(self.scope, unique.include),
            *_deferral(self.scope, self.what, unique.deferrable, unique.initially_deferred),
            *common(unique.comment, unique.renamed_from),
        ]
        return [Block("unique" + self._label(short, unique.name), tuple(items), inline=1)]

    def _action(self, action: ReferentialAction, columns: tuple[str, ...]) -> str:
        word = action.name.lower()
        if not columns:
            return word
        if action not in (ReferentialAction.SET_NULL, ReferentialAction.SET_DEFAULT):
            self.scope.note(f"{self.what}: columns for `{word}`, which takes none")
            return word
        return f"{word}(" + ", ".join(self.scope.name(c) for c in columns) + ")"

    def foreign_key(self, fk: ForeignKey) -> list[Node]:
        target = self.scope.reference(self.here, fk.references, FK_TARGETS)
        if target is None or not self.scope.has(fk.references, FK_TARGETS):
            self.scope.note(
                f"{self.what}: foreign key {fk.name} references {fk.references},"
                " which cannot be referred to"
            )
            return []
        second = join_columns(list(fk.columns))
        short = self.names.constraint(fk.name, self.table.name, second or None, "fkey")
        actions: list[Node] = []
        if fk.on_delete is not ReferentialAction.NO_ACTION or fk.on_delete_columns:
            actions.append(Attr("on_delete", self._action(fk.on_delete, fk.on_delete_columns)))
        if fk.on_update is not ReferentialAction.NO_ACTION:
            actions.append(Attr("on_update", self._action(fk.on_update, ())))
        plain = not (fk.on_delete_columns or fk.deferrable or fk.initially_deferred)
        plain = plain and fk.match is MatchType.SIMPLE and len(fk.columns) == 1
        plain = plain and len(fk.ref_columns) == 1
        if short and plain and fk.comment is None and fk.renamed_from is None:
            column = fk.columns[0]
            if self._shorthand(column, "references"):
                ref = f"{target}.{self.scope.name(fk.ref_columns[0])}"
                self.on_column[column] += [Attr("references", ref), *actions]
                return []
        ref_columns = ", ".join(self.scope.name(c) for c in fk.ref_columns)
        items: list[Node] = [
            Attr("columns", _columns(self.scope, fk.columns)),
            Attr("references", f"{target}({ref_columns})"),
            *actions,
        ]
        if fk.match is not MatchType.SIMPLE:
            items.append(Attr("match", fk.match.value))
        items += [
            *_deferral(self.scope, self.what, fk.deferrable, fk.initially_deferred),
            *common(fk.comment, fk.renamed_from),
        ]
        return [Block("foreign_key" + self._label(short, fk.name), tuple(items), inline=1)]

    def check(self, check: CheckConstraint) -> list[Node]:
        plain = not check.no_inherit and check.comment is None and check.renamed_from is None
        if plain:
            for column in self.table.columns:
                if self.names.constraint(
                    check.name, self.table.name, column.name, "check"
                ) and self._shorthand(column.name, "check"):
                    self.on_column[column.name].append(Attr("check", sql_call(check.expression)))
                    return []
        items = [
            Attr("expr", sql_call(check.expression)),
            *flag("no_inherit", check.no_inherit),
            *common(check.comment, check.renamed_from),
        ]
        return [Block(f"check {quote_string(check.name)}", tuple(items), inline=1)]

    def exclusion(self, exclusion: ExclusionConstraint) -> list[Node]:
        elements = [e.element for e in exclusion.elements]
        short = self.names.index(exclusion.name, self.table.name, elements, "excl")
        for element in exclusion.elements:
            if not OPERATOR.match(element.operator):
                self.scope.note(
                    f"{self.what}: the operator {element.operator!r} of {exclusion.name}"
                )
        scope, here, what = self.scope, self.here, self.what
        on = tuple(
            f"{_element(scope, here, e.element, what)} with {quote_string(e.operator)}"
            for e in exclusion.elements
        )
        items = [
            Attr("on", Seq("[", on, "]")),
            *_using(exclusion.method),
            *_where(exclusion.where),
            *_include(self.scope, exclusion.include),
            *_deferral(self.scope, self.what, exclusion.deferrable, exclusion.initially_deferred),
            *common(exclusion.comment, exclusion.renamed_from),
        ]
        return [Block("exclude" + self._label(short, exclusion.name), tuple(items), inline=1)]

    def column(self, column: Column) -> Block:
        nullable = "?" if column.nullable else ""
        head = f"column {quote_string(column.name)}"
        type_ = self.scope.type(column.type, self.here)
        items: list[Node] = []
        if column.identity is not None:
            items.append(_identity(column.identity))
        if column.default is not None:
            value = literal(column.default)
            if value is None:
                self.scope.note(f"{self.what}: the default of {column.name} ({column.default})")
            else:
                items.append(Attr("default", value))
        if column.generated is not None:
            items.append(Attr("generated", sql_call(column.generated)))
        if column.collation is not None:
            collation = self.scope.collation(column.collation, self.here, self.what)
            if collation is not None:
                items.append(Attr("collation", collation))
        items += self.on_column[column.name]
        items += common(column.comment, column.renamed_from)
        return Block(head, tuple(items), inline=99, bodyless=True, header=type_ + nullable)

    def inherits(self) -> list[Node]:
        parents = []
        for parent in self.table.inherits:
            written = self.scope.reference(self.here, parent, TABLES)
            if written is None or not self.scope.has(parent, TABLES):
                self.scope.note(f"{self.what}: it inherits from {parent}, which cannot be named")
            else:
                parents.append(written)
        return [Attr("inherits", Seq("[", tuple(parents), "]"))] if parents else []

    def _each(self, kind: str, write: Callable[[Any], T], objects: Sequence[Any]) -> list[T]:
        """``write`` for each inner object of the table, its notes being about that object."""
        return self.scope.each(kind, self.here, self.table.name, write, objects)

    def block(self) -> Block:
        table = self.table
        scope, here = self.scope, self.here
        pk = (table.primary_key,) if table.primary_key is not None else ()
        groups: list[list[Node]] = [
            [n for ns in self._each("primary key", lambda _: self.primary_key(), pk) for n in ns]
        ]
        groups.append(
            [n for ns in self._each("unique constraint", self.unique, table.uniques) for n in ns]
        )
        groups.append(
            [
                n
                for ns in self._each("foreign key", self.foreign_key, table.foreign_keys)
                for n in ns
            ]
        )
        groups.append(
            [n for ns in self._each("check constraint", self.check, table.checks) for n in ns]
        )
        groups.append(
            [
                n
                for ns in self._each("exclusion constraint", self.exclusion, table.exclusions)
                for n in ns
            ]
        )
        groups.append(
            self._each("index", partial(index_block, scope, here, table.name), table.indexes)
        )
        partitions = self._each(
            "partition", lambda p: _partition(scope, here, p, here), table.partitions
        )
        groups.append([p for p in partitions if p is not None])
        triggers = self._each(
            "trigger", partial(trigger_block, scope, here, table.name), table.triggers
        )
        groups.append([t for t in triggers if t is not None])
        groups.append(self._each("policy", partial(_policy, scope, self.what), table.policies))
        if table.partitioning is not None:
            self.table_attrs.append(
                _partition_by(self.scope, self.here, table.partitioning, self.what)
            )
        if table.row_security is not RowSecurity.DISABLED:
            self.table_attrs.append(Attr("row_level_security", table.row_security.value))
        items: list[Node] = [
            *common(table.comment, table.renamed_from),
            *flag("unlogged", table.unlogged),
            *self.inherits(),
            BLANK,
            *self._each("column", self.column, table.columns),
            *self.table_attrs,
        ]
        for group in groups:
            items += [BLANK, *group]
        return Block(f"table {quote_string(table.name)}", tuple(items))


def table_block(scope: Scope, here: str | None, table: Table) -> Block:
    return _TableWriter(scope, here, table).block()
