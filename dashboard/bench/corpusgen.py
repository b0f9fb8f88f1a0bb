"""Deterministic benchmark corpus: N articles recombined from the paragraphs of ``data/raw/``.

Each article takes a few runs of consecutive lines from random seed files (so headline lists,
bylines and comments keep their neighbours, as in a real scrape), is written in the seed's own
script, converted to simplified or converted to traditional, and gets synthetic metadata
(publisher, date over two years, sometimes a title and URL) through a per-folder ``manifest.csv``,
which the normal readers ingest. Same ``n``, ``start`` and ``seed`` → byte-identical files.

Long lines are varied: about ``MUTATE`` of their Chinese words are swapped for other words of the
same length from the seed text. Without that the corpus would hold a few hundred distinct lines
repeated 10⁵ times, and anything the pipeline memoises per line or sentence would make the
benchmark measure a cache, not the analysis of new text. Short lines (headlines, bylines,
disclaimers) stay as they are: those do repeat across real scrapes.

    python -m dashboard.bench.corpusgen 1000 data/bench/corpus-1000
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import jieba
import opencc

from dashboard.pipeline.lexicon import REPO_ROOT

RAW = REPO_ROOT / "data" / "raw"
SHARD = 1000  # articles per folder: no folder with 10⁵ entries
N_PUBLISHERS = 300  # "a few hundred outlets"
FIRST_DAY = date(2024, 1, 1)
DAYS = 731  # two years
SCRIPTS = (("as-is", 0.5), ("simplified", 0.25), ("traditional", 0.25))
MUTATE = 0.2  # share of a long line's Chinese words swapped for other seed words
MUTATE_FROM = 30  # characters: shorter lines are left as they are
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")


@cache
def _seed_lines(raw: Path = RAW) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Per script variant, per seed file, its non-empty lines (conversion done once, not per article)."""
    files = sorted(p for p in raw.glob("*.txt"))
    lines = [tuple(ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()) for p in files]
    if not lines:
        raise FileNotFoundError(f"no seed articles (*.txt) in {raw}")
    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    return (
        tuple(lines),
        tuple(tuple(t2s.convert(ln) for ln in f) for f in lines),
        tuple(tuple(s2t.convert(ln) for ln in f) for f in lines),
    )


@cache
def _seed_words() -> tuple[tuple[tuple[tuple[tuple[str, ...], tuple[int, ...]], ...], ...], ...]:
    """Per script variant and seed file, each line as (words, indexes of the swappable ones)."""
    jieba.setLogLevel(60)
    out = []
    for files in _seed_lines():
        variant = []
        for lines in files:
            split = []
            for line in lines:
                words = tuple(jieba.lcut(line, HMM=False))
                # a word followed by a ruby bracket keeps its pinyin reading: swapping it would not
                swappable = tuple(
                    k
                    for k, w in enumerate(words)
                    if _HAN_WORD.fullmatch(w) and not (k + 1 < len(words) and words[k + 1] in "(（")
                )
                split.append((words, swappable))
            variant.append(tuple(split))
        out.append(tuple(variant))
    return tuple(out)


@cache
def _word_pool(variant: int, f: int) -> dict[int, tuple[str, ...]]:
    """Distinct swappable words of one seed file in one script variant, by length, in a fixed order.

    Words come from the same file so that a line keeps its article's script and vocabulary.
    """
    pool: dict[int, set[str]] = {}
    for words, swappable in _seed_words()[variant][f]:
        for k in swappable:
            pool.setdefault(len(words[k]), set()).add(words[k])
    return {n: tuple(sorted(ws)) for n, ws in pool.items()}


def _varied(
    rng: random.Random, variant: int, f: int, words: tuple[str, ...], swappable: tuple[int, ...]
) -> str:
    """The line with about ``MUTATE`` of its swappable words replaced by same-length seed words."""
    k = round(MUTATE * len(swappable))
    if not k:
        return "".join(words)
    pool = _word_pool(variant, f)
    out = list(words)
    for at in rng.sample(swappable, k):
        out[at] = rng.choice(pool[len(words[at])])
    return "".join(out)


def _pick(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> int:
    x, acc = rng.random(), 0.0
    for i, (_, w) in enumerate(choices):
        acc += w
        if x < acc:
            return i
    return len(choices) - 1


def article(i: int, seed: int = 0) -> tuple[str, dict[str, str]]:
    """Text and manifest metadata of article number ``i`` (independent of how many are generated)."""
    rng = random.Random(f"{seed}:{i}")
    variants = _seed_lines()
    variant = _pick(rng, SCRIPTS)
    files = variants[variant]
    split = _seed_words()[variant]
    out: list[str] = []
    for _ in range(rng.randint(2, 5)):
        f = rng.randrange(len(files))
        lines = files[f]
        run = rng.randint(4, 12)
        start = rng.randrange(max(1, len(lines) - run))
        for j in range(start, min(start + run, len(lines))):
            line = lines[j]
            out.append(_varied(rng, variant, f, *split[f][j]) if len(line) >= MUTATE_FROM else line)
    meta: dict[str, str] = {}
    pub = rng.randrange(N_PUBLISHERS)
    if rng.random() < 0.85:  # some articles carry no metadata: the text has to tell
        meta["publisher"] = f"Outlet {pub:03d}"
        meta["published"] = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        if rng.random() < 0.5:
            meta["url"] = f"https://news{pub:03d}.example.com/a/{seed}-{i}.html"
        if rng.random() < 0.5:
            meta["title"] = out[0][:40]
    return "\n".join(out) + "\n", meta


def _shard(i: int) -> str:
    return f"s{i // SHARD:03d}"


def generate(n: int, out_dir: Path, start: int = 0, seed: int = 0, folder: str | None = None) -> list[Path]:
    """Write articles ``start`` .. ``start + n - 1`` under ``out_dir``; return the files written.

    Files go to shard folders of ``SHARD`` articles (or all into ``folder`` when given, e.g. a batch
    of new articles), each folder with its own ``manifest.csv``.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    by_folder: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for i in range(start, start + n):
        sub = folder or _shard(i)
        text, meta = article(i, seed)
        path = out_dir / sub / f"a{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
        by_folder.setdefault(sub, []).append((path.name, meta))
    for sub, rows in by_folder.items():
        manifest = out_dir / sub / "manifest.csv"
        old = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if not old:
            buf.write(
                "# Synthetic benchmark metadata (dashboard/bench/corpusgen.py); empty = the text has to tell.\n"
            )
            writer.writerow(["file", "title", "publisher", "url", "published"])
        for name, meta in rows:
            writer.writerow([name, *(meta.get(k, "") for k in ("title", "publisher", "url", "published"))])
        manifest.write_text(old + buf.getvalue(), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.bench.corpusgen", description=__doc__.split("\n")[0]
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("output", type=Path, help="folder to write them to")
    parser.add_argument("--start", type=int, default=0, help="number of the first article")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    files = generate(args.n, args.output, args.start, args.seed)
    print(f"{len(files)} articles, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
