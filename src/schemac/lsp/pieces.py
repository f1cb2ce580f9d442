"""A big file in pieces, so that a change re-parses only the piece it falls in.

A piece is a top-level item, or an item of a top-level `schema` block, on lines of its
own; a `schema` block's own lines (its head, attributes and closing brace, with its
items' lines left blank) are a piece too, its skeleton. Each piece is parsed and
shaped as a file of its own (its `SourceFile.first_line` says where it stands), so
diagnostics and names map back to the document by line. Where the text cannot be cut
so (an item sharing a line with another, unbalanced braces), there are no pieces and
the file is parsed whole.
"""

from __future__ import annotations

import re

from schemac.check import Options, Shaped, collector_off, shape_file
from schemac.source import SourceFile
from schemac.syntax.parser import ParseResult, parse

__all__ = ["Piece", "cut", "edit_region", "items_in", "skeleton_text"]

_HEREDOC = re.compile(r"<<(-?)([A-Za-z_]\w*)[ \t]*\r?\n")
_SCHEMA = re.compile(r"schema\b")
_BLANK = re.compile(r"[ \t\r]*")
_STRING_BODY = re.compile(r'(?:[^"\\\n]|\\[^\n])*')
_PLAIN = re.compile(r'[^\n \t\r#/"<{}\[\]()]*')
_ATTRIBUTE = re.compile(r"(?:[^\W\d][\w$]*|`[^`\n]*`)[ \t]*=")

Range = tuple[int, int]


class Piece:
    """Lines ``start``..``end`` (offsets in the document, ``end`` after a line break)."""

    __slots__ = ("end", "parsed", "schema", "shaped", "skeleton", "source", "start")

    def __init__(
        self,
        name: str,
        text: str,
        *,
        start: int,
        first_line: int,
        schema: str | None,
        options: Options,
        end: int | None = None,
        skeleton: bool = False,
    ) -> None:
        """``end`` defaults to where ``text`` ends; a skeleton's, with blank lines, is later."""
        self.start = start
        self.end = start + len(text) if end is None else end
        self.schema = schema
        self.skeleton = skeleton
        self.source = SourceFile(name, text)
        self.source.first_line = first_line
        # An item of a schema block stands one level deep (for the nesting limit).
        self.parsed: ParseResult = parse(self.source, depth=0 if schema is None else 1)
        self.shaped: Shaped = shape_file(
            self.parsed.file, self.parsed.diagnostics, options, in_schema=schema
        )

    def shift(self, offset: int, lines: int) -> None:
        self.start += offset
        self.end += offset
        self.source.first_line += lines


Item = tuple[int, int, Range | None, bool]


def items_in(text: str, lo: int = 0, hi: int | None = None) -> list[Item] | None:
    """The items between ``lo`` and ``hi`` (the end) at brace depth 0, each on whole lines.

    Each is (start of its first line, end of its last line, its braces' inside when
    it is a `schema` block, whether it is an attribute). None when the region cannot
    be cut so.
    """
    if hi is None:
        hi = len(text)
    items: list[Item] = []
    attribute = False
    i = lo
    depth = brackets = 0
    start: int | None = None
    body: Range | None = None
    body_lo = -1
    is_schema = False
    while i < hi:
        ch = text[i]
        if ch == "\n":
            if start is not None and depth == 0 and brackets == 0:
                items.append((start, i + 1, body if is_schema else None, attribute))
                start, body = None, None
            i += 1
            continue
        if ch in " \t\r":
            i = _BLANK.match(text, i, hi).end()  # type: ignore[union-attr]
            continue
        if ch == "#" or text.startswith("//", i):
            end = text.find("\n", i, hi)
            i = hi if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2, hi)
            if end < 0:
                return None
            i = end + 2
            continue
        if start is None:
            line_start = text.rfind("\n", 0, i) + 1
            if depth != 0 or brackets != 0 or text[line_start:i].strip():
                return None  # an item must start its line
            start = line_start
            is_schema = _SCHEMA.match(text, i) is not None
            attribute = _ATTRIBUTE.match(text, i) is not None
        if ch == '"':
            j = _STRING_BODY.match(text, i + 1, hi).end()  # type: ignore[union-attr]
            i = j + 1 if j < hi and text[j] == '"' else j
        elif text.startswith("<<", i):
            match = _HEREDOC.match(text, i)
            if match is None:
                i += 2
                continue
            tag = re.compile(rf"^[ \t]*{re.escape(match.group(2))}[ \t]*\r?$", re.M)
            closing = tag.search(text, match.end(), hi)
            if closing is None:
                return None
            i = closing.end()
        elif ch == "{":
            depth += 1
            if depth == 1:
                body_lo = i + 1
            i += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                body = (body_lo, i)
            i += 1
        elif ch in "[(":
            brackets += 1
            i += 1
        elif ch in "])":
            brackets -= 1
            if brackets < 0:
                return None
            i += 1
        else:
            # A run of ordinary characters; at least one (a lone `/` or `<` is ordinary).
            i = max(i + 1, _PLAIN.match(text, i, hi).end())  # type: ignore[union-attr]
    if start is not None:
        if depth != 0 or brackets != 0 or hi != len(text):
            return None  # an item that does not end its line (or is never closed)
        items.append((start, hi, body if is_schema else None, attribute))
    return items


