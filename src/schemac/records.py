"""`@record`: a frozen, slotted, keyword-only dataclass that is quick to build and to define.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__``, which costs about three times what setting a slot directly
does. Parsing and checking a large schema builds hundreds of thousands of syntax
nodes, declarations and IR objects, so every record gets an ``__init__`` that sets
its slots through their descriptors.

Defining a dataclass also compiles half a dozen methods, one `exec` each; with some
150 record classes that is a good part of the command's start-up. So the dataclass
machinery is asked only for the fields and the slots, and ``__init__``, ``__eq__``,
``__hash__`` and ``__repr__`` are compiled together, in one `exec` per class, when the
class is first used (a given command leaves many unused). The result is still a
dataclass to `dataclasses.fields`, `replace` and `is_dataclass`, and as immutable as
a frozen one (assignment raises FrozenInstanceError).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, dataclass_transform, overload

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


def _frozen_setattr(self: object, name: str, value: object) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _methods(cls: type[Any], keyword_only: bool, eq: bool) -> None:
    """Compile __init__ (and __eq__, __hash__, __repr__) for ``cls`` in one go."""
    namespace: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    params: list[str] = []
    body: list[str] = []
    fields = dataclasses.fields(cls)
    for field in fields:
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
    lines = [f"def __init__(self, {star}{', '.join(params)}):", *(body or ["    pass"])]
    compared = [f"self.{f.name}" for f in fields if f.compare]
    others = [f"other.{f.name}" for f in fields if f.compare]
    own = "(" + "".join(f"{c}," for c in compared) + ")"
    if eq:
        lines += [
            "def __eq__(self, other):",
            "    if other.__class__ is self.__class__:",
            f"        return {own} == (" + "".join(f"{o}," for o in others) + ")",
            "    return NotImplemented",
            "def __hash__(self):",
            f"    return hash({own})",
        ]
    shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
    lines += ["def __repr__(self):", f'    return f"{cls.__qualname__}({shown})"']
    exec("\n".join(lines), namespace)
    for method in ("__init__", "__eq__", "__hash__", "__repr__"):
        if method in namespace:
            function = namespace[method]
            function.__qualname__ = f"{cls.__qualname__}.{method}"
            setattr(cls, method, function)


def _deferred(cls: type[Any], keyword_only: bool, eq: bool) -> None:
    """Stand-ins for the compiled methods, which compile them at their first call.

    A command imports some 100 record classes and instantiates half of them (a
    schema without views never makes a View); compiling each class's methods when
    first needed spares the rest the `exec`, a good part of the checker's import.
    The stand-ins replace themselves, so only a class's first call goes through one.
    """

    def compile_methods() -> None:
        if cls.__dict__["__init__"] is __init__:  # not compiled yet
            _methods(cls, keyword_only, eq)

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        compile_methods()
        cls.__dict__["__init__"](self, *args, **kwargs)

    def __eq__(self: object, other: object) -> bool:
        compile_methods()
        result: bool = cls.__dict__["__eq__"](self, other)
        return result

    def __hash__(self: object) -> int:
        compile_methods()
        result: int = cls.__dict__["__hash__"](self)
        return result

    def __repr__(self: object) -> str:
        compile_methods()
        result: str = cls.__dict__["__repr__"](self)
        return result

    stand_ins: dict[str, Callable[..., Any]] = {"__init__": __init__, "__repr__": __repr__}
    if eq:
        stand_ins |= {"__eq__": __eq__, "__hash__": __hash__}
    for name, function in stand_ins.items():
        function.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, function)


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
    """Make ``cls`` a frozen, slotted dataclass (keyword-only unless told otherwise).

    With ``eq=False`` records compare and hash by identity.
    """

    def wrap(klass: type[T]) -> type[T]:
        if klass.__doc__ is None:
            # Else dataclass builds one from inspect.signature(): slow at import time.
            klass.__doc__ = klass.__name__
        made = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True, kw_only=kw_only)(
            klass
        )
        _deferred(made, kw_only, eq)
        made.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
        made.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
        return made

    return wrap(cls) if cls is not None else wrap
