"""One dispatch over node kinds for every writer, as docutils' ``NodeVisitor`` does.

A writer subclasses ``NodeVisitor`` and defines ``visit_<Kind>`` for each node
kind it writes (``visit_Heading``, ``visit_Text``...).  ``visit(node)`` calls
the handler for the node's class; a node of any other kind reaches
``unknown_visit``, which raises a ``RenderError`` naming the kind, the format
and the node's position, the same way in every writer.  (The HTML templates
dispatch in Jinja2 through ``handler_in``, which fails the same way.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from ..errors import RenderError
from ..model import BLOCK_TYPES, INLINE_TYPES

R = TypeVar("R")
NODE_TYPES = {cls.__name__: cls for cls in (*BLOCK_TYPES, *INLINE_TYPES)}


class NodeVisitor(Generic[R]):
    """Calls ``visit_<Kind>(node)``; an unhandled kind is a loud error."""

    FORMAT: str = "?"  # how errors name the format
    _handlers: ClassVar[dict[type, Callable[..., Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Resolved once per class, so dispatch is one dictionary lookup per node.
        cls._handlers = {
            node_type: handler
            for name, node_type in NODE_TYPES.items()
            if (handler := getattr(cls, f"visit_{name}", None)) is not None
        }

    def visit(self, node: Any) -> R:
        handler = self._handlers.get(type(node))
        if handler is None:
            return self.unknown_visit(node)
        return handler(self, node)  # type: ignore[no-any-return]  # handlers are typed by their class

    def unknown_visit(self, node: Any) -> R:
        raise unknown_node(node, self.FORMAT)


def unknown_node(node: Any, fmt: str) -> RenderError:
    return RenderError(f"{fmt}: cannot write a {type(node).__name__} node", getattr(node, "pos", None))


def handler_in(table: dict[str, Any], node: Any, fmt: str) -> Any:
    """The handler ``table`` has for the node's kind (a template's dispatch), or the error."""
    handler = table.get(type(node).__name__)
    if handler is None or NODE_TYPES.get(type(node).__name__) is not type(node):
        raise unknown_node(node, fmt)
    return handler


def kind_of(node: Any, fmt: str) -> str:
    """The kind name template macros dispatch on; any other node is a loud error."""
    name = type(node).__name__
    if NODE_TYPES.get(name) is not type(node):
        raise unknown_node(node, fmt)
    return name
