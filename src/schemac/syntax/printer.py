"""The canonical printer behind `schemac fmt`: one layout for every tree, comments kept.

Layout rules: two-space indentation; one item per line; a run of attributes aligns its
`=`; a run of one-line blocks of one kind (columns, partitions, ...) aligns labels,
types and bodies; one blank line at most where the source had any; lists, calls and
objects stay on one line unless the source broke them, and then take one element per
line with a trailing comma; bodies stay on one line only if they were and hold
nothing but attributes. Comments stay where they were: before an item, after it on
its line, or at the end of a block; a comment inside an item moves before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from schemac.source import Span, display_width
from schemac.syntax import ast

__all__ = [
    "Line",
    "align_lines",
    "format_expr",
    "format_file",
    "format_heredoc",
    "quote_name",
    "quote_string",
]

_BARE = re.compile(r"[^\W\d][\w$]*")
_KEYWORDS = frozenset(("true", "false", "null"))
_INDENT = "  "


_NAMES: dict[str, str] = {}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def format_heredoc(value: str, tag: str, *, strip: bool, indent: int) -> str:
    """A heredoc decoding to ``value``, from its opener to its closing tag, at ``indent``."""
    lines = value.split("\n") if value else []
    if strip:  # `<<-` removes the common indentation: the body is indented with the block
        pad = _INDENT * (indent + 1)
        lines = [pad + line if line else "" for line in lines]
    body = "".join(line + "\n" for line in lines)
    return f"<<{'-' if strip else ''}{tag}\n{body}{_INDENT * indent}{tag}"


def quote_name(name: str) -> str:
    """A name as written in source: bare when it can be, else in backticks."""
    quoted = _NAMES.get(name)
    if quoted is None:
        if _BARE.fullmatch(name) and name not in _KEYWORDS:
            quoted = name
        else:
            quoted = "`" + name.replace("`", "``") + "`"
        if len(_NAMES) < 100_000:
            _NAMES[name] = quoted
    return quoted


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def quote_string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def format_expr(expr: ast.Expr) -> str:
    """An expression on one line (heredocs aside), without comments."""
    return _Printer(None).expr(expr, 0)


def format_file(file: ast.File) -> str:
    """The canonical text of a file; parse(format_file(f)) equals f."""
    printer = _Printer(file)
    lines = printer.items(file.items, 0, 0, len(file.source.text))
    text = "\n".join(lines).rstrip("\n")
    return text + "\n" if text else ""


@dataclass(slots=True)
class Line:
    """One item's printed form, split so a run of similar items can be aligned."""

    head: str  # `name` of an attribute, `kind "label"` of a block
    middle: str  # ` = value` of an attribute, the type of a block
    tail: str  # a block's one-line body
    multiline: str | None  # the whole text when it spans lines
    kind: str  # "attr", or "block:<kind>"


