"""The syntax tree: mirrors the grammar, every node has a span, nothing is resolved.

Spans do not take part in equality, so two parses of differently laid out text
compare equal when they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ident(Node):
    """A name: bare (`users`) or in backticks (`` `order items` ``)."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Path(Node):
    """Dotted names: `id`, `authors.id`, `blog.authors.id`."""

    parts: tuple[Ident, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts)

    @property
    def dotted(self) -> str:
        return ".".join(self.names)


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLit(Node):
    """A double-quoted string; ``value`` has its escapes decoded."""

    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Heredoc(Node):
    """`<<TAG` or `<<-TAG` text.

    ``value`` is the lines between the markers, without a final newline, and (for
    `<<-`) without their common indentation.
    """

    value: str
    tag: str
    strip: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberLit(Node):
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolLit(Node):
    value: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NullLit(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class ListExpr(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(Node):
    key: Ident | StringLit
    value: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectExpr(Node):
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Node):
    """`sql("now()")`, `varchar(255)`, `authors(id)`, `update(status)`."""

    callee: Path
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase(Node):
    """Two or more juxtaposed terms: `created_at desc nulls last`, `double precision`."""

    terms: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrayOf(Node):
    """`T[]` (or `T[3]`; PostgreSQL ignores the size)."""

    element: Expr
    size: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribute(Node):
    name: Ident
    value: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Body(Node):
    """The braces of a block and what stands between them."""

    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment(Node):
    """A comment as written, markers included (`# x`, `// x`, `/* x */`)."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class File(Node):
    items: tuple[Item, ...]
    comments: tuple[Comment, ...]
    source: SourceFile = field(compare=False, repr=False)
