"""@record makes what @dataclass(frozen=True) makes: the same behaviour, cheaper to define."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import field

import pytest

from converter.model import Para, Pos, Text
from converter.records import record


@record
class Sample:
    """A record with every kind of field the converter's records use."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list, compare=False)
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


def test_a_record_is_made_compared_hashed_and_shown_as_a_frozen_dataclass_is() -> None:
    one = Sample("a", 2, ("x",), pos=Pos("f.yaml", 1, 2))
    assert one == Sample("a", 2, ("x",), ["other"], pos=Pos("g.yaml"))  # position and notes not compared
    assert one != Sample("a", 3) and one != ("a", 2, ("x",))
    assert hash(one) == hash(Sample("a", 2, ("x",)))
    assert repr(one) == "Sample(name='a', count=2, tags=('x',), notes=[])"
    assert Sample("b").notes is not Sample("b").notes  # a fresh default each time
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del one.name  # type: ignore[misc]
    with pytest.raises(TypeError):
        Sample("a", 1, (), [], Pos("f"))  # type: ignore[misc]  # pos is keyword-only


def test_dataclasses_functions_work_on_records() -> None:
    one = Sample("a", 2, pos=Pos("f.yaml"))
    assert dataclasses.is_dataclass(one)
    assert [f.name for f in dataclasses.fields(one)] == ["name", "count", "tags", "notes", "pos"]
    changed = dataclasses.replace(one, count=5)
    assert changed == Sample("a", 5) and changed.pos == Pos("f.yaml")
    assert pickle.loads(pickle.dumps(one)) == one  # (workers send models to and fro)


def test_model_nodes_are_records_and_not_mutable_ones() -> None:
    para = Para((Text("x"),))
    assert para == Para((Text("x"),), pos=Pos("f")) and {para: 1}[Para((Text("x"),))] == 1


def test_unequal_and_mutable_records() -> None:
    @record(frozen=False, eq=False)
    class Each:
        value: int

    @record(frozen=False)
    class Box:
        items: list[int] = field(default_factory=list)

    assert Each(1) != Each(1)
    box = Box()
    box.items = [1]
    assert box == Box([1]) and Box.__hash__ is None  # equal by value, so unhashable