class _Printer:
    def __init__(self, file: ast.File | None) -> None:
        self.text = file.source.text if file is not None else ""
        self.comments = list(file.comments) if file is not None else []
        self.used = [False] * len(self.comments)
        # Comments come in file order; lookups bisect their starts.
        self.starts = [c.span.start for c in self.comments]

    # -- comments --------------------------------------------------------------

    def _take(self, start: int, end: int) -> list[ast.Comment]:
        """Unprinted comments starting in [start, end), marked printed."""
        taken = []
        starts = self.starts
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and starts[i] < end:
            if not self.used[i]:
                self.used[i] = True
                taken.append(self.comments[i])
            i += 1
        return taken

    def _trailing(self, end: int, limit: int) -> ast.Comment | None:
        """A comment after ``end`` on the same line (before ``limit``)."""
        starts = self.starts
        i = bisect.bisect_left(starts, end)
        while i < len(starts) and starts[i] < limit:
            if not self.used[i]:
                if "\n" in self.text[end : starts[i]]:
                    return None
                self.used[i] = True
                return self.comments[i]
            i += 1
        return None

    def _blank_between(self, start: int, end: int) -> bool:
        """Whether the source has an empty line between two offsets."""
        gap = self.text[start:end]
        return re.search(r"\n[ \t\r]*\n", gap) is not None

    def _comment_lines(self, comment: ast.Comment, indent: int) -> list[str]:
        # The first line takes the indentation; the other lines of a /* */ comment are
        # kept as written, so printing twice gives the same text.
        first, *rest = comment.text.split("\n")
        return [_INDENT * indent + first, *rest]

    # -- items -----------------------------------------------------------------

    def _has_comment(self, start: int, end: int) -> bool:
        starts = self.starts
        i = bisect.bisect_right(starts, start)
        while i < len(starts) and starts[i] < end:
            if not self.used[i]:
                return True
            i += 1
        return False

    def items(
        self, items: tuple[ast.Item | ast.Entry, ...], indent: int, start: int, end: int
    ) -> list[str]:
        """Lines for the items of a body, file or object spanning [start, end)."""
        out: list[str] = []
        pad = _INDENT * indent
        cursor = start
        # A run of similar one-line items, aligned together; comment lines between
        # them ride along as plain strings.
        group: list[tuple[Line, str] | str] = []

        def flush() -> None:
            out.extend(self._aligned(group, pad))
            group.clear()

        def kind_of_group() -> str | None:
            first = next((g for g in group if not isinstance(g, str)), None)
            return first[0].kind if first is not None else None

        for item in items:
            leading = self._take(cursor, item.span.start)
            blank = bool(out or group) and self._blank_between(
                cursor, leading[0].span.start if leading else item.span.start
            )
            if blank:
                flush()
                out.append("")
            previous = cursor
            for comment in leading:
                if (out or group) and self._blank_between(previous, comment.span.start):
                    flush()
                    if out and out[-1] != "":
                        out.append("")
                group.extend(self._comment_lines(comment, indent))
                previous = comment.span.end
            if leading and self._blank_between(previous, item.span.start):
                flush()
                out.append("")
            line = self._item(item, indent)
            hoisted = self._take(item.span.start, item.span.end)
            for comment in hoisted:
                group.extend(self._comment_lines(comment, indent))
            trailing = self._trailing(item.span.end, end)
            cursor = trailing.span.end if trailing is not None else item.span.end
            suffix = " " + trailing.text if trailing is not None else ""
            current = kind_of_group()
            joins = line.multiline is None or line.kind == "attr"
            if not joins or (current is not None and current != line.kind):
                # Keep the comments just before this item with it.
                moved: list[str] = []
                while group and isinstance(group[-1], str):
                    moved.insert(0, group.pop())  # type: ignore[arg-type]
                flush()
                group.extend(moved)
            group.append((line, suffix))
            if line.multiline is not None:
                flush()
        flush()
        dangling = self._take(cursor, end)
        if dangling:
            if out and self._blank_between(cursor, dangling[0].span.start):
                out.append("")
            for comment in dangling:
                out.extend(self._comment_lines(comment, indent))
        return out

    def _aligned(self, group: list[tuple[Line, str] | str], pad: str) -> list[str]:
        return align_lines(group, pad)

    @staticmethod
    def _join(head: str, middle: str, tail: str) -> str:
        if middle.startswith(" ="):
            return head + middle
        return " ".join(part for part in (head, middle, tail) if part)

    def _item(self, item: ast.Item | ast.Entry, indent: int) -> Line:
        if not isinstance(item, ast.Block):
            value = self.expr(item.value, indent)
            head = self._key(item) if isinstance(item, ast.Entry) else quote_name(item.name.name)
            multiline = f"{head} = {value}" if "\n" in value else None
            return Line(head, f" = {value}", "", multiline, "attr")
        head = quote_name(item.kind.name)
        if item.label is not None:
            head += " " + quote_string(item.label.value)
        middle = self.expr(item.header, indent) if item.header is not None else ""
        kind = "block:" + item.kind.name
        if item.body is None:
            return Line(head, middle, "", None, kind)
        body = self._body(item.body, indent)
        if "\n" in body or "\n" in middle:
            return Line(head, middle, body, self._join(head, middle, body), kind)
        return Line(head, middle, body, None, kind)

    def _body(self, body: ast.Body, indent: int) -> str:
        start, end = body.span.start, body.span.end
        inner = self.text[start + 1 : end - 1]
        has_comment = self._has_comment(start, end)
        if not body.items and not has_comment:
            return "{}"
        one_line = (
            "\n" not in inner
            and not has_comment
            and all(isinstance(item, ast.Attribute) for item in body.items)
        )
        if one_line:
            parts = [self._item(item, indent) for item in body.items]
            if all(part.multiline is None for part in parts):
                return "{ " + ", ".join(p.head + p.middle for p in parts) + " }"
        # A comment on the line of the `{`, before any item, stays on that line.
        opener = "{"
        first = body.items[0].span.start if body.items else end
        on_brace_line = self._trailing(start + 1, first)
        if on_brace_line is not None:
            opener += " " + on_brace_line.text
        lines = self.items(body.items, indent + 1, start + 1, end - 1)
        if not lines:
            return opener + "\n" + _INDENT * indent + "}"
        return opener + "\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"

    # -- expressions -----------------------------------------------------------

    def expr(self, expr: ast.Expr, indent: int) -> str:
        if isinstance(expr, ast.Path):
            return ".".join(quote_name(part.name) for part in expr.parts)
        if isinstance(expr, ast.StringLit):
            return quote_string(expr.value)
        if isinstance(expr, ast.NumberLit):
            return expr.text
        if isinstance(expr, ast.BoolLit):
            return "true" if expr.value else "false"
        if isinstance(expr, ast.NullLit):
            return "null"
        if isinstance(expr, ast.Heredoc):
            return format_heredoc(expr.value, expr.tag, strip=expr.strip, indent=indent)
        if isinstance(expr, ast.Call):
            callee = self.expr(expr.callee, indent)
            return callee + self._sequence("()", expr.args, expr.span, indent)
        if isinstance(expr, ast.ListExpr):
            return self._sequence("[]", expr.items, expr.span, indent)
        if isinstance(expr, ast.ObjectExpr):
            return self._object(expr, indent)
        if isinstance(expr, ast.Phrase):
            return " ".join(self.expr(term, indent) for term in expr.terms)
        if isinstance(expr, ast.ArrayOf):
            return self.expr(expr.element, indent) + f"[{expr.size or ''}]"
        if isinstance(expr, ast.Nullable):
            return self.expr(expr.inner, indent) + "?"
        raise AssertionError(f"unknown expression {expr!r}")

    def _broken(self, open_at: int, close_at: int, elements: tuple[ast.Node, ...]) -> bool:
        """Whether the source put a line break between brackets and elements."""
        cursor = open_at + 1
        for element in elements:
            if "\n" in self.text[cursor : element.span.start]:
                return True
            cursor = element.span.end
        return "\n" in self.text[cursor:close_at]

    def _sequence(
        self, brackets: str, elements: tuple[ast.Expr, ...], span: Span, indent: int
    ) -> str:
        """A list (``brackets`` "[]") or call arguments ("()")."""
        opener, closer = brackets[0], brackets[1]
        start, end = span.start, span.end
        # For a call, the opening bracket follows the callee.
        open_at = self.text.find(opener, start, end) if self.text else -1
        close_at = end - 1
        if open_at < 0 or not (
            self._broken(open_at, close_at, elements) or self._has_comment(open_at, end)
        ):
            inner = ", ".join(self.expr(e, indent) for e in elements)
            return f"{opener}{inner}{closer}"
        return self._multiline_sequence(brackets, elements, (open_at, close_at), indent)

    def _multiline_sequence(
        self,
        brackets: str,
        elements: tuple[ast.Expr, ...],
        bounds: tuple[int, int],
        indent: int,
    ) -> str:
        opener, closer = brackets[0], brackets[1]
        open_at, close_at = bounds
        pad = _INDENT * (indent + 1)
        lines = [opener]
        cursor = open_at + 1
        for element in elements:
            for comment in self._take(cursor, element.span.start):
                lines.extend(self._comment_lines(comment, indent + 1))
            text = self.expr(element, indent + 1)
            hoisted = self._take(element.span.start, element.span.end)
            for comment in hoisted:
                lines.extend(self._comment_lines(comment, indent + 1))
            after = element.span.end
            comma = self.text.find(",", after, close_at)
            if comma >= 0 and "\n" not in self.text[after:comma]:
                after = comma + 1
            trailing = self._trailing(after, close_at)
            suffix = " " + trailing.text if trailing is not None else ""
            lines.append(pad + text + "," + suffix)
            cursor = trailing.span.end if trailing is not None else after
        for comment in self._take(cursor, close_at):
            lines.extend(self._comment_lines(comment, indent + 1))
        lines.append(_INDENT * indent + closer)
        return "\n".join(lines)

    def _object(self, obj: ast.ObjectExpr, indent: int) -> str:
        start, end = obj.span.start, obj.span.end
        if not obj.entries and not self._has_comment(start, end):
            return "{}"
        broken = self._broken(start, end - 1, obj.entries) if self.text else False
        if not broken and not self._has_comment(start, end):
            return "{ " + ", ".join(self._entry(e, indent) for e in obj.entries) + " }"
        lines = self.items(obj.entries, indent + 1, start + 1, end - 1)
        return "{\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"

    def _key(self, entry: ast.Entry) -> str:
        key = entry.key
        if isinstance(key, ast.StringLit):
            return quote_string(key.value)
        return quote_name(key.name)

    def _entry(self, entry: ast.Entry, indent: int) -> str:
        return f"{self._key(entry)} = {self.expr(entry.value, indent)}"


