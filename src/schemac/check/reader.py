"""A block checked against its spec: label, type, attributes and child blocks."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.spec import BLOCKS, FILE, Attr, BlockSpec, Header, LabelRule, ValueKind
from schemac.check.values import read_type, read_value
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean
from schemac.source import Span
from schemac.syntax import ast
from schemac.syntax.printer import format_expr, quote_string

__all__ = ["BlockReader", "head_span", "where"]

T = TypeVar("T")

_EXAMPLES = {
    ValueKind.STRING: '"..."',
    ValueKind.SQL: 'sql("...")',
    ValueKind.COLUMNS: "[column]",
    ValueKind.FK_TARGET: "table(column)",
    ValueKind.INDEX_ON: "[column]",
    ValueKind.EXCLUDE_ON: '[column with "="]',
    ValueKind.STRINGS: '["a", "b"]',
    ValueKind.NAMES: "[name]",
    ValueKind.TYPE: "text",
    ValueKind.RETURNS: "integer",
    ValueKind.NAME: "plpgsql",
    ValueKind.CALL: "function_name()",
    ValueKind.PRIVILEGES: "[select]",
    ValueKind.GRANT_ON: "[table_name]",
}

_LABEL_EXAMPLES = {
    "column": 'column "name" text',
    "field": 'field "name" text',
    "arg": 'arg "name" integer',
}


def where(spec: BlockSpec) -> str:
    if spec is FILE:
        return "at the top level"
    return f"in {_article(spec.kind)} `{spec.kind}`"


def head_span(block: ast.Block) -> Span:
    """`kind "label"`: what a message about the whole block points at."""
    end = block.label.span if block.label is not None else block.kind.span
    return block.kind.span.to(end)


def _parents(kind: str) -> str:
    """Where a kind of block may stand, in words."""
    places = [
        f"in {_article(spec.kind)} `{spec.kind}`" for spec in BLOCKS.values() if kind in spec.blocks
    ]
    if kind in FILE.blocks:
        places.insert(0, "at the top level")
    if len(places) > 2:
        return ", ".join(places[:-1]) + " or " + places[-1]
    return " or ".join(places)


# The required attributes of each spec, worked out once: every block is checked for
# them. Keyed by identity (specs hold dicts, so they do not hash), the spec kept
# alive beside its names so that its id is never reused.
_REQUIRED: dict[int, tuple[BlockSpec, tuple[str, ...]]] = {}


def _required(spec: BlockSpec) -> tuple[str, ...]:
    found = _REQUIRED.get(id(spec))
    if found is None:
        names = tuple(name for name, attr in spec.attrs.items() if attr.required)
        found = _REQUIRED[id(spec)] = (spec, names)
    return found[1]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _shown(expr: ast.Expr) -> str:
    """A value as the user meant it: `true` written as a type is the keyword, not a name."""
    if isinstance(expr, ast.Path) and len(expr.parts) == 1:
        return expr.parts[0].name
    return format_expr(expr)


class BlockReader:
    """Validates one block (or a file) against a spec and reads its attributes."""

    __slots__ = ("_spans", "_unknown", "_values", "block", "blocks", "ctx", "spec")

    def __init__(
        self, ctx: Context, spec: BlockSpec, block: ast.Block | None, items: tuple[ast.Item, ...]
    ) -> None:
        self.ctx = ctx
        self.spec = spec
        self.block = block
        self._values: dict[str, object] = {}
        self._spans: dict[str, Span] = {}
        self._unknown: list[str] = []  # unknown attributes, already reported
        self.blocks: list[tuple[BlockSpec, ast.Block]] = []
        if block is not None:
            self._check_head(block)
        for item in items:
            if isinstance(item, ast.Attribute):
                self._attribute(item)
            else:
                self._child(item)
        if block is not None:
            self._check_required(block)

    def _check_required(self, block: ast.Block) -> None:
        """Report missing required attributes, unless already explained.

        A misspelt attribute (reported as unknown) or a syntax error inside the block
        (which dropped an item) is the likelier cause; saying both would say it twice.
        """
        for name in _required(self.spec):
            self.require(name)

    def require(self, name: str) -> None:
        """Report the attribute missing unless given (or a typo or syntax error explains it)."""
        block = self.block
        if block is None or name in self._spans:
            return
        if did_you_mean(name, self._unknown) or self.ctx.syntax_error_within(block.span):
            return
        example = _EXAMPLES.get(self.spec.attrs[name].kind, "...")
        what = f"`{self.spec.kind}`"
        if block.label is not None:
            what += f" {quote_string(block.label.value)}"
        self.ctx.emit(cat.missing_attribute(head_span(block), name, what, example))

    # -- validation ------------------------------------------------------------

    def _check_head(self, block: ast.Block) -> None:
        spec = self.spec
        # `table users { }`: the name was written as a type; that one report suffices.
        bare_name = (
            spec.header is Header.NONE
            and block.label is None
            and isinstance(block.header, ast.Path)
            and len(block.header.parts) == 1
        )
        if spec.label is LabelRule.REQUIRED and block.label is None and not bare_name:
            example = _LABEL_EXAMPLES.get(spec.kind, f'{spec.kind} "name" {{ ... }}')
            self.ctx.emit(cat.missing_label(block.kind.span, spec.kind, example))
        elif spec.label is LabelRule.NONE and block.label is not None:
            self.ctx.emit(cat.unexpected_label(block.label.span, spec.kind))
        if spec.header is Header.REQUIRED and block.header is None:
            label = quote_string(block.label.value) if block.label is not None else ""
            example = f"{spec.kind} {label} text".replace("  ", " ")
            self.ctx.emit(cat.missing_type(head_span(block), spec.kind, example))
        elif spec.header is Header.NONE and block.header is not None:
            header = block.header
            help = None
            if isinstance(header, ast.Path) and len(header.parts) == 1 and block.label is None:
                help = f"names are strings: `{spec.kind} {quote_string(header.parts[0].name)}`"
            self.ctx.emit(cat.unexpected_type(header.span, spec.kind, help))

    def _attribute(self, item: ast.Attribute) -> None:
        name = item.name.name
        spec = self.spec
        attr = spec.attrs.get(name)
        if attr is None:
            help: str | None
            if name in spec.blocks:
                help = f'`{name}` is a block: `{name} "name" {{ ... }}`'
            else:
                help = did_you_mean(name, spec.attrs)
                if help is None and spec.attrs:
                    help = "known here: " + ", ".join(f"`{a}`" for a in spec.attrs)
            self._unknown.append(name)
            self.ctx.emit(cat.unknown_attribute(item.name.span, name, where(spec), help))
            return
        first = self._spans.get(name)
        if first is not None:
            self.ctx.emit(cat.duplicate_attribute(item.name.span, first, name))
            return
        self._spans[name] = item.name.span
        if attr.choices_from is not None:
            attr = replace(attr, choices=attr.choices_from(self.ctx.target))
        value = read_value(self.ctx.sink, name, attr, item.value)
        if value is not None:
            self._values[name] = value

    def _child(self, block: ast.Block) -> None:
        kind = block.kind.name
        spec = self.spec
        child = BLOCKS.get(kind)
        span = block.kind.span
        attr = spec.attrs.get(kind)
        if attr is not None and block.body is None and block.header is not None:
            # `unlogged true`, `identity always`: an attribute missing its `=`.
            self.ctx.emit(
                cat.missing_equals_in_block(
                    head_span(block).to(block.header.span), kind, _shown(block.header)
                )
            )
            return
        if child is not None and kind in spec.blocks:
            self.blocks.append((child, block))
            return
        if block.label is not None:
            self.ctx.unrecognized.add(block.label.value)
        if attr is not None and block.body is None and block.label is not None:
            self.ctx.emit(
                cat.missing_equals_in_block(head_span(block), kind, quote_string(block.label.value))
            )
            return
        if child is not None:
            self.ctx.emit(cat.misplaced_block(span, kind, where(spec), _parents(kind)))
            return
        help = did_you_mean(kind, spec.blocks)
        if help is None and spec.blocks:
            help = "blocks here: " + ", ".join(f"`{b}`" for b in spec.blocks)
        self.ctx.emit(cat.unknown_block_kind(span, kind, where(spec), help))

    # -- reading ---------------------------------------------------------------

    def _get(self, name: str, kind: type[T]) -> T | None:
        value = self._values.get(name)
        if value is None:
            return None
        assert isinstance(value, kind), (name, value)
        return value

    def has(self, name: str) -> bool:
        return name in self._spans

    def span_of(self, name: str) -> Span | None:
        """Where the attribute's name was written, if it was."""
        return self._spans.get(name)

    def label(self) -> d.Text | None:
        label = self.block.label if self.block is not None else None
        return d.Text(label.value, label.span) if label is not None else None

    def name(self) -> d.Text:
        """The block's label; a missing one (already reported) reads as empty."""
        label = self.label()
        if label is not None:
            return label
        assert self.block is not None
        return d.Text("", self.block.kind.span)

    def header_type(self, nullable_ok: bool) -> d.TypeExprDecl | None:
        if self.block is None or self.block.header is None:
            return None
        return read_type(self.ctx.sink, self.block.header, self.spec.kind, nullable_ok)

    def text(self, name: str) -> d.Text | None:
        return self._get(name, d.Text)

    def int(self, name: str) -> d.Int | None:
        return self._get(name, d.Int)

    def sql(self, name: str) -> d.Sql | None:
        return self._get(name, d.Sql)

    def ref(self, name: str) -> d.Ref | None:
        return self._get(name, d.Ref)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._get(name, tuple)
        return bool(value[0]) if value is not None else default

    def flag_span(self, name: str) -> Span | None:
        """Where `name = true` was written (None when absent or false)."""
        value = self._get(name, tuple)
        return value[1] if value is not None and value[0] else None

    def refs(self, name: str) -> tuple[d.Ref, ...]:
        return self._get(name, tuple) or ()

    def texts(self, name: str) -> tuple[d.Text, ...]:
        return self._get(name, tuple) or ()

    def value(self, name: str, kind: type[T]) -> T | None:
        return self._get(name, kind)

    def default(self, name: str) -> d.DefaultDecl | None:
        value = self._values.get(name)
        assert value is None or isinstance(value, d.LiteralValue | d.Sql)
        return value

    def attr(self, name: str) -> Attr:
        return self.spec.attrs[name]
