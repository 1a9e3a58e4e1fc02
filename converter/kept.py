"""Bounded memos for what a process makes again and again (font subsets, their bytes, the
plan of a document its writers share)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """The last ``limit`` values made, by key; when full, the oldest made makes way
    (``functools.lru_cache`` cannot be used where the arguments are not the key)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        found = self.values.get(key)
        if found is None:
            if len(self.values) >= self.limit:
                del self.values[next(iter(self.values))]  # the oldest
            found = self.values[key] = make()
        return found

    def clear(self) -> None:
        self.values.clear()


class KeptFor(Generic[V]):
    """The values made from the last ``limit`` objects asked about, known by identity: for
    objects that never change (the model's), whose equality would cost as much to test
    as the value does to make.  Each is held, so its identity is not reused.  What else a
    value depends on (a setting read from the environment) is ``also``, compared by
    equality."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values: list[tuple[tuple[object, ...], tuple[object, ...], V]] = []  # newest last

    def get(self, objects: tuple[object, ...], make: Callable[[], V], also: tuple[object, ...] = ()) -> V:
        for known, known_also, value in self.values:
            if _same(known, objects) and known_also == also:
                return value
        made = make()
        self.values = [*self.values[max(0, len(self.values) - self.limit + 1) :], (objects, also, made)]
        return made


def _same(these: tuple[object, ...], those: tuple[object, ...]) -> bool:
    return len(these) == len(those) and all(map(operator.is_, these, those))
