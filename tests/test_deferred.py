"""What libraries prepare as they are imported but our runs seldom use waits until used
(converter/deferred.py), and changes nothing in what is written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from converter.convert import read_item
from converter.deferred import YAML_NON_PRINTABLE, PatternCompiledWhenUsed, load_when_used, yaml
from converter.verify import check_text
from converter.verify_extract import extract_text

_DEFERRED_PROBE = (
    "import sys\n"
    "if sys.argv[3] == 'eager':\n"
    "    import PIL.Image, uharfbuzz, reportlab.platypus, yaml  # before ours: nothing deferred\n"
    "from converter.cli import cli; main = cli.main\n"
    "sys.argv = ['r2p-convert', '-q', '--to', 'pdf', '-o', sys.argv[1], sys.argv[2]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "import reportlab.platypus.paragraph as p, reportlab.lib.textsplit as t, yaml.reader as y\n"
    "real = [m for m, v in sys.modules.items() if not str(v.__doc__).startswith('stands in')]\n"
    "patterns = {'uri_pat': p.uri_pat, 'rx': t.rx, 'yaml': y.Reader.NON_PRINTABLE}\n"
    "waiting = [n for n, v in patterns.items() if 'compiled' not in getattr(v, '__dict__', ['compiled'])]\n"
    "print(sorted(m for m in real if m in ('PIL.Image', 'uharfbuzz._harfbuzz')), sorted(waiting))"
)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_what_reportlab_prepares_but_a_pdf_does_not_use_waits(tmp_path: Path, language: str) -> None:
    """Pillow, uharfbuzz, two costly patterns of ReportLab's and one of PyYAML's are left
    until first used (converter/deferred.py): a PDF without right-to-left text loads none
    of them, Arabic loads uharfbuzz for its shaping, and either way the bytes are those
    written with all of them imported first, as the libraries would."""
    source = ROOT / "source" / "languages" / f"sample-{language}.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(mode: str) -> tuple[str, bytes]:
        out = tmp_path / f"{mode}.pdf"
        probe = [sys.executable, "-c", _DEFERRED_PROBE, str(out), str(source), mode]
        done = subprocess.run(probe, capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip(), out.read_bytes()

    (deferred, deferred_pdf), (eager, eager_pdf) = run("deferred"), run("eager")
    loaded = "['uharfbuzz._harfbuzz']" if language == "ar" else "[]"
    assert deferred == f"{loaded} ['rx', 'uri_pat', 'yaml']"
    assert eager == "['PIL.Image', 'uharfbuzz._harfbuzz'] []"
    assert deferred_pdf == eager_pdf
    check_text(read_item(source), "pdf", extract_text("pdf", deferred_pdf))


_JINJA2_PROBE = (
    "import sys\n"
    "if sys.argv[3] == 'eager':\n"
    "    import tempfile, json, jinja2  # before ours: nothing deferred\n"
    "from converter.cli import cli; main = cli.main\n"
    "sys.argv = ['r2p-convert', '-q', '--to', 'html', '-o', sys.argv[1], sys.argv[2]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "import jinja2._identifier as i, jinja2.utils as u, jinja2.lexer as l\n"
    "real = [m for m, v in sys.modules.items() if not str(v.__doc__).startswith('stands in')]\n"
    "patterns = {'name': i.pattern, 'http': u._http_re, 'float': l.float_re, 'integer': l.integer_re}\n"
    "waiting = [n for n, v in patterns.items() if 'compiled' not in getattr(v, '__dict__', ['compiled'])]\n"
    "print(sorted(m for m in real if m in ('tempfile', 'json', 'shutil')), sorted(waiting))"
)


@pytest.mark.parametrize("cached", [True, False])
def test_what_jinja2_prepares_but_a_page_does_not_use_waits(tmp_path: Path, cached: bool) -> None:
    """tempfile, json and four of Jinja2's patterns are left until first used: a page
    rendered from the user's cache of compiled templates loads none of them; with no
    cache (the templates compiled, by the lexer) the patterns are compiled as needed.
    Either way the page is the one written with all of them imported first."""
    cache = tmp_path / "cache"
    if not cached:
        cache.write_text("a file: no cache folder can be made in it")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    seed = str(ROOT / "source" / "r2p-2015-presidents-summary.yaml")

    def run(mode: str) -> tuple[str, bytes]:
        out = tmp_path / f"{mode}.html"
        probe = [sys.executable, "-c", _JINJA2_PROBE, str(out), seed, mode]
        done = subprocess.run(probe, capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip(), out.read_bytes()

    run("deferred")  # (fills the cache)
    (deferred, deferred_page), (eager, eager_page) = run("deferred"), run("eager")
    assert deferred == ("[] ['float', 'http', 'integer', 'name']" if cached else "[] ['http']")
    assert eager.startswith("['json', 'shutil', 'tempfile'] ")
    assert deferred_page == eager_page


def test_a_deferred_pattern_matches_as_the_compiled_one() -> None:
    uri = r"(^(?:[a-z0-9\.\-\+]*)://)(?:\S+)?\Z"
    deferred = PatternCompiledWhenUsed(re.compile, uri, re.I)
    assert "compiled" not in vars(deferred)
    for text in ("HTTPS://www.un.org/en/ga/", "mailto:someone", "ftp://x"):
        found, expected = deferred.match(text), re.compile(uri, re.I).match(text)
        assert (found and found.span()) == (expected and expected.span())
    assert "compiled" in vars(deferred)
    wrap = PatternCompiledWhenUsed(re.compile, "([\u2e80-\uffff])", re.UNICODE)
    assert wrap.sub(r"\1|", "a\u4e2d\u6587b") == "a\u4e2d|\u6587|b"


def test_a_stand_in_runs_the_real_module_when_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = "import sys\nsys.r2p_probe_runs = getattr(sys, 'r2p_probe_runs', 0) + 1\nVALUE = 42\n"
    (tmp_path / "r2p_probe_module.py").write_text(counting)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "r2p_probe_module", raising=False)
    load_when_used("r2p_probe_module")
    import r2p_probe_module  # type: ignore[import-not-found]  # (made above)

    assert getattr(sys, "r2p_probe_runs", 0) == 0  # imported, not yet run
    assert r2p_probe_module.VALUE == 42 and sys.r2p_probe_runs == 1  # type: ignore[attr-defined]
    assert r2p_probe_module.VALUE == 42 and sys.r2p_probe_runs == 1  # type: ignore[attr-defined]  # once
    assert sys.modules["r2p_probe_module"] is not r2p_probe_module  # the real one, from now on
    monkeypatch.delattr(sys, "r2p_probe_runs")
    monkeypatch.delitem(sys.modules, "r2p_probe_module")


def test_pyyaml_s_own_reader_still_refuses_what_yaml_cannot_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, PyYAML's pure-Python reader checks each text against the pattern
    left until used: the same pattern as PyYAML's, and it still finds a character YAML
    cannot hold."""
    assert yaml.reader.Reader.NON_PRINTABLE.pattern == YAML_NON_PRINTABLE
    waiting = PatternCompiledWhenUsed(re.compile, YAML_NON_PRINTABLE, 0)
    monkeypatch.setattr(yaml.reader.Reader, "NON_PRINTABLE", waiting)
    assert yaml.load("title: fine", Loader=yaml.SafeLoader) == {"title": "fine"}
    with pytest.raises(yaml.reader.ReaderError, match="special characters are not allowed"):
        yaml.load("title: bell \x07", Loader=yaml.SafeLoader)
    assert "compiled" in vars(waiting)
