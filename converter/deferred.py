"""What libraries prepare as they are imported but our runs seldom use, left until first used.

Measured on a 2-core machine, importing PyYAML and ReportLab costs every run about 65 ms
more than it needs:
- ``yaml.reader`` compiles a pattern of the characters YAML cannot hold (about 5 ms).
  Only PyYAML's pure-Python reader checks it; we read through libyaml (``CSafeLoader``)
  when PyYAML has it, as its wheels do.
- ``reportlab.platypus.paragraph`` compiles a pattern for URIs with case-blind ranges
  over most of Unicode (about 33 ms).  ReportLab matches it only when it breaks a long URI
  to waste less of a line (``uriWasteReduce``), which our styles leave off.
- ``reportlab.lib.textsplit`` compiles a pattern for ``cjkwrap`` (about 4 ms), a function
  ReportLab's paragraphs do not call.
- ``reportlab.lib.utils`` imports Pillow's ``PIL.Image`` and ``reportlab.pdfbase.ttfonts``
  imports ``uharfbuzz`` (about 25 ms together).  Our PDFs draw no raster image, and only
  right-to-left text is shaped (``writers/pdf/rtl.py``; ReportLab's own shaping stays off).

- Jinja2 imports ``tempfile`` (for a bytecode cache's default folder and for writing a
  cache entry, about 9 ms with the ``shutil`` and ``random`` it brings) and ``json`` (for
  its ``tojson`` filter, 2.5 ms), and compiles patterns only its lexer (templates are
  loaded compiled from the user's cache) and its ``urlize`` filter use (about 4 ms).  Our
  templates use neither filter, and the cache is written only when a template changed.

So this module imports PyYAML (the others take ``yaml`` from here), the PDF writer
imports ReportLab inside ``reportlab_imported_lazily()`` and the HTML writer Jinja2
inside ``jinja2_imported_lazily()``:
- Those patterns, known by their text, are compiled the first time one of their methods
  is called.
- Those two modules get a stand-in in ``sys.modules``: an empty module whose
  ``__getattr__`` (PEP 562) imports the real one on the first attribute anyone reads
  (``Image.open``, ``uharfbuzz.Blob``), takes its contents and returns what was asked for.
  ReportLab keeps the stand-in it imported, which from then on holds the real module's
  names.  The standard library's ``importlib.util.LazyLoader`` cannot do this on Python
  3.11: an ``import`` statement reads the module's ``__spec__``, and that read runs it.

A run that needs any of them gets the real thing, only later.  Nothing else changes: the
outputs are the same either way (tests compare the PDF bytes, with and without
right-to-left text).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

__all__ = ["PatternCompiledWhenUsed", "jinja2_imported_lazily", "reportlab_imported_lazily", "yaml"]

YAML_NON_PRINTABLE = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # yaml.reader
URI_PATTERN_START = r"(^(?:[a-z0-9\.\-\+]*)://)"  # reportlab.platypus.paragraph.uri_pat
CJKWRAP_PATTERN = "([\u2e80-\uffff])"  # reportlab.lib.textsplit.rx
REPORTLAB_MODULES = ("PIL.Image", "uharfbuzz")
JINJA2_PATTERN_STARTS = (
    "[\\w\u00b7",  # jinja2._identifier.pattern (a name in a template: every script's letters)
    "\n    ^\n    (\n        (https?://|www\\.)",  # jinja2.utils._http_re (urlize)
    "\n    (?<!\\.)  # doesn't start with a .",  # jinja2.lexer.float_re
    "\n    (\n        0b(_?[0-1])+ # binary",  # jinja2.lexer.integer_re
)
JINJA2_MODULES = ("tempfile", "json")


@contextmanager
def patterns_compiled_when_used(*starts: str) -> Iterator[None]:
    """While imports run in this context, ``re.compile`` of a pattern that begins with
    one of ``starts`` gives a ``PatternCompiledWhenUsed``."""
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(starts):
            return PatternCompiledWhenUsed(compile_now, pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer
    try:
        yield
    finally:
        re.compile = compile_now


class PatternCompiledWhenUsed:
    """Stands for ``re.compile(pattern, flags)``: compiled when a method is first asked for
    (``NON_PRINTABLE.search``, ``uri_pat.match``, ``rx.sub``: how these are used)."""

    def __init__(self, compile_now: Any, pattern: str, flags: int) -> None:
        self._compile_now = compile_now
        self._pattern = pattern
        self._flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        compiled: re.Pattern[str] = self._compile_now(self._pattern, self._flags)
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # (not set up: copied without __init__)
            raise AttributeError(name)
        return getattr(self.compiled, name)


def load_when_used(*names: str) -> None:
    """From now on, ``import name`` gives a stand-in that loads the real module on its
    first attribute read (a module imported already stays as it is)."""
    for name in names:
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            _install_stand_in(name)  # (find_spec imports a parent package: PIL's is small)


def _install_stand_in(name: str) -> None:
    stand_in = types.ModuleType(name, f"stands in for {name} until it is used")

    def load_on_first_use(attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system's own questions (__path__ ...)
            raise AttributeError(attribute)
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        real = importlib.import_module(name)
        vars(stand_in).update(vars(real))
        return getattr(real, attribute)

    stand_in.__getattr__ = load_on_first_use  # type: ignore[method-assign]  # PEP 562's hook
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, stand_in)  # as the import system binds a submodule


@contextmanager
def reportlab_imported_lazily() -> Iterator[None]:
    load_when_used(*REPORTLAB_MODULES)
    with patterns_compiled_when_used(URI_PATTERN_START, CJKWRAP_PATTERN):
        yield


@contextmanager
def jinja2_imported_lazily() -> Iterator[None]:
    load_when_used(*JINJA2_MODULES)
    with patterns_compiled_when_used(*JINJA2_PATTERN_STARTS):
        yield


with patterns_compiled_when_used(YAML_NON_PRINTABLE):
    import yaml
