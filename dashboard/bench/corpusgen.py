"""Deterministic benchmark corpus: N articles in the shapes and subjects real scrapes have.

**Content.** By default 75 % of articles are recombined from the paragraphs of ``data/raw/`` (chip
news): each takes a few runs of consecutive lines from random seed files (so headline lists,
bylines and comments keep their neighbours, as in a real scrape), written in the seed's own
script, converted to simplified or converted to traditional. The other 25 % are news on other
subjects (economy, weather, sport, property, health) from this project's own sentence templates
(``offtopic.py``), in simplified or traditional script. Long seed lines are varied: about ``MUTATE``
of their Chinese words are swapped for other words of the same length from the seed text, so the
corpus is not a few hundred distinct lines repeated 10⁵ times (anything memoised per line would
make the benchmark measure a cache); short lines (headlines, bylines, disclaimers) stay as they are.

**Shapes** (``--mix``, default ``real``): one paragraph per line (``lines``); paragraphs run
together on one line, joined by a space, U+3000 or nothing (``oneline``); hard-wrapped at 20–44
characters, paragraphs marked by a full-width indent or a blank line (``wrapped``); web pages with
navigation and footer (``html``); JSON, JSONL and CSV exports holding the articles of a block of
``EXPORT_BLOCK`` numbers (``json``, ``jsonl``, ``csv``). A share of plain-text, HTML and CSV files
are written in GBK (simplified) or Big5 (traditional). ``--mix seed-lines`` is the earlier corpus
(plain seed-line ``.txt`` files only), byte for byte, for comparing with earlier numbers.

Metadata (publisher, date over two years, sometimes a title and URL; none for 15 %) goes in a
per-folder ``manifest.csv`` for text files, in meta tags for pages and in the rows of exports.
Same ``n``, ``start``, ``seed`` and mix → byte-identical files, and article *i* is the same
whatever ``n`` is.

    python -m dashboard.bench.corpusgen 1000 data/bench/corpus-1000 [--mix real|seed-lines|lines=3,html=1]
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import jieba
import opencc

from dashboard.bench import offtopic
from dashboard.pipeline.lexicon import REPO_ROOT

RAW = REPO_ROOT / "data" / "raw"
SHARD = 1000  # articles per folder: no folder with 10⁵ entries
N_PUBLISHERS = 300  # "a few hundred outlets"
FIRST_DAY = date(2024, 1, 1)
DAYS = 731  # two years
SCRIPTS = (("as-is", 0.5), ("simplified", 0.25), ("traditional", 0.25))
MUTATE = 0.2  # share of a long line's Chinese words swapped for other seed words
MUTATE_FROM = 30  # characters: shorter lines are left as they are
VERSION = 2  # bump when the output for a given (n, seed, mix) changes: stale corpora are rebuilt
SHAPES = ("lines", "oneline", "wrapped", "html", "json", "jsonl", "csv")
EXPORT_SHAPES = ("json", "jsonl", "csv")
LEGACY_SHAPES = ("lines", "oneline", "wrapped", "html", "csv")  # shapes that may be GBK / Big5
MIXES: dict[str, dict[str, float]] = {
    # what a mixed scrape looks like: half plain text (a third of it badly shaped), pages, exports
    "real": {
        "lines": 0.40,
        "oneline": 0.10,
        "wrapped": 0.10,
        "html": 0.16,
        "json": 0.08,
        "jsonl": 0.08,
        "csv": 0.08,
    },
    "seed-lines": {"lines": 1.0},  # the earlier corpus, byte for byte
}
DEFAULT_MIX = "real"
OFFTOPIC_SHARE = 0.25  # articles not about chips (offtopic.py); 0 under "seed-lines"
LEGACY_SHARE = 0.3  # of converted-script text/HTML/CSV articles, written GBK / Big5 when they encode
EXPORT_BLOCK = 8  # article numbers per export file (per format and folder)
JOINERS = (" ", "\u3000", "")  # how one-line articles run their paragraphs together
NAV_ITEMS = ("首页", "要闻", "财经", "科技", "体育", "健康", "房产", "天气")
EXPORT_KEYS_EN = {
    "text": "content",
    "title": "title",
    "publisher": "source",
    "url": "url",
    "published": "publish_date",
}
EXPORT_KEYS_ZH = {
    "text": "正文",
    "title": "标题",
    "publisher": "来源",
    "url": "链接",
    "published": "发布时间",
}
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


def _seed_article(rng: random.Random) -> tuple[int, list[str]]:
    """(script variant, lines) of an article recombined from seed lines (the original corpus)."""
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
    return variant, out


def _meta(rng: random.Random, i: int, seed: int, first_line: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    pub = rng.randrange(N_PUBLISHERS)
    if rng.random() < 0.85:  # some articles carry no metadata: the text has to tell
        meta["publisher"] = f"Outlet {pub:03d}"
        meta["published"] = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        if rng.random() < 0.5:
            meta["url"] = f"https://news{pub:03d}.example.com/a/{seed}-{i}.html"
        if rng.random() < 0.5:
            meta["title"] = first_line[:40]
    return meta


@dataclass(frozen=True)
class Piece:
    """One generated article: its lines (paragraphs), metadata and how it is written to disk."""

    i: int
    lines: tuple[str, ...]
    meta: dict[str, str]
    subject: str  # "chips" (seed lines) or an off-topic subject (offtopic.SUBJECTS)
    shape: str  # one of SHAPES
    encoding: str  # utf-8, gbk or big5 (txt, html and csv only)
    script: str  # as-is, simplified or traditional
    style: int  # a shape's variant (joiner, wrap width, export layout), fixed per article

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def parse_mix(spec: str) -> dict[str, float]:
    """``"lines=40,html=10"`` or a preset name (``MIXES``) → shape weights summing to 1."""
    if spec in MIXES:
        return dict(MIXES[spec])
    out: dict[str, float] = {}
    for part in spec.split(","):
        name, _, w = part.partition("=")
        name = name.strip()
        if name not in SHAPES:
            raise ValueError(f"unknown shape {name!r}; shapes: {', '.join(SHAPES)}")
        out[name] = float(w or 1)
    total = sum(out.values())
    if total <= 0:
        raise ValueError(f"mix {spec!r} has no weight")
    return {k: v / total for k, v in out.items()}


def article(i: int, seed: int = 0, mix: str = DEFAULT_MIX, offtopic_share: float | None = None) -> Piece:
    """Article number ``i`` (independent of how many are generated) under a shape mix.

    The seed-line content draws from the same random stream as the original generator, so
    ``mix="seed-lines"`` writes byte-identical files to it; shape, subject and encoding come from a
    second stream.
    """
    rng = random.Random(f"{seed}:{i}")
    form = random.Random(f"{seed}:{i}:form")
    weights = parse_mix(mix)
    shape = list(weights)[_pick(form, tuple(weights.items()))]
    share = (0.0 if mix == "seed-lines" else OFFTOPIC_SHARE) if offtopic_share is None else offtopic_share
    if form.random() < share:
        subject, lines = offtopic.article(rng)
        variant = 2 if form.random() < 0.3 else 1
        if variant == 2:
            lines = [_s2t().convert(ln) for ln in lines]
    else:
        subject = "chips"
        variant, lines = _seed_article(rng)
    script = SCRIPTS[variant][0]
    encoding = "utf-8"
    if shape in LEGACY_SHAPES and variant and mix != "seed-lines" and form.random() < LEGACY_SHARE:
        codec = "gbk" if variant == 1 else "big5"
        # A legacy-encoded site cannot hold lines with characters its code page lacks (Big5 has no
        # pinyin tone marks): those lines are left out, as they would be missing from such a page.
        kept = [ln for ln in lines if _encodes(ln, codec)]
        if len(kept) >= 3:
            lines, encoding = kept, codec
    meta = _meta(rng, i, seed, lines[0])  # after the legacy filter: a title is a line of the file
    return Piece(i, tuple(lines), meta, subject, shape, encoding, script, form.randrange(1 << 16))


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


# --------------------------------------------------------------------------- rendering by shape


def _one_line(p: Piece) -> str:
    """Paragraphs run together on one line, as scrapers that drop block tags leave them."""
    return JOINERS[p.style % len(JOINERS)].join(p.lines) + "\n"


def _wrapped(p: Piece) -> str:
    """Hard-wrapped at a fixed width, as e-mail, print and PDF-to-text exports are."""
    width = 20 + p.style % 25
    indent = p.style % 2 == 0  # full-width indent marks paragraphs; otherwise a blank line does
    out: list[str] = []
    for line in p.lines:
        line = ("\u3000\u3000" + line) if indent else line
        out += [line[k : k + width] for k in range(0, len(line), width)]
        if not indent:
            out.append("")
    return "\n".join(out) + "\n"


def _html(p: Piece) -> str:
    """A web page: charset, title and meta tags, navigation and footer around the article."""
    esc = html.escape
    m = p.meta
    head = [f'<meta charset="{p.encoding}">', f"<title>{esc(m.get('title') or p.lines[0][:30])}</title>"]
    if "publisher" in m:
        head.append(f'<meta property="og:site_name" content="{esc(m["publisher"])}">')
    if "published" in m:
        head.append(f'<meta property="article:published_time" content="{m["published"]}T08:00:00+08:00">')
    if "url" in m:
        head.append(f'<link rel="canonical" href="{esc(m["url"])}">')
    # the site's own furniture in the article's script (a Big5 page holds no simplified characters)
    local = _s2t().convert if p.script == "traditional" else str
    nav = "".join(f'<li><a href="/c/{k}">{local(n)}</a></li>' for k, n in enumerate(NAV_ITEMS))
    body = "\n".join(f"<p>{esc(ln)}</p>" for ln in p.lines[1:])
    return (
        "<!DOCTYPE html>\n<html><head>\n"
        + "\n".join(head)
        + f"\n</head><body>\n<nav><ul>{nav}</ul></nav>\n<article>\n<h1>{esc(p.lines[0])}</h1>\n"
        + body
        + local("\n</article>\n<footer><p>版权所有 2025 示例新闻网 保留所有权利</p>")
        + local(
            '<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></p></footer>\n</body></html>\n'
        )
    )


def _record(p: Piece, chinese_keys: bool) -> dict[str, object]:
    """An export row: the text as one string or (some exports) as a list of paragraphs."""
    keys = EXPORT_KEYS_ZH if chinese_keys else EXPORT_KEYS_EN
    text: object = list(p.lines) if p.style % 3 == 0 and p.shape != "csv" else "\n".join(p.lines)
    row = {keys["text"]: text}
    row.update({keys[k]: v for k, v in p.meta.items()})
    return row


def _json_file(pieces: list[Piece]) -> str:
    rows = [_record(p, p.style % 4 == 1) for p in pieces]
    wrapped = pieces[0].style % 2 == 0
    return json.dumps({"articles": rows} if wrapped else rows, ensure_ascii=False, indent=1) + "\n"


def _jsonl_file(pieces: list[Piece]) -> str:
    return "".join(json.dumps(_record(p, p.style % 4 == 1), ensure_ascii=False) + "\n" for p in pieces)


def _csv_file(pieces: list[Piece]) -> str:
    chinese = pieces[0].style % 2 == 1
    keys = EXPORT_KEYS_ZH if chinese else EXPORT_KEYS_EN
    cols = ["text", "title", "publisher", "url", "published"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if chinese else "\n")
    local = _s2t().convert if all(q.script == "traditional" for q in pieces) else str  # Big5 headers
    writer.writerow([local(keys[c]) for c in cols])
    for p in pieces:
        writer.writerow(["\n".join(p.lines), *(p.meta.get(c, "") for c in cols[1:])])
    return buf.getvalue()


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding)


def _shard(i: int) -> str:
    return f"s{i // SHARD:03d}"


def generate(
    n: int,
    out_dir: Path,
    start: int = 0,
    seed: int = 0,
    folder: str | None = None,
    mix: str = DEFAULT_MIX,
) -> list[Path]:
    """Write articles ``start`` .. ``start + n - 1`` under ``out_dir``; return the files written.

    Files go to shard folders of ``SHARD`` articles (or all into ``folder`` when given, e.g. a batch
    of new articles), each folder with its own ``manifest.csv`` for the plain-text files. Export
    articles (JSON, JSONL, CSV) are gathered per block of ``EXPORT_BLOCK`` article numbers into one
    file per format, their metadata in the rows; HTML pages carry theirs in meta tags.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    by_folder: dict[str, list[tuple[str, dict[str, str]]]] = {}
    exports: dict[tuple[str, str, int], list[Piece]] = {}
    for i in range(start, start + n):
        sub = folder or _shard(i)
        p = article(i, seed, mix)
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
        if p.shape in EXPORT_SHAPES:
            exports.setdefault((sub, p.shape, i // EXPORT_BLOCK), []).append(p)
            continue
        ext = "html" if p.shape == "html" else "txt"
        path = out_dir / sub / f"a{i:06d}.{ext}"
        render = {"lines": lambda q: q.text, "oneline": _one_line, "wrapped": _wrapped, "html": _html}
        path.write_bytes(_encoded(render[p.shape](p), p.encoding))
        written.append(path)
        if ext == "txt":
            by_folder.setdefault(sub, []).append((path.name, p.meta))
    for (sub, shape, block), pieces in exports.items():
        path = out_dir / sub / f"e{block:06d}.{shape}"
        if shape == "csv":
            # a CSV export from a Chinese tool is often GBK
            # (or Big5): written so when every row of the file was drawn in that encoding
            encs = {q.encoding for q in pieces}
            enc = encs.pop() if len(encs) == 1 else "utf-8"
            path.write_bytes(_encoded(_csv_file(pieces), enc))
        else:
            path.write_bytes(_encoded((_json_file if shape == "json" else _jsonl_file)(pieces), "utf-8"))
        written.append(path)
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
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.bench.corpusgen", description=__doc__.split("\n")[0]
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("output", type=Path, help="folder to write them to")
    parser.add_argument("--start", type=int, default=0, help="number of the first article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--mix",
        default=DEFAULT_MIX,
        help=f"shape mix: a preset ({', '.join(MIXES)}) or weights like lines=3,html=1 (shapes: {', '.join(SHAPES)})",
    )
    args = parser.parse_args(argv)
    files = generate(args.n, args.output, args.start, args.seed, mix=args.mix)
    print(
        f"{args.n} articles in {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, in {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