def cut(name: str, text: str, options: Options) -> list[Piece] | None:
    """The document's pieces, in order; None when it cannot be cut."""
    with collector_off():  # thousands of small trees, none with a cycle
        return _cut(name, text, options)


def _cut(name: str, text: str, options: Options) -> list[Piece] | None:
    top = items_in(text)
    if top is None:
        return None
    pieces: list[Piece] = []
    line = 0
    at = 0
    for start, end, body, _ in top:
        line += text.count("\n", at, start)
        at = start
        inside = items_in(text, body[0], body[1]) if body is not None else []
        if inside is None:
            return None
        # A schema's blocks are pieces; its attributes stay in its skeleton.
        children = [item for item in inside if not item[3]]
        if not children:
            pieces.append(
                Piece(
                    name,
                    text[start:end],
                    start=start,
                    first_line=line,
                    schema=None,
                    options=options,
                )
            )
            continue
        schema = _schema_name(text[start:end], name)
        if schema is None:
            return None
        pieces.append(
            Piece(
                name,
                skeleton_text(text, start, end, [(c[0], c[1]) for c in children]),
                start=start,
                end=end,
                first_line=line,
                schema=None,
                options=options,
                skeleton=True,
            )
        )
        for child_start, child_end, _, _ in children:
            child_line = line + text.count("\n", start, child_start)
            pieces.append(
                Piece(
                    name,
                    text[child_start:child_end],
                    start=child_start,
                    first_line=child_line,
                    schema=schema,
                    options=options,
                )
            )
    return pieces


def skeleton_text(text: str, start: int, end: int, items: list[Range]) -> str:
    """A schema block's text with its items' lines left blank (the lines stay)."""
    parts = []
    last = start
    for item_start, item_end in items:
        parts.append(text[last:item_start])
        parts.append("\n" * text.count("\n", item_start, item_end))
        last = item_end
    parts.append(text[last:end])
    return "".join(parts)


def _schema_name(block: str, name: str) -> str | None:
    head = block[: block.index("{") + 1] + "}"
    parsed = parse(SourceFile(name, head))
    items = parsed.file.items
    if not parsed.ok or len(items) != 1:
        return None
    label = getattr(items[0], "label", None)
    return label.value if label is not None else None


def edit_region(old: str, new: str) -> tuple[int, int, int]:
    """Where ``new`` differs from ``old``: (start, end in old, end in new)."""
    n = min(len(old), len(new))
    lo, hi = 0, n  # the common prefix is between lo and hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    limit = n - prefix
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid : len(old) - lo] == new[len(new) - mid : len(new) - lo]:
            lo = mid
        else:
            hi = mid - 1
    at, old_end, new_end = prefix, len(old) - lo, len(new) - lo
    # Lines put in (or taken out) after some indentation are the same change as the
    # whole lines put in at the line's start: slide it there, so it falls between pieces.
    if old_end == at:
        while at > 0 and new[at - 1] not in "\n" and new[at - 1] == new[new_end - 1]:
            at, old_end, new_end = at - 1, old_end - 1, new_end - 1
    elif new_end == at:
        while at > 0 and old[at - 1] not in "\n" and old[at - 1] == old[old_end - 1]:
            at, old_end, new_end = at - 1, old_end - 1, new_end - 1
    return at, old_end, new_end
