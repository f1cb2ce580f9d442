"""What the language's tables are made of: value kinds, label and type rules, specs.

spec.py holds the tables themselves, and re-exports these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemac.dialects.tables import DialectTables

__all__ = ["Attr", "BlockSpec", "Header", "LabelRule", "ValueKind"]


class ValueKind(Enum):
    """The shape an attribute's value must have; check/values.py reads each one."""

    STRING = "a string"
    BOOL = "`true` or `false`"
    INT = "a whole number"
    NUMBER = "a number"
    WORD = "one of the listed words"
    NAME = "a name"
    SQL = 'SQL: sql("..."), a string or a heredoc'
    DEFAULT = 'a literal or sql("...")'
    REF = "a reference to an object"
    COLLATION = 'a collation: `name`, `schema.name` or "name"'
    COLUMNS = "a list of column names"
    STRINGS = "a list of strings"
    NAMES = "a list of names"
    REFS = "a list of references"
    TYPE = "a type"
    INDEX_ON = "a list of columns or sql() expressions"
    EXCLUDE_ON = 'a list of `element with "operator"`'
    PARTITION_BY = "range(...), list(...) or hash(...)"
    BOUND = "a literal or a list of literals"
    FK_TARGET = "a table, or a table with columns: `authors(id)`"
    COLUMN_REF = "a column of a table: `authors.id`"
    ACTION = "a referential action"
    EVENTS = "a list of events"
    CALL = 'a function call: `touch()` or `audit("posts")`'
    RETURNS = "a return type"
    STRING_MAP = 'an object of strings: `{ name = "value" }`'
    PRIVILEGES = "a list of privileges"
    GRANT_ON = "a list of objects"


class LabelRule(Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


class Header(Enum):
    """Whether a type may follow the label: `column "id" bigint`."""

    REQUIRED = "required"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Attr:
    kind: ValueKind
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()  # the default dialect's, where ``choices_from`` is given
    # Where the target dialect's choices come from (index methods, privileges).
    choices_from: Callable[[DialectTables], tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class BlockSpec:
    kind: str
    doc: str
    label: LabelRule
    header: Header = Header.NONE
    attrs: Mapping[str, Attr] = field(default_factory=dict)
    blocks: tuple[str, ...] = ()
    label_doc: str = "name"
