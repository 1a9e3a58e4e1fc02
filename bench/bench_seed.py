"""The seed as a whole process per format: ours, the import floor of that format's path, and
the peers, all in the same rounds (ours, floor, peers, ours, floor, peers ...), after one
untimed round (file cache, bytecode, Pandoc's binary paged in)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from peers import FLOORS, R2P, WEASYPRINT, export, floor, pandoc, pandoc_version, typst_command, typst_fonts
from peers import typst_version as typst_release
from rounds import Process, Row, alternate, median, ms, over_floor_ms, ratio

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"


def peers_for(fmt: str, stem: Path, out: Path) -> dict[str, tuple[str, list[str]]]:
    """The peers of one format: name -> (how the row names it, command)."""
    binary = pandoc()
    md = str(stem.with_suffix(".md"))
    found: dict[str, tuple[str, list[str]]] = {}
    if binary and fmt == "html":
        found["pandoc"] = (
            f"Pandoc {pandoc_version()} `-s` from Markdown",
            [binary, "-s", md, "-o", str(out / "p.html")],
        )
    if binary and fmt == "docx":
        found["pandoc"] = (
            f"Pandoc {pandoc_version()} from Markdown",
            [binary, md, "-o", str(out / "p.docx")],
        )
    if binary and fmt == "pdf":
        command = [binary, f"--pdf-engine={WEASYPRINT}", md, "-o", str(out / "p.pdf")]
        found["pandoc"] = (f"Pandoc {pandoc_version()} with WeasyPrint from Markdown", command)
    if fmt == "pdf" and typst_fonts():
        command = typst_command(stem.with_suffix(".typ"), out / "t.pdf")
        found["typst"] = (f"Typst {typst_release()} from plain Typst markup, fonts given", command)
    return found


def seed_rows(work: Path, rounds: int) -> Iterator[Row]:
    (stem,) = export([SEED], work / "seed-peers")
    out = work / "seed-out"
    out.mkdir(parents=True, exist_ok=True)
    for fmt in ("html", "docx", "pdf"):
        peers = peers_for(fmt, stem, out)
        contestants = {
            "ours": Process([*R2P, "--to", fmt, "--outdir", str(out), str(SEED)]),
            "floor": Process(floor(fmt)),
        } | {name: Process(command) for name, (_label, command) in peers.items()}
        samples = alternate(contestants, rounds, warm=True)
        ours = ms(median(samples["ours"]))
        if not peers:
            yield f"seed, whole process, `--to {fmt}`; {rounds} rounds", ours, "no peer installed", ""
        for name, (label, _command) in peers.items():
            yield (
                f"seed, whole process, `--to {fmt}`, beside {label}; {rounds} rounds",
                ours,
                ms(median(samples[name])),
                ratio(samples, name, "ours", "peer/ours"),
            )
        yield (
            f'… ours over its floor `python -c "{FLOORS[fmt]}"` '
            f"(floor {ms(median(samples['floor']))}; median of the pairs' differences)",
            ms(over_floor_ms(samples, "ours", "floor")),
            "",
            "",
        )
