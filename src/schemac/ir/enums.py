"""The closed sets of the model: referential actions, index methods, trigger timings, ...

Each is an Enum whose values are the words the language and the JSON form use; model.py
re-exports every one, so `from schemac.ir.model import IndexMethod` keeps working.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ArgMode",
    "CheckOption",
    "CollationProvider",
    "ForEach",
    "FunctionKind",
    "GrantTargetKind",
    "IndexMethod",
    "MatchType",
    "NullsOrder",
    "Parallel",
    "PartitionStrategy",
    "PolicyCommand",
    "ReferentialAction",
    "RowSecurity",
    "TriggerEventKind",
    "TriggerTiming",
    "Volatility",
]


class ReferentialAction(Enum):
    NO_ACTION = "no action"
    RESTRICT = "restrict"
    CASCADE = "cascade"
    SET_NULL = "set null"
    SET_DEFAULT = "set default"


class MatchType(Enum):
    SIMPLE = "simple"
    FULL = "full"


class IndexMethod(Enum):
    BTREE = "btree"
    HASH = "hash"
    GIN = "gin"
    GIST = "gist"
    BRIN = "brin"
    SPGIST = "spgist"


class NullsOrder(Enum):
    FIRST = "first"
    LAST = "last"


class PartitionStrategy(Enum):
    RANGE = "range"
    LIST = "list"
    HASH = "hash"


class RowSecurity(Enum):
    DISABLED = "disabled"
    ENABLED = "enabled"
    FORCED = "forced"  # enabled, and applied to the table's owner too


class TriggerTiming(Enum):
    BEFORE = "before"
    AFTER = "after"
    INSTEAD_OF = "instead of"


class TriggerEventKind(Enum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    TRUNCATE = "truncate"


class ForEach(Enum):
    ROW = "row"
    STATEMENT = "statement"


class PolicyCommand(Enum):
    ALL = "all"
    SELECT = "select"
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class FunctionKind(Enum):
    FUNCTION = "function"
    PROCEDURE = "procedure"


class ArgMode(Enum):
    IN = "in"
    OUT = "out"
    INOUT = "inout"
    VARIADIC = "variadic"


class Volatility(Enum):
    VOLATILE = "volatile"
    STABLE = "stable"
    IMMUTABLE = "immutable"


class Parallel(Enum):
    UNSAFE = "unsafe"
    RESTRICTED = "restricted"
    SAFE = "safe"


class CheckOption(Enum):
    LOCAL = "local"
    CASCADED = "cascaded"


class GrantTargetKind(Enum):
    TABLE = "table"  # tables, views, materialized views (and their columns)
    SEQUENCE = "sequence"
    SCHEMA = "schema"
    FUNCTION = "function"
    PROCEDURE = "procedure"
    TYPE = "type"


class CollationProvider(Enum):
    LIBC = "libc"
    ICU = "icu"
