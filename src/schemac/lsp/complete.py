"""Completion by context: what may be written where the cursor stands.

Block kinds where a block may start, the attributes of the enclosing block, the
enclosing table's columns in its keys and indexes, tables after `references =`,
columns after `table.`, types in type position, enum values in a column's default,
and the words an attribute takes.
"""

from __future__ import annotations

from lsprotocol import types

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.inheritance import all_columns
from schemac.check.scope import namespaces_for
from schemac.check.spec import BLOCKS, FILE, BlockSpec, Header, ValueKind
from schemac.dialects.postgres.tables import ALIASES, SERIALS, SPELLINGS
from schemac.lsp.scan import Scan, path_before
from schemac.syntax.printer import quote_name, quote_string

__all__ = ["complete"]

Kind = types.CompletionItemKind
_COLUMN_LISTS = frozenset(
    (ValueKind.COLUMNS, ValueKind.INDEX_ON, ValueKind.EXCLUDE_ON, ValueKind.PARTITION_BY)
)
_RELATION_REFS = frozenset((ValueKind.REF, ValueKind.REFS, ValueKind.FK_TARGET, ValueKind.GRANT_ON))
_ACTIONS = ("no_action", "restrict", "cascade", "set_null", "set_default")
_EVENTS = ("insert", "update", "delete", "truncate")


def _builtin_types() -> list[str]:
    names = {SPELLINGS.get(canonical, canonical) for canonical in set(ALIASES.values())}
    return sorted(names | set(SERIALS))


_BUILTIN_TYPES = _builtin_types()


def complete(scan: Scan, ctx: Context | None) -> list[types.CompletionItem]:
    if scan.quiet:
        return []
    schema_frame = scan.block("schema")
    schema = schema_frame.label if schema_frame is not None else None
    frame = scan.blocks[-1] if scan.blocks else None
    spec = BLOCKS.get(frame.kind) if frame is not None else FILE
    if spec is None:
        return []
    names = _Names(ctx, schema)
    if scan.in_string:
        return _in_string(scan, spec, names)
    tokens = scan.tokens
    path = path_before(tokens)
    if path is not None:
        return names.members(path)
    attribute = scan.attribute
    if scan.brackets:
        return _in_brackets(scan, spec, attribute, names)
    if not tokens:
        return _item_start(spec, frame.attributes if frame is not None else set())
    if attribute is not None and len(tokens) == 2:
        return _value(scan, spec, attribute, names)
    if (
        len(tokens) == 2
        and tokens[1].startswith('"')
        and (kind_spec := BLOCKS.get(tokens[0])) is not None
        and kind_spec.header is Header.REQUIRED
    ):
        return names.type_names()
    return []


def _item_start(spec: BlockSpec, present: set[str]) -> list[types.CompletionItem]:
    items = [
        types.CompletionItem(
            label=kind,
            kind=Kind.Keyword,
            detail="block",
            documentation=BLOCKS[kind].doc,
        )
        for kind in spec.blocks
        if kind in BLOCKS
    ]
    items += [
        types.CompletionItem(
            label=name,
            kind=Kind.Property,
            detail=f"attribute: {attr.kind.value}",
            documentation=attr.doc,
            insert_text=f"{name} = ",
        )
        for name, attr in spec.attrs.items()
        if name not in present  # an attribute is set once
    ]
    return items


def _value(
    scan: Scan, spec: BlockSpec, attribute: str, names: _Names
) -> list[types.CompletionItem]:
    attr = spec.attrs.get(attribute)
    if attr is None:
        return []
    if attr.choices:
        return _words(attr.choices, Kind.EnumMember)
    kind = attr.kind
    if kind is ValueKind.BOOL:
        return _words(("true", "false"), Kind.Keyword)
    if kind is ValueKind.TYPE:
        return names.type_names()
    if kind is ValueKind.ACTION:
        return _words(_ACTIONS, Kind.EnumMember)
    if kind is ValueKind.CALL:
        return names.functions()
    if kind is ValueKind.COLUMN_REF or kind in _RELATION_REFS:
        return names.relations()
    if kind is ValueKind.DEFAULT:
        items = names.enum_values(scan)
        items.append(
            types.CompletionItem(
                label='sql("…")',
                kind=Kind.Snippet,
                insert_text='sql("$1")',
                insert_text_format=types.InsertTextFormat.Snippet,
            )
        )
        return items
    return []


def _in_brackets(
    scan: Scan, spec: BlockSpec, attribute: str | None, names: _Names
) -> list[types.CompletionItem]:
    callee = scan.brackets[-1].callee
    table = names.table(callee) if callee else None
    if table is not None:  # `references = authors(|`
        return names.columns_of(table)
    attr = spec.attrs.get(attribute) if attribute is not None else None
    if attr is None:
        return []
    if attr.kind in _COLUMN_LISTS or (attr.kind is ValueKind.EVENTS and callee):
        return names.columns_of(names.enclosing_table(scan))
    if attr.kind is ValueKind.EVENTS:
        return _words(_EVENTS, Kind.Event)
    if attr.kind in _RELATION_REFS:
        return names.relations()
    if attr.choices:
        return _words(attr.choices, Kind.EnumMember)
    return []


