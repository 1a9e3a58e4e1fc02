"""Batches: many seed-sized documents to HTML, DOCX and PDF, ours beside a scripted peer.

Each group runs its contestants in rounds (ours, the peer, ours, the peer ...) on the same
documents at the same concurrency; every output folder is emptied before each run,
untimed. The peers run one process per document per format, as a user would script
them with ``xargs -P N`` (``peers.py`` says how each tool is called).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from peers import R2P, export, pandoc, pandoc_version, typst_fonts, typst_version, xargs_batch
from rounds import Process, Row, alternate, median, ratio

FORMATS = "html,docx,pdf"


def _clear(folder: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return clear


def ours(paths: list[Path], out: Path, jobs: int, verify: bool = False) -> Process:
    flags = ["--verify"] if verify else []
    command = [*R2P, *flags, "--to", FORMATS, "-j", str(jobs), "--outdir", str(out), *map(str, paths)]
    return Process(command, before=_clear(out))


def peer(stems: list[Path], out: Path, pdf: str, parallel: int) -> Process:
    jobs_file = out.parent / f"{out.name}.jobs"
    return Process(xargs_batch(stems, out, pdf, parallel, jobs_file), before=_clear(out))


def seconds(values: list[float], docs: int) -> str:
    value = median(values) / 1000
    return f"{value:.1f} s ({docs / value:.1f} docs/s)"


def batch_rows(
    paths: list[Path], work: Path, rounds: int, subset_rounds: int, one_at_a_time: int, weasy_docs: int
) -> Iterator[Row]:
    """``paths`` two at a time (ours -j 2, ours --verify -j 2, Pandoc + Typst -P 2) in
    ``rounds``; then, in ``subset_rounds``, the first ``one_at_a_time`` of them one at a
    time, and the first ``weasy_docs`` beside Pandoc with WeasyPrint."""
    docs = len(paths)
    if pandoc() is None or typst_fonts() is None:
        yield f"{docs} docs, batch peers", "", "Pandoc (pypandoc-binary) or typst not installed", ""
        return
    stems = export(paths, work / "peer-sources")
    peers = f"Pandoc {pandoc_version()} (HTML, DOCX) + Typst {typst_version()} (PDF)"
    group = {
        "ours": ours(paths, work / "ours", 2),
        "verify": ours(paths, work / "ours-verify", 2, verify=True),
        "peer": peer(stems, work / "peer", "typst", 2),
    }
    samples = alternate(group, rounds)
    yield (
        f"{docs} seed-sized docs to {FORMATS}, two at a time: ours `-j 2`; {peers}, "
        f"a process per document per format, `xargs -P 2`; {rounds} round(s)",
        seconds(samples["ours"], docs),
        seconds(samples["peer"], docs),
        ratio(samples, "peer", "ours", "peer/ours") + "; target ≥ 6",
    )
    yield (
        f"the same {docs} docs, ours `--verify -j 2`, in the same rounds as ours without",
        seconds(samples["verify"], docs),
        "",
        ratio(samples, "verify", "ours", "verify/no-verify") + "; target ≤ 1.3",
    )
    yield (
        f"peak RSS of the largest process, the {docs}-doc batch two at a time",
        f"{max(group['ours'].peaks_mb):.0f} MB",
        f"{max(group['peer'].peaks_mb):.0f} MB",
        "",
    )

    few = paths[:one_at_a_time]
    yield _ours_beside_peer(
        f"the first {len(few)} of those docs one at a time: ours `-j 1`; {peers}, `xargs -P 1`; "
        f"{subset_rounds} round(s)",
        {"ours": ours(few, work / "ours", 1), "peer": peer(stems[:one_at_a_time], work / "peer", "typst", 1)},
        len(few),
        subset_rounds,
    )
    few = paths[:weasy_docs]
    yield _ours_beside_peer(
        f"the first {len(few)} of those docs (WeasyPrint takes ~1 s a document), two at a time: ours `-j 2`; "
        f"Pandoc {pandoc_version()} HTML, DOCX, PDF via WeasyPrint, `xargs -P 2`; {subset_rounds} round(s)",
        {
            "ours": ours(few, work / "ours", 2),
            "peer": peer(stems[:weasy_docs], work / "peer", "weasyprint", 2),
        },
        len(few),
        subset_rounds,
        "; target ≥ 20",
    )


def _ours_beside_peer(
    label: str, contestants: dict[str, Process], docs: int, rounds: int, target: str = ""
) -> Row:
    """One row: ours and the peer alternating on ``docs`` documents, and the ratio."""
    samples = alternate(contestants, rounds)
    return (
        label,
        seconds(samples["ours"], docs),
        seconds(samples["peer"], docs),
        ratio(samples, "peer", "ours", "peer/ours") + target,
    )
