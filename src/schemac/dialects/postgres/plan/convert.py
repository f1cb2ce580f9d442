"""What changing a column's type costs, from the two types alone (never from SQL text).

PostgreSQL rewrites the table unless the old values are already valid values of the new
type: a binary-coercible change (varchar(n) to text, a domain to its base type), or a
modifier that only widens (varchar(10) to varchar(20), numeric(8, 2) to numeric(12, 2),
timestamp(3) to timestamp). Values may fail to convert (a narrower length, precision or
range, an enum without the label, a domain's rules), and may convert with something lost
(rounding to a smaller scale or precision, blanks cut, digits of a float). A
`Conversion` says which of these apply; the planner turns them into hazards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from schemac.dialects.postgres.types import format_type
from schemac.dialects.sql.steps import hazard, lost, rewrite
from schemac.ir import model as m
from schemac.ir.types import TypeKind, TypeRef
from schemac.plan import Hazard, HazardKind
from schemac.records import record

__all__ = ["Conversion", "convert"]

# Integer widths, and the digits their values may have (before the decimal point).
_INTEGERS = {"int2": 2, "int4": 4, "int8": 8}
_DIGITS = {"int2": 5, "int4": 10, "int8": 19}
_TEXTS = {"text", "varchar"}
_TEMPORAL = {"timestamp", "timestamptz", "time", "timetz"}
_ZONES = {frozenset({"timestamp", "timestamptz"}), frozenset({"time", "timetz"})}

# Finds a domain by (schema, name); None when it is not a domain of the state.
DomainLookup = Callable[[TypeRef], m.Domain | None]


@record
class Conversion:
    rewrite: bool  # the table and its indexes are rewritten
    fails: str | None = None  # why some existing values may not convert
    loses: str | None = None  # what the conversion may lose from values that do
    # No assignment cast: USING names the conversion. (Where there is one, it is used:
    # an explicit cast would cut a varchar or a bit string where assignment refuses.)
    explicit: bool = False

    def hazards(self, column: str, old: TypeRef, new: TypeRef) -> list[Hazard]:
        """What a reviewer must know of ``column`` (`table.column`) changing type."""
        what = f"{column}: {format_type(old)} to {format_type(new)}"
        out: list[Hazard] = []
        if self.fails is not None:
            out.append(hazard(HazardKind.DATA_DEPENDENT, f"{what}: {self.fails}"))
        if self.loses is not None:
            out.append(lost(f"{what}: {self.loses}"))
        if self.rewrite:
            out += rewrite(f"column {column.rpartition('.')[2]} changes type")
        return out


_FREE = Conversion(rewrite=False)


def _number(t: TypeRef, i: int) -> int | None:
    value = t.modifiers[i] if len(t.modifiers) > i else None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else None


def _element(t: TypeRef) -> TypeRef:
    return dataclasses.replace(t, array_dims=0)


def convert(old: TypeRef, new: TypeRef, domain: DomainLookup) -> Conversion:
    """What a column's change from ``old`` to ``new`` costs (the types differ)."""
    spelled = format_type(new)
    if old.array_dims != new.array_dims:
        return _generic(spelled)
    if new.kind is TypeKind.DOMAIN and (d := domain(new)) is not None:
        base = dataclasses.replace(d.type, array_dims=new.array_dims)
        inner = _FREE if base == old else convert(old, base, domain)
        if not d.not_null and not d.checks:
            return inner
        rule = f"fails if a value breaks a rule of domain {spelled}"
        return Conversion(rewrite=True, fails=inner.fails or rule, loses=inner.loses)
    if old.kind is TypeKind.DOMAIN and (d := domain(old)) is not None:
        base = dataclasses.replace(d.type, array_dims=old.array_dims)
        return _FREE if base == new else convert(base, new, domain)
    if TypeKind.ENUM in (old.kind, new.kind):
        if new.kind is TypeKind.BUILTIN and new.name == "text":
            return Conversion(rewrite=True)
        return Conversion(
            rewrite=True, fails=f"fails if a value is not a label of {spelled}", explicit=True
        )
    if _citext(old) or _citext(new):
        # citext is text to PostgreSQL's casts: text, varchar and citext relabel freely.
        if _citext(new) and (_citext(old) or (old.kind is TypeKind.BUILTIN and old.name in _TEXTS)):
            return _FREE
        if _citext(old) and new.kind is TypeKind.BUILTIN and new.name in _TEXTS:
            return _modified(dataclasses.replace(old, name="varchar", modifiers=()), new, spelled)
    if old.kind is TypeKind.BUILTIN and new.kind is TypeKind.BUILTIN:
        if old.name == new.name:
            return _modified(_element(old), _element(new), spelled)
        return _builtin(_element(old), _element(new), spelled)
    return _generic(spelled)


