"""A bounded memo for what a process makes again and again (font subsets, their bytes)."""

from __future__ import annotations

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
