"""Blocks and attributes as a small tree, rendered straight to the canonical layout.

The layout is `schemac fmt`'s: runs of similar one-line items are aligned by the
formatter's own `align_lines`, so the text needs no second pass through the parser and
the formatter (which took most of the time for a large database); the writer's tests
check that formatting the text changes nothing.
"""

from __future__ import annotations

from schemac.records import record
from schemac.source import display_width
from schemac.syntax.printer import Line, align_lines, format_heredoc

__all__ = ["BLANK", "Attr", "Blank", "Block", "Doc", "Node", "Seq", "canonical", "render"]

# Bodies and lists longer than this break over lines; the formatter keeps what we choose.
WIDTH = 100
_INDENT = "  "


@record(kw_only=False)
class Doc:
    """A heredoc: ``text`` decodes exactly from `<<TAG` (``strip`` False) or `<<-TAG`."""

    text: str
    tag: str
    strip: bool


@record(kw_only=False)
class Seq:
    """A list or a call's arguments, `[a, b]`: one line, or one item per line when long."""

    opener: str  # "[" or "name("
    items: tuple[str, ...]
    closer: str

    @property
    def flat(self) -> str:
        return self.opener + ", ".join(self.items) + self.closer


Value = str | Doc | Seq


@record(kw_only=False)
class Attr:
    name: str
    value: Value


@record(kw_only=False)
class Block:
    """`head { items }`. ``inline``: how many attributes may share the head's line."""

    head: str  # `kind "label"`
    items: tuple[Node, ...] = ()
    inline: int = 0
    bodyless: bool = False  # columns, fields, args: no braces when there is nothing inside
    header: str = ""  # the type after the label (columns, fields, args)


@record(kw_only=False)
class Blank:
    """A blank line between groups of items."""


BLANK = Blank()
Node = Attr | Block | Blank


def _flat(value: Value) -> str | None:
    if isinstance(value, Doc):
        return None
    return value.flat if isinstance(value, Seq) else value


def _value(value: Value, indent: int, head_len: int) -> str:
    if isinstance(value, Doc):
        return format_heredoc(value.text, value.tag, strip=value.strip, indent=indent)
    if isinstance(value, Seq):
        if head_len + len(value.flat) <= WIDTH or len(value.items) < 2:
            return value.flat
        inner = _INDENT * (indent + 1)
        lines = [value.opener, *(f"{inner}{item}," for item in value.items)]
        return "\n".join(lines) + "\n" + _INDENT * indent + value.closer
    return value


def _attr_line(attr: Attr, indent: int) -> Line:
    text = _value(attr.value, indent, len(_INDENT * indent) + len(attr.name) + 3)
    multiline = f"{attr.name} = {text}" if "\n" in text else None
    return Line(attr.name, f" = {text}", "", multiline, "attr")


def _body(block: Block, indent: int) -> str:
    if not block.items:  # most columns
        return "" if block.bodyless else "{}"
    content = [item for item in block.items if not isinstance(item, Blank)]
    if not content:
        return "" if block.bodyless else "{}"
    attrs = [item for item in content if isinstance(item, Attr)]
    if len(attrs) == len(content) and len(attrs) <= block.inline:
        flats = [_flat(a.value) for a in attrs]
        if all(flat is not None for flat in flats):
            parts = ", ".join(f"{a.name} = {flat}" for a, flat in zip(attrs, flats, strict=True))
            middle = f" {block.header}" if block.header else ""
            line = f"{_INDENT * indent}{block.head}{middle} {{ {parts} }}"
            if len(line) <= WIDTH:
                return f"{{ {parts} }}"
    lines = render(block.items, indent + 1)
    return "{\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"


def _block_line(block: Block, indent: int) -> Line:
    kind = "block:" + block.head.split(" ", 1)[0]
    body = _body(block, indent)
    if "\n" in body:
        joined = " ".join(part for part in (block.head, block.header, body) if part)
        return Line(block.head, block.header, body, joined, kind)
    return Line(block.head, block.header, body, None, kind)


def _aligned(group: list[Line], pad: str) -> list[str]:
    """``align_lines`` of a run of lines; a run of one, the most common, needs no widths."""
    if len(group) != 1:
        return align_lines([(line, "") for line in group], pad)
    line = group[0]
    if line.multiline is not None:
        return [pad + line.multiline]
    if line.kind == "attr":
        return [pad + line.head + line.middle]
    parts = [line.head]
    if line.tail:
        if line.middle and display_width(line.middle):
            parts.append(line.middle)
        parts.append(line.tail)
    elif line.middle:
        parts.append(line.middle)
    return [(pad + " ".join(parts)).rstrip()]


def render(nodes: tuple[Node, ...] | list[Node], indent: int = 0) -> list[str]:
    """The lines of a body in the canonical layout.

    Blank lines only between items, never two in a row; a run of one-line items of one
    kind (attributes, or blocks of one kind) is aligned, as the formatter aligns it.
    """
    out: list[str] = []
    pad = _INDENT * indent
    group: list[Line] = []
    kind: str | None = None
    pending_blank = False
    for node in nodes:
        if isinstance(node, Blank):
            pending_blank = bool(out or group)
            continue
        if pending_blank:
            out.extend(_aligned(group, pad))
            group, kind = [], None
            out.append("")
            pending_blank = False
        line = _attr_line(node, indent) if isinstance(node, Attr) else _block_line(node, indent)
        joins = line.multiline is None or line.kind == "attr"
        if not joins or (kind is not None and kind != line.kind):
            out.extend(_aligned(group, pad))
            group, kind = [], None
        group.append(line)
        kind = line.kind
        if line.multiline is not None:
            out.extend(_aligned(group, pad))
            group, kind = [], None
    out.extend(_aligned(group, pad))
    return out


def canonical(nodes: tuple[Node, ...] | list[Node]) -> str:
    """The nodes as a file in `schemac fmt`'s layout (what `fmt --check` accepts)."""
    text = "\n".join(render(nodes)).rstrip("\n")
    return text + "\n" if text else ""
