"""A deterministic corpus of seed-like documents, made from the seed's own text.

    python bench/corpus.py OUTDIR --docs 500 --paragraphs 12
    python bench/corpus.py OUTDIR --docs 1 --paragraphs 5000

Each document has the seed's metadata shape, a heading every few paragraphs,
and paragraphs whose sentences are drawn (with a fixed random seed) from the
seed's paragraphs, so sizes vary but the text stays real UN prose.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_SOURCE = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
HEADINGS = ["Background", "Summary", "Prevention", "Response", "Implementation", "The way forward"]


def seed_sentences() -> list[str]:
    data = yaml.safe_load(SEED_SOURCE.read_text(encoding="utf-8"))
    text = " ".join(item["para"] for item in data["body"] if "para" in item)
    return re.split(r"(?<=[a-z)]\.) (?=[A-Z])", text)


def make_document(index: int, paragraphs: int, sentences: list[str]) -> dict:
    rng = random.Random(index)
    meta = yaml.safe_load(SEED_SOURCE.read_text(encoding="utf-8"))["meta"]
    meta = {**meta, "title": f"{meta['title']} (corpus document {index + 1})", "date": "2015-09-08"}
    body: list[dict[str, str]] = []
    for number in range(paragraphs):
        if number % 6 == 0:
            body.append({"heading": HEADINGS[(number // 6) % len(HEADINGS)]})
        body.append({"para": " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))})
    return {"format": "r2p/1", "meta": meta, "body": body}


def write_corpus(outdir: Path, docs: int, paragraphs: int, vary: bool = False) -> list[Path]:
    """Write ``docs`` sources; with ``vary``, sizes spread from half to twice ``paragraphs``."""
    outdir.mkdir(parents=True, exist_ok=True)
    sentences = seed_sentences()
    paths = []
    for index in range(docs):
        size = random.Random(-index).randint(paragraphs // 2, paragraphs * 2) if vary else paragraphs
        path = outdir / f"doc-{index:04}.yaml"
        document = make_document(index, max(size, 1), sentences)
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**9))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--paragraphs", type=int, default=12)
    parser.add_argument("--vary", action="store_true", help="vary sizes around --paragraphs")
    args = parser.parse_args()
    paths = write_corpus(args.outdir, args.docs, args.paragraphs, args.vary)
    print(f"wrote {len(paths)} documents to {args.outdir}")


if __name__ == "__main__":
    main()
