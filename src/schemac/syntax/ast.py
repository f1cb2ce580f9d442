"""The syntax tree: mirrors the grammar, every node has a span, nothing is resolved.

Spans do not take part in equality, so two parses of differently laid out text
compare equal when they say the same thing.
"""

from __future__ import annotations

from dataclasses import field

from schemac.records import record
from schemac.source import SourceFile, Span

__all__ = [
    "ArrayOf",
    "Attribute",
    "Block",
    "Body",
    "BoolLit",
    "Call",
    "Comment",
    "Entry",
    "Expr",
    "File",
    "Heredoc",
    "Ident",
    "Item",
    "ListExpr",
    "Node",
    "NullLit",
    "Nullable",
    "NumberLit",
    "ObjectExpr",
    "Path",
    "Phrase",
    "StringLit",
]


@record
class Node:
    span: Span = field(compare=False, repr=False)


@record
class Ident(Node):
    """A name: bare (`users`) or in backticks (`` `order items` ``)."""

    name: str


@record
class Path(Node):
    """Dotted names: `id`, `authors.id`, `blog.authors.id`."""

    parts: tuple[Ident, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts)

    @property
    def dotted(self) -> str:
        return ".".join(self.names)


@record
class StringLit(Node):
    """A double-quoted string; ``value`` has its escapes decoded."""

    value: str


@record
class Heredoc(Node):
    """`<<TAG` or `<<-TAG` text.

    ``value`` is the lines between the markers, without a final newline, and (for
    `<<-`) without their common indentation.
    """

    value: str
    tag: str
    strip: bool


@record
class NumberLit(Node):
    text: str


@record
class BoolLit(Node):
    value: bool


@record
class NullLit(Node):
    pass


@record
class ListExpr(Node):
    items: tuple[Expr, ...]


@record
class Entry(Node):
    key: Ident | StringLit
    value: Expr


@record
class ObjectExpr(Node):
    entries: tuple[Entry, ...]


@record
class Call(Node):
    """`sql("now()")`, `varchar(255)`, `authors(id)`, `update(status)`."""

    callee: Path
    args: tuple[Expr, ...]


@record
class Phrase(Node):
    """Two or more juxtaposed terms: `created_at desc nulls last`, `double precision`."""

    terms: tuple[Expr, ...]


@record
class ArrayOf(Node):
    """`T[]` (or `T[3]`; PostgreSQL ignores the size)."""

    element: Expr
    size: str | None = None


@record
class Nullable(Node):
    """`T?`: a nullable column type."""

    inner: Expr


Expr = (
    Path
    | Call
    | StringLit
    | Heredoc
    | NumberLit
    | BoolLit
    | NullLit
    | ListExpr
    | ObjectExpr
    | Phrase
    | ArrayOf
    | Nullable
)


@record
class Attribute(Node):
    name: Ident
    value: Expr


@record
class Body(Node):
    """The braces of a block and what stands between them."""

    items: tuple[Item, ...]


@record
class Block(Node):
    """`kind ["label"] [header] [{ body }]`; the header is a type expression."""

    kind: Ident
    label: StringLit | None
    header: Expr | None
    body: Body | None

    @property
    def items(self) -> tuple[Item, ...]:
        return self.body.items if self.body is not None else ()


Item = Attribute | Block


@record
class Comment(Node):
    """A comment as written, markers included (`# x`, `// x`, `/* x */`)."""

    text: str


@record
class File(Node):
    items: tuple[Item, ...]
    comments: tuple[Comment, ...]
    source: SourceFile = field(compare=False, repr=False)
