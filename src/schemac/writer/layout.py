"""Blocks and attributes as a small tree, rendered to text and brought to the canonical layout."""

from __future__ import annotations

from dataclasses import dataclass

from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file

__all__ = ["BLANK", "Attr", "Blank", "Block", "Doc", "Node", "Seq", "canonical", "render"]

# Bodies and lists longer than this break over lines; the formatter keeps what we choose.
WIDTH = 100
_INDENT = "  "


@dataclass(frozen=True, slots=True)
class Doc:
    """A heredoc: ``text`` decodes exactly from `<<TAG` (``strip`` False) or `<<-TAG`."""

    text: str
    tag: str
    strip: bool


@dataclass(frozen=True, slots=True)
class Seq:
    """A list or a call's arguments, `[a, b]`: one line, or one item per line when long."""

    opener: str  # "[" or "name("
    items: tuple[str, ...]
    closer: str

    @property
    def flat(self) -> str:
        return self.opener + ", ".join(self.items) + self.closer


Value = str | Doc | Seq


@dataclass(frozen=True, slots=True)
class Attr:
    name: str
    value: Value


@dataclass(frozen=True, slots=True)
class Block:
    """`head { items }`. ``inline``: how many attributes may share the head's line."""

    head: str
    items: tuple[Node, ...] = ()
    inline: int = 0
    bodyless: bool = False  # columns, fields, args: no braces when there is nothing inside


@dataclass(frozen=True, slots=True)
class Blank:
    """A blank line between groups of items."""


BLANK = Blank()
Node = Attr | Block | Blank


def _flat(value: Value) -> str | None:
    if isinstance(value, Doc):
        return None
    return value.flat if isinstance(value, Seq) else value


def _doc(doc: Doc, indent: int) -> list[str]:
    """The heredoc's lines after its opener (which the caller puts on the attribute's line)."""
    lines = doc.text.split("\n")
    if doc.strip:
        pad = _INDENT * (indent + 1)
        lines = [pad + line if line else "" for line in lines]
    return [*lines, _INDENT * indent + doc.tag]


def _attr(attr: Attr, indent: int) -> list[str]:
    pad = _INDENT * indent
    head = f"{pad}{attr.name} = "
    value = attr.value
    if isinstance(value, Doc):
        return [f"{head}<<{'-' if value.strip else ''}{value.tag}", *_doc(value, indent)]
    if isinstance(value, Seq):
        flat = head + value.flat
        if len(flat) <= WIDTH or len(value.items) < 2:
            return [flat]
        inner = _INDENT * (indent + 1)
        return [
            head + value.opener,
            *(f"{inner}{item}," for item in value.items),
            pad + value.closer,
        ]
    return [head + value]


def _block(block: Block, indent: int) -> list[str]:
    pad = _INDENT * indent
    content = [item for item in block.items if not isinstance(item, Blank)]
    if not content:
        return [pad + block.head if block.bodyless else pad + block.head + " {}"]
    attrs = [item for item in content if isinstance(item, Attr)]
    if len(attrs) == len(content) and len(attrs) <= block.inline:
        flats = [_flat(a.value) for a in attrs]
        if all(flat is not None for flat in flats):
            parts = ", ".join(f"{a.name} = {flat}" for a, flat in zip(attrs, flats, strict=True))
            line = f"{pad}{block.head} {{ {parts} }}"
            if len(line) <= WIDTH:
                return [line]
    return [pad + block.head + " {", *render(block.items, indent + 1), pad + "}"]


def render(nodes: tuple[Node, ...] | list[Node], indent: int = 0) -> list[str]:
    """The lines of a body; blank lines only between items, never two in a row."""
    out: list[str] = []
    pending_blank = False
    for node in nodes:
        if isinstance(node, Blank):
            pending_blank = bool(out)
            continue
        if pending_blank:
            out.append("")
            pending_blank = False
        out.extend(_attr(node, indent) if isinstance(node, Attr) else _block(node, indent))
    return out


def canonical(nodes: tuple[Node, ...] | list[Node]) -> str:
    """The nodes as a file in `schemac fmt`'s layout (what `fmt --check` accepts)."""
    text = "\n".join(render(nodes)) + "\n"
    parsed = parse(SourceFile("<schemac writer>", text))
    # The writer builds every token itself: a syntax error here is a bug, not bad input.
    if parsed.diagnostics:
        raise AssertionError(f"the writer produced text that does not parse:\n{text}")
    return format_file(parsed.file)
