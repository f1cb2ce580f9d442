"""`@record`: a frozen, slotted, keyword-only dataclass that is quick to build.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__``, which costs about three times what setting a slot directly
does. Parsing and checking a large schema builds hundreds of thousands of syntax
nodes, declarations and IR objects, so every record gets an ``__init__`` that sets
its slots through their descriptors. Everything else (equality, hashing, repr,
immutability after construction) is the dataclass's own.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record"]

T = TypeVar("T")

_NO_VALUE = object()


def _slot_setter(cls: type[Any], name: str) -> Callable[[object, object], None]:
    for klass in cls.__mro__:
        member = klass.__dict__.get(name)
        if isinstance(member, types.MemberDescriptorType):
            setter: Callable[[object, object], None] = member.__set__
            return setter
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


def _fast_init(cls: type[Any], keyword_only: bool) -> None:
    namespace: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    params: list[str] = []
    body: list[str] = []
    for field in dataclasses.fields(cls):
        name = field.name
        namespace[f"_set_{name}"] = _slot_setter(cls, name)
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
            params.append(f"{name}=_default_{name}")
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            params.append(f"{name}=_NO_VALUE")
            body.append(f"    if {name} is _NO_VALUE: {name} = _factory_{name}()")
        else:
            params.append(name)
        body.append(f"    _set_{name}(self, {name})")
    star = "*, " if keyword_only and params else ""
    source = f"def __init__(self, {star}{', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, eq: bool = True, kw_only: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def record(
    cls: type[T] | None = None, /, *, eq: bool = True, kw_only: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` a frozen, slotted dataclass (keyword-only unless told otherwise)."""

    def wrap(klass: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True, slots=True, kw_only=kw_only, eq=eq)(klass)
        _fast_init(made, kw_only)
        return made

    return wrap(cls) if cls is not None else wrap