def _citext(t: TypeRef) -> bool:
    return t.kind is TypeKind.EXTENSION and t.name == "citext" and t.array_dims == 0


def _generic(spelled: str) -> Conversion:
    return Conversion(
        rewrite=True,
        fails=f"fails if a value does not convert to {spelled}",
        loses=f"values are converted to {spelled}: what it does not hold is lost",
        explicit=True,
    )


def _longer(limit: int, unit: str) -> str:
    return f"fails if a value is longer than {limit} {unit}"


def _modified(old: TypeRef, new: TypeRef, spelled: str) -> Conversion:
    """The same type with other modifiers."""
    name = old.name
    if name in ("varchar", "varbit"):
        before, after = _number(old, 0), _number(new, 0)
        if after is None or (before is not None and after >= before):
            return _FREE
        unit = "characters" if name == "varchar" else "bits"
        cut = f"trailing blanks past {after} characters are cut" if name == "varchar" else None
        return Conversion(rewrite=True, fails=_longer(after, unit), loses=cut)
    if name == "bpchar":
        before, after = _number(old, 0), _number(new, 0)
        if after is None:
            return _FREE
        if before is not None and after >= before:
            return Conversion(rewrite=True)
        return Conversion(
            rewrite=True,
            fails=_longer(after, "characters"),
            loses=f"trailing blanks past {after} characters are cut",
        )
    if name == "bit":
        return Conversion(rewrite=True, fails=f"fails unless every value is {spelled} long")
    if name == "numeric":
        return _numeric(old, new)
    if name in _TEMPORAL or name == "interval":
        if old.interval_fields != new.interval_fields and new.interval_fields is not None:
            return Conversion(rewrite=True, loses=f"values are cut to {new.interval_fields}")
        before, after = _number(old, 0), _number(new, 0)
        if after is None or (before is not None and after >= before):
            return _FREE
        return Conversion(rewrite=True, loses=f"values are rounded to precision {after}")
    return _generic(spelled)


def _numeric(old: TypeRef, new: TypeRef) -> Conversion:
    precision, scale = _number(new, 0), _number(new, 1) or 0
    if precision is None:
        return _FREE  # unconstrained numeric takes every value
    old_precision, old_scale = _number(old, 0), _number(old, 1) or 0
    if old_precision is None:
        return Conversion(
            rewrite=True,
            fails=f"fails if a value has more than {precision - scale} digits before the point",
            loses=f"values are rounded to {scale} decimal places",
        )
    if scale == old_scale and precision >= old_precision:
        return _FREE
    fails = (
        f"fails if a value has more than {precision - scale} digits before the point"
        if precision - scale < old_precision - old_scale
        else None
    )
    loses = f"values are rounded to {scale} decimal places" if scale < old_scale else None
    return Conversion(rewrite=True, fails=fails, loses=loses)


def _builtin(old: TypeRef, new: TypeRef, spelled: str) -> Conversion:
    """One built-in type to another."""
    a, b = old.name, new.name
    if a in _TEXTS and b in _TEXTS:
        return _modified(dataclasses.replace(old, name="varchar"), new, spelled)
    if b == "text" or (b == "varchar" and not new.modifiers):
        # Every value has a text form; bpchar loses its trailing blanks on the way.
        cut = "trailing blanks are removed" if a == "bpchar" else None
        return Conversion(rewrite=True, loses=cut)
    if a in _INTEGERS and b in _INTEGERS:
        narrower = _INTEGERS[b] < _INTEGERS[a]
        return Conversion(
            rewrite=True,
            fails=f"fails if a value is out of range for {spelled}" if narrower else None,
        )
    if a in _INTEGERS and b == "numeric":
        precision, scale = _number(new, 0), _number(new, 1) or 0
        room = precision - scale if precision is not None else None
        short = room is not None and room < _DIGITS[a]
        return Conversion(
            rewrite=True, fails=f"fails if a value has more than {room} digits" if short else None
        )
    if a in _INTEGERS and b in ("float4", "float8"):
        exact = a == "int2" or (a == "int4" and b == "float8")
        return Conversion(
            rewrite=True, loses=None if exact else f"large values lose digits in {spelled}"
        )
    if (a, b) == ("float4", "float8"):
        return Conversion(rewrite=True)
    if (a, b) == ("date", "timestamp") or (a, b) == ("date", "timestamptz"):
        return Conversion(rewrite=True)
    if frozenset({a, b}) in _ZONES:
        return Conversion(
            rewrite=True,
            loses="values are read in the session's time zone (no rewrite when it is UTC)",
        )
    if (a, b) == ("cidr", "inet"):
        return _FREE
    if (a, b) == ("jsonb", "json"):
        return Conversion(rewrite=True)
    return _generic(spelled)