def align_lines(group: list[tuple[Line, str] | str], pad: str) -> list[str]:
    """A run of similar one-line items, aligned; plain strings (comments) ride along.

    Each entry is a line and its trailing comment (""), or a line of text kept as is.
    Heads align, `=` of attributes align, and the types of blocks with a body align.
    """
    lines = [entry[0] for entry in group if not isinstance(entry, str)]
    if not lines:
        return [entry for entry in group if isinstance(entry, str)]
    head_width = max(display_width(line.head) for line in lines)
    # Types align across the lines that have a body after them.
    middle_width = max(
        (display_width(line.middle) for line in lines if line.tail and line.kind != "attr"),
        default=0,
    )
    # Each entry as (text, trailing comment); comments of consecutive lines align.
    rendered: list[tuple[str, str] | str] = []
    for entry in group:
        if isinstance(entry, str):
            rendered.append(entry)
            continue
        line, suffix = entry
        head = line.head + " " * (head_width - display_width(line.head))
        if line.multiline is not None:
            # Inner lines carry their own (absolute) indentation.
            text = line.multiline
            if line.kind == "attr":
                text = head + text[len(line.head) :]
            rendered.append(pad + text + suffix)
            continue
        if line.kind == "attr":
            rendered.append((f"{pad}{head}{line.middle}", suffix))
            continue
        parts = [head]
        if line.tail:
            if middle_width:
                parts.append(line.middle + " " * (middle_width - display_width(line.middle)))
            parts.append(line.tail)
        elif line.middle:
            parts.append(line.middle)
        rendered.append((pad + " ".join(parts).rstrip(), suffix))
    return _align_comments(rendered)


def _align_comments(rendered: list[tuple[str, str] | str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(rendered):
        entry = rendered[i]
        if isinstance(entry, str) or not entry[1]:
            out.append(entry if isinstance(entry, str) else entry[0])
            i += 1
            continue
        run: list[tuple[str, str]] = []
        while i < len(rendered):
            item = rendered[i]
            if isinstance(item, str) or not item[1]:
                break
            run.append(item)
            i += 1
        width = max(display_width(text) for text, _ in run)
        out.extend(text + " " * (width - display_width(text)) + comment for text, comment in run)
    return out
