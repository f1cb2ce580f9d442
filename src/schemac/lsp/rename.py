"""Rename across the workspace, made safe to apply: the old name goes into `renamed_from`.

Every declaration and reference the checker resolved is renamed. The declaration
gains `renamed_from = "old"` (unless it already has one: that is the name the
database still has), so the migration renames the object instead of dropping it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from schemac.check import decls as d
from schemac.check.context import DECLARATION_LISTS, Context
from schemac.lsp.index import Index, SchemaTarget, Target
from schemac.source import Span
from schemac.syntax import ast
from schemac.syntax.printer import quote_name, quote_string

__all__ = ["Edit", "RenameError", "rename_edits", "sql_mentions"]


class RenameError(Exception):
    """A rename that cannot be made; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span  # an empty span inserts
    text: str


def rename_edits(
    index: Index, target: Target, new: str, files: dict[object, ast.File]
) -> list[Edit]:
    """The edits that rename ``target`` to ``new``; ``files`` maps each source to its tree."""
    if not new or "\n" in new:
        raise RenameError("a name must be one line and not empty")
    old = target.name if isinstance(target, SchemaTarget) else target.name.value
    if new == old:
        return []
    _check_free(index, target, new)
    occurrences = index.references(target)
    edits = [Edit(o.span, _spelled(o.span.text, new)) for o in occurrences]
    definitions = [o for o in occurrences if o.definition]
    if not _has_renamed_from(target, index) and definitions:
        first = min(definitions, key=lambda o: (o.span.file.name, o.span.start))
        block = _block_named(files.get(first.span.file), first.span)
        if block is not None:
            edits.append(_add_renamed_from(block, old))
    return edits


def _spelled(written: str, new: str) -> str:
    """The new name written as the old one was: a string label, or a bare or quoted name."""
    return quote_string(new) if written.startswith('"') else quote_name(new)


def _has_renamed_from(target: Target, index: Index) -> bool:
    if isinstance(target, SchemaTarget):
        return False
    return getattr(target, "renamed_from", None) is not None


def _check_free(index: Index, target: Target, new: str) -> None:
    if isinstance(target, d.ColumnDecl | d.FieldDecl):
        owner = index.owners.get(target)
        siblings = owner.columns if isinstance(owner, d.TableDecl) else getattr(owner, "fields", ())
        if any(c.name.value == new for c in siblings):
            raise RenameError(f"`{owner.name.value if owner else '?'}` already has `{new}`")
        return
    if isinstance(target, SchemaTarget):
        if any(isinstance(t, SchemaTarget) and t.name == new for t in index.by_target):
            raise RenameError(f"schema `{new}` already exists")
        return
    schema = index.schema_of.get(target)
    for other, other_schema in index.schema_of.items():
        if other is not target and other_schema == schema and other.name.value == new:  # type: ignore[attr-defined]
            raise RenameError(f"`{new}` is already declared in this schema")


def _blocks(items: tuple[ast.Item, ...]) -> Iterator[ast.Block]:
    for item in items:
        if isinstance(item, ast.Block):
            yield item
            yield from _blocks(item.items)


def _block_named(file: ast.File | None, label: Span) -> ast.Block | None:
    if file is None:
        return None
    for block in _blocks(file.items):
        if block.label is not None and block.label.span.start == label.start:
            return block
    return None


def _add_renamed_from(block: ast.Block, old: str) -> Edit:
    setting = f"renamed_from = {quote_string(old)}"
    source = block.span.file
    if block.body is None:
        return Edit(Span(block.span.end, block.span.end, source), f" {{ {setting} }}")
    body = block.body.span
    first_line = source.line_col(body.start)[0]
    last_line = source.line_col(body.end)[0]
    if first_line == last_line:
        if not block.body.items:
            return Edit(body, f"{{ {setting} }}")
        end = block.body.items[-1].span.end
        return Edit(Span(end, end, source), f", {setting}")
    # Several lines: a line of its own before the closing brace, indented as the items are.
    closing_line_start = source.line_start(last_line)
    indent = " " * (_indent(source.line_text(source.line_col(block.span.start)[0])) + 2)
    if block.body.items:
        indent = " " * _indent(source.line_text(source.line_col(block.body.items[0].span.start)[0]))
    return Edit(Span(closing_line_start, closing_line_start, source), f"{indent}{setting}\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def sql_mentions(ctx: Context, name: str) -> list[Span]:
    """SQL fragments (queries, bodies, checks, defaults, ...) in which ``name`` appears as a word.

    A rename does not change SQL text; these are the places to look at by hand.
    """
    word = re.compile(
        rf'(?<![\w$"]){re.escape(name)}(?![\w$])|"{re.escape(name.replace(chr(34), chr(34) * 2))}"',
        re.IGNORECASE if name == name.lower() else 0,
    )
    found = []
    for group in DECLARATION_LISTS:
        for decl in getattr(ctx, group):
            for sql in _sql_in(decl):
                if word.search(sql.text):
                    found.append(sql.span)
    return found


def _sql_in(value: object) -> Iterator[d.Sql]:
    if isinstance(value, d.Sql):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _sql_in(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type | d.Text | d.Ref):
        for f in dataclasses.fields(value):
            yield from _sql_in(getattr(value, f.name))