def _in_string(scan: Scan, spec: BlockSpec, names: _Names) -> list[types.CompletionItem]:
    attribute = scan.attribute
    attr = spec.attrs.get(attribute) if attribute is not None else None
    if attr is not None and attr.kind is ValueKind.DEFAULT:
        return [
            types.CompletionItem(label=v.value, kind=Kind.EnumMember, insert_text=v.value)
            for v in names.enum_for(scan)
        ]
    return []


def _words(words: tuple[str, ...], kind: types.CompletionItemKind) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=w, kind=kind) for w in words]


class _Names:
    """The names in scope at the cursor, from the last analysis of the schema."""

    def __init__(self, ctx: Context | None, schema: str | None) -> None:
        self.ctx = ctx
        self.schema = schema

    def _spaces(self) -> list[tuple[str | None, Namespace]]:
        if self.ctx is None:
            return []
        return namespaces_for(self.ctx, self.schema)

    def _schema(self, name: str) -> Namespace | None:
        if self.ctx is None:
            return None
        symbols = self.ctx.schemas.get(name)
        return symbols.namespace if symbols is not None else None

    def schemas(self) -> list[types.CompletionItem]:
        if self.ctx is None:
            return []
        return [
            types.CompletionItem(label=quote_name(s), kind=Kind.Module, detail="schema")
            for s in self.ctx.schemas
            if s is not None
        ]

    def type_names(self) -> list[types.CompletionItem]:
        items = [
            types.CompletionItem(label=name, kind=Kind.TypeParameter, detail="built-in type")
            for name in _BUILTIN_TYPES
        ]
        for _, ns in self._spaces():
            for kind, table in (
                ("enum", ns.enums),
                ("domain", ns.domains),
                ("type", ns.composites),
            ):
                items += [
                    types.CompletionItem(label=quote_name(n), kind=Kind.Enum, detail=kind)
                    for n in table
                ]
        return items + self.schemas()

    def relations(self) -> list[types.CompletionItem]:
        items = []
        for _, ns in self._spaces():
            items += _objects(ns)
        return items + self.schemas()

    def functions(self) -> list[types.CompletionItem]:
        return [
            types.CompletionItem(label=quote_name(n) + "()", kind=Kind.Function, detail="function")
            for _, ns in self._spaces()
            for n in ns.functions
        ]

    def table(self, path: list[str]) -> d.TableDecl | None:
        if len(path) == 2:
            ns = self._schema(path[0])
            return ns.tables.get(path[1]) if ns is not None else None
        if len(path) == 1:
            for _, ns in self._spaces():
                if path[0] in ns.tables:
                    return ns.tables[path[0]]
        return None

    def columns_of(self, table: d.TableDecl | None) -> list[types.CompletionItem]:
        if table is None or self.ctx is None:
            return []
        return [
            types.CompletionItem(
                label=quote_name(c.name.value),
                kind=Kind.Field,
                detail=c.type.span.text,
                documentation=c.comment.value if c.comment is not None else None,
            )
            for c in all_columns(self.ctx, table)
        ]

    def members(self, path: list[str]) -> list[types.CompletionItem]:
        """After `a.`: a table's columns, or a schema's objects; after `s.t.`, columns."""
        table = self.table(path)
        if table is not None:
            return self.columns_of(table)
        ns = self._schema(path[0]) if len(path) == 1 else None
        return _objects(ns) if ns is not None else []

    def enclosing_table(self, scan: Scan) -> d.TableDecl | None:
        frame = scan.block("table")
        if frame is None or frame.label is None:
            return None
        path = [frame.label] if self.schema is None else [self.schema, frame.label]
        return self.table(path)

    def enum_for(self, scan: Scan) -> tuple[d.Text, ...]:
        frame = scan.block("column")
        if frame is None:
            return ()
        words = [w.strip("`") for w in frame.header if w not in (".", "?", "[]")]
        if not words:
            return ()
        if len(words) == 2:
            ns = self._schema(words[0])
            enum = ns.enums.get(words[1]) if ns is not None else None
        else:
            enum = next(
                (ns.enums[words[0]] for _, ns in self._spaces() if words[0] in ns.enums), None
            )
        return enum.values if enum is not None else ()

    def enum_values(self, scan: Scan) -> list[types.CompletionItem]:
        return [
            types.CompletionItem(
                label=quote_string(v.value), kind=Kind.EnumMember, detail="enum value"
            )
            for v in self.enum_for(scan)
        ]


def _objects(ns: Namespace) -> list[types.CompletionItem]:
    items = []
    for detail, table, kind in (
        ("table", ns.tables, Kind.Class),
        ("view", ns.views, Kind.Interface),
        ("materialized view", ns.matviews, Kind.Interface),
        ("sequence", ns.sequences, Kind.Variable),
        ("enum", ns.enums, Kind.Enum),
        ("domain", ns.domains, Kind.TypeParameter),
        ("type", ns.composites, Kind.Struct),
        ("function", ns.functions, Kind.Function),
    ):
        items += [
            types.CompletionItem(label=quote_name(n), kind=kind, detail=detail) for n in table
        ]
    return items
