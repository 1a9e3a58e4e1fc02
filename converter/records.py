"""``@record``: what ``@dataclass(frozen=True)`` makes, for a fraction of its start-up cost.

Every run of the tool defines some eighty dataclasses (the model, the plan, the theme,
the readers' and writers' own records) before it reads a byte.  Python 3.11's
dataclasses compile each generated method with its own ``exec``: six for a frozen
class, about 1 ms a class on a slow machine, as much as converting a small document.
``record`` lets dataclasses collect the fields (so ``dataclasses.fields``, ``replace``
and ``is_dataclass`` work as before) but generate nothing.  Equality, hashing and
``repr`` are then shared functions over the class's compared fields (an
``operator.attrgetter``, as fast as generated code), frozen records share one
``__setattr__``, and only ``__init__`` is compiled: the first time the class is
instantiated, so a run pays only for the records it makes.

Supported: defaults, ``field(default=..., default_factory=..., compare=, repr=,
kw_only=, init=)`` and ``eq=False``; not ``__post_init__``, ``InitVar``, ``order`` or
``slots``, which no record uses (a record that asks for one is a loud error).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)

_MISSING = dataclasses.MISSING


def _refuse_change(self: object, name: str, value: object = None) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@overload
def record(cls: T, /) -> T: ...
@overload
def record(*, frozen: bool = True, eq: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: Any = None, /, *, frozen: bool = True, eq: bool = True) -> Any:
    """The class as a dataclass: frozen (unless ``frozen=False``), compared and hashed by
    its compared fields (unless ``eq=False``: compared as itself)."""

    def make(target: T) -> T:
        return _build(target, frozen=frozen, eq=eq)

    return make if cls is None else make(cls)


def _build(cls: T, *, frozen: bool, eq: bool) -> T:
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"record {cls.__qualname__}: __post_init__ is not supported; use @dataclass")
    if not cls.__doc__:  # (dataclasses would write one from inspect.signature: 20 ms, cold)
        cls.__doc__ = f"{cls.__qualname__}: a record."
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields, and no method
    fields = dataclasses.fields(cls)
    cls.__init__ = _compiled_on_first_use(cls, fields, frozen)  # type: ignore[misc]  # see the function
    cls._record_shown = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
    if eq:
        cls._record_key = _key([f.name for f in fields if f.compare])  # type: ignore[attr-defined]
        cls.__eq__ = _eq  # type: ignore[assignment,method-assign]
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment,method-assign]  # equal by value: unhashable unless frozen
    if frozen:
        cls.__setattr__ = _refuse_change  # type: ignore[method-assign]
        cls.__delattr__ = _refuse_deletion  # type: ignore[assignment,method-assign]
    return cls


def _key(names: list[str]) -> Callable[[object], object]:
    """The values a record is compared and hashed by (a tuple, or one value, or none)."""
    return operator.attrgetter(*names) if names else staticmethod(_no_key)  # (a function would bind)


def _no_key(record: object) -> tuple[()]:
    return ()


def _eq(self: Any, other: Any) -> Any:  # a bool, or NotImplemented for another class
    if other.__class__ is self.__class__:
        return self._record_key(self) == self._record_key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _compiled_on_first_use(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool
) -> Callable[..., None]:
    """A stand-in ``__init__`` that compiles the real one, puts it on the class and calls it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        namespace: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
        exec(_init_source(fields, frozen, namespace), namespace)  # our generated source, no input in it
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    return __init__


def _init_source(fields: tuple[dataclasses.Field[Any], ...], frozen: bool, namespace: dict[str, Any]) -> str:
    positional: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    for field in fields:
        name = field.name
        param = name
        value = name
        if field.default is not _MISSING:
            namespace[f"_default_{name}"] = field.default
            param = f"{name}=_default_{name}"
        elif field.default_factory is not _MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            param = f"{name}=_MISSING"
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        if not field.init:
            if field.default is _MISSING and field.default_factory is _MISSING:
                continue
            value = f"_default_{name}" if field.default is not _MISSING else f"_factory_{name}()"
        else:
            (keywords if field.kw_only else positional).append(param)
        body.append(f"    _set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    params = ", ".join(["self", *positional, *(["*", *keywords] if keywords else [])])
    return f"def __init__({params}):\n" + ("\n".join(body) or "    pass") + "\n"
