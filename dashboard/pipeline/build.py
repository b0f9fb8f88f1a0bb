"""Run the whole pipeline over a folder of articles and write the Parquet tables."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import clean, dedupe, figures, ingest, metadata, script, sources, tables, terms, topics
from .records import Document, Rejected, countable

# Paragraph roles whose words and numbers count; reference lists only feed citations.
COUNTED_ROLES = frozenset({"body", "heading", "caption"})
# What cleaning did, per article (lines_removed counts whole lines; partial cuts are audited in `removed` too).
CLEANING_COUNTS = ("pinyin_stripped", "mojibake_repaired", "damaged_spans", "lines_removed")


@dataclass
class ArticleResult:
    """Everything the pipeline derives from one document (a pure function's output).

    ``article`` is None when the document was rejected; ``removed`` still holds its cut lines.
    """

    source: str
    article: dict | None
    reason: str | None = None
    paragraphs: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)


@dataclass
class BuildSummary:
    files_found: int = 0
    documents: int = 0
    articles: int = 0
    duplicates_collapsed: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    analysed: int = 0  # documents analysed in this build (the rest came from the result cache)
    # wall seconds per stage (for benchmarks; never written to the tables, which stay reproducible)
    seconds: dict[str, float] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    rejected_items: list[tuple[str, str]] = field(default_factory=list)

    def render(self, max_rejected: int = 10) -> str:
        lines = [
            "ChipWar Lens build",
            f"  files read        {self.files_found}",
            f"  documents         {self.documents}",
            f"  articles          {self.articles}"
            + (f"  ({self.duplicates_collapsed} identical copies collapsed)" if self.duplicates_collapsed else ""),
            f"  near-duplicates   {self.near_duplicates}",
            f"  rejected          {self.rejected}",
            "  cleaning          "
            + ", ".join(
                f"{k.replace('_', ' ')} {self.counts.get(k, 0)}"
                for k in CLEANING_COUNTS
            ),
            "  tables            " + ", ".join(f"{k} {v}" for k, v in self.rows.items()),
        ]
        for source, reason in self.rejected_items[:max_rejected]:
            lines.append(f"  rejected: {source}: {reason}")
        if len(self.rejected_items) > max_rejected:
            lines.append(f"  … and {len(self.rejected_items) - max_rejected} more (see rejected.parquet)")
        return "\n".join(lines)


def article_id_for(paragraph_texts: list[str]) -> str:
    """Stable id from the cleaned text: identical articles share it, whatever file they came from."""
    return hashlib.sha256("\n".join(paragraph_texts).encode("utf-8")).hexdigest()[:16]


def process_document(doc: Document) -> ArticleResult:
    """Clean, attribute and analyse one document. Pure: same document in, same result out."""
    result = clean.clean_text(doc.text)
    removed_rows = [{"source": doc.source, "line": r.line, "text": r.text, "rule": r.rule} for r in result.removed]
    if not result.paragraphs:
        reason = "no article text left after cleaning"
        if result.removed:
            reason += f" ({len(result.removed)} lines removed as boilerplate)"
        for row in removed_rows:
            row["article_id"] = None
        return ArticleResult(doc.source, None, reason, removed=removed_rows)

    aid = article_id_for([p.text for p in result.paragraphs])
    meta = metadata.extract_metadata(doc, result.removed, result.paragraphs)
    publisher = meta.get("publisher")

    para_rows, term_rows, figure_rows, citation_rows = [], [], [], []
    para_langs: list[tuple[str, str]] = []
    para_term_maps: list[dict[str, int]] = []
    for p in result.paragraphs:
        lang = script.detect_language(p.text)
        para_langs.append((lang, p.text))
        text = countable(p.text, p.damaged_spans)
        term_map: dict[str, int] = {}
        if p.role in COUNTED_ROLES:
            for tc in terms.paragraph_terms(text):
                term_map[tc.term] = tc.count
                term_rows.append(
                    {"article_id": aid, "paragraph": p.index, "term": tc.term, "count": tc.count, "forms": list(tc.forms)}
                )
            for fg in figures.extract_figures(text):
                figure_rows.append(
                    {
                        "article_id": aid,
                        "paragraph": p.index,
                        "text": fg.text,
                        "kind": fg.kind,
                        "value": fg.value,
                        "value_max": fg.value_max,
                        "unit": fg.unit,
                        "value_usd": fg.value_usd,
                        "sentence": fg.sentence,
                        "subject": fg.subject,
                    }
                )
        for ct in sources.extract_citations(text, publisher, reference=p.role == "reference"):
            citation_rows.append(
                {
                    "article_id": aid,
                    "paragraph": p.index,
                    "outlet": ct.outlet,
                    "surface": p.text[ct.start : ct.end],  # as the reader sees it, damage included
                    "type": ct.type,
                    "country": ct.country,
                    "known": ct.known,
                    "sentence": ct.sentence,
                }
            )
        para_term_maps.append(term_map)
        para_rows.append(
            {
                "article_id": aid,
                "paragraph": p.index,
                "line": p.line,
                "text": p.text,
                "role": p.role,
                "language": lang,
                "damaged": p.damaged,
                "damaged_spans": [[s, e] for s, e in p.damaged_spans],
                "topics": topics.paragraph_topics(term_map),
            }
        )

    full_text = "\n".join(p.text for p in result.paragraphs)
    # A manifest or export row that names the script wins; otherwise the text decides (an HTML
    # page's lang attribute is a site-wide template value and often wrong for reposts).
    supplied = doc.meta.get("language") if doc.meta_basis.get("language") in ("manifest", "row") else None
    language = script.normalise_language_tag(supplied) or script.article_language(para_langs)
    # Script-neutral Chinese paragraphs (中央社 2025/11/13) read as the article's script.
    for row, lang in zip(para_rows, script.settle_paragraph_languages(para_langs, language), strict=True):
        row["language"] = lang
    vocab = script.regional_vocabulary(full_text)
    counts = {k: int(result.counts.get(k, 0)) for k in CLEANING_COUNTS}
    article = {
        "article_id": aid,
        "source": doc.source,
        "sources": [doc.source],
        "format": doc.fmt,
        "encoding": doc.encoding,
        **{k: meta.get(k) for k in ("title", "publisher", "publisher_basis", "url", "published", "published_basis", "author")},
        "language": language,
        "region_vocab": vocab.label,
        "mainland_terms": vocab.mainland,
        "taiwan_terms": vocab.taiwan,
        "converted_repost": script.converted_repost(language, vocab),
        "near_duplicate_of": None,
        "n_paragraphs": len(result.paragraphs),
        "n_chars": sum(len(p.text) for p in result.paragraphs),
        **counts,
        "topics": topics.article_topics(para_term_maps),
    }
    for row in removed_rows:
        row["article_id"] = aid
    return ArticleResult(doc.source, article, None, para_rows, removed_rows, term_rows, figure_rows, citation_rows)


def _safe_process(doc: Document) -> ArticleResult:
    """One article's crash rejects that article with the error; the build goes on."""
    try:
        return process_document(doc)
    except Exception as exc:  # noqa: BLE001 - any rule failure must not stop the corpus
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"processing failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return ArticleResult(doc.source, None, reason)


def analyse(
    input_dir: Path,
    progress: bool = False,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> tuple[dict[str, list[dict]], BuildSummary]:
    """Read, clean and analyse every file under ``input_dir``; return table rows and a summary.

    The per-article work runs through Dask (see ``parallel.map_documents`` for ``scheduler``,
    ``workers`` and ``cache_dir``); the result does not depend on how it was run.
    """
    from . import parallel

    clock = _Clock()
    docs, rejected = ingest.read_inputs(input_dir)
    summary = BuildSummary(documents=len(docs))
    summary.files_found = len({d.source.split("#", 1)[0] for d in docs} | {r.source.split("#", 1)[0] for r in rejected})

    summary.seconds["ingest"] = clock.lap()
    chunks, summary.analysed = parallel.map_documents(
        docs, scheduler=scheduler, workers=workers, cache_dir=cache_dir, progress=progress
    )

    # Per document: its index in input order, result and cleaned text (row tables stay in Arrow).
    by_id: dict[str, tuple[int, ArticleResult, str]] = {}
    g = 0
    for chunk in chunks:
        for res, text in zip(chunk.results, chunk.texts, strict=True):
            if res.article is None:
                rejected.append(Rejected(res.source, res.reason or "rejected"))
            elif (aid := res.article["article_id"]) in by_id:
                # Identical cleaned text: one article that lists every source file.
                by_id[aid][1].article["sources"].append(res.source)
                summary.duplicates_collapsed += 1
            else:
                by_id[aid] = (g, res, text)
            g += 1

    kept = [by_id[k] for k in sorted(by_id)]
    results = [res for _, res, _ in kept]
    for res in results:
        res.article["sources"].sort()
        res.article["source"] = res.article["sources"][0]
        for k in CLEANING_COUNTS:
            summary.counts[k] += res.article[k]

    summary.seconds["analyse"] = clock.lap()
    near = dedupe.near_duplicates({res.article["article_id"]: text for _, res, text in kept})
    for res in results:
        res.article["near_duplicate_of"] = near.get(res.article["article_id"])
    summary.near_duplicates = len(near)
    summary.seconds["near_duplicates"] = clock.lap()

    # Rows of the kept copy of each article, articles in id order (a stable sort keeps each
    # article's own row order); removed lines of every input, by source and line.
    rank = np.full(g, -1, dtype=np.int64)
    rank[np.array([i for i, _, _ in kept], dtype=np.int64)] = np.arange(len(kept))
    stacked = _stack(chunks)
    rows: dict[str, list[dict] | pa.Table] = {
        "articles": [r.article for r in results],
        "rejected": sorted(({"source": r.source, "reason": r.reason} for r in rejected), key=lambda x: x["source"]),
    }
    for name in ("paragraphs", "terms", "citations"):
        table = stacked[name]
        r = rank[table.column("_doc").to_numpy()]
        table = table.filter(pa.array(r >= 0))
        rows[name] = table.take(pa.array(np.argsort(r[r >= 0], kind="stable"))).drop_columns(["_doc"])
    removed = stacked["removed"]
    order = pc.sort_indices(removed, sort_keys=[("source", "ascending"), ("line", "ascending")])
    rows["removed"] = removed.take(order).drop_columns(["_doc"])
    fig_df = pd.DataFrame([f for r in results for f in r.figures], columns=[f.name for f in tables.SCHEMAS["figures"]][:-1])
    art_df = pd.DataFrame(rows["articles"], columns=["article_id", "publisher", "published"])
    summary.seconds["assemble"] = clock.lap()
    fig_df, claims_df = figures.assign_claims(fig_df, art_df)
    rows["figures"] = _records(fig_df)
    rows["claims"] = _records(claims_df)
    summary.articles = len(results)
    summary.rejected = len(rows["rejected"])
    summary.rejected_items = [(r["source"], r["reason"]) for r in rows["rejected"]]
    summary.rows = {name: len(v) for name, v in rows.items()}
    summary.seconds["claims"] = clock.lap()
    return rows, summary


class _Clock:
    """Seconds since the previous lap (stage timings for the benchmark harness)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        took, self.t = now - self.t, now
        return took


def _stack(chunks: list) -> dict[str, pa.Table]:
    """Each row table of every chunk, one after another, with ``_doc`` counted over the whole input."""
    out: dict[str, pa.Table] = {}
    for name in ("paragraphs", "terms", "citations", "removed"):
        parts, offset = [], 0
        for chunk in chunks:
            t = chunk.tables[name]
            i = t.schema.get_field_index("_doc")
            parts.append(t.set_column(i, "_doc", pc.add(t.column("_doc"), offset)))
            offset += len(chunk.results)
        empty = tables.to_table(name, []).append_column("_doc", pa.array([], pa.int64()))
        out[name] = pa.concat_tables(parts) if parts else empty  # no copy: filter/take copy once
    return out


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame → row dicts with NaN/NaT turned into None (Arrow nulls)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if _is_missing(v) else v) for k, v in rec.items()})
    return out


def _is_missing(v) -> bool:
    if isinstance(v, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _recover_interrupted_swap(output_dir: Path) -> None:
    """Put back a previous output that a killed build had moved aside, and drop stale temp folders."""
    parent = output_dir.parent
    olds = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and olds:
        os.replace(olds[-1], output_dir)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f".{output_dir.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def build(
    input_dir: Path,
    output_dir: Path,
    progress: bool = False,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> BuildSummary:
    """Build every table from ``input_dir`` into ``output_dir``, atomically.

    Tables are written to a temporary sibling folder and swapped in only when complete, so a
    build killed at any point leaves the previous output intact. ``scheduler``/``workers`` choose
    where articles are analysed; with ``cache_dir`` unchanged articles are not analysed again
    (an incremental build writes the same tables as a full one).
    """
    rows, summary = analyse(input_dir, progress=progress, scheduler=scheduler, workers=workers, cache_dir=cache_dir)
    clock = _Clock()
    built = {name: tables.to_table(name, rows[name]) for name in tables.SCHEMAS}
    meta = {
        "files_found": summary.files_found,
        "documents": summary.documents,
        "articles": summary.articles,
        "duplicates_collapsed": summary.duplicates_collapsed,
        "rejected": summary.rejected,
        "cleaning": {k: int(v) for k, v in sorted(summary.counts.items())},
        "rows": summary.rows,
    }
    output_dir = Path(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover_interrupted_swap(output_dir)
    tmp = output_dir.parent / f".{output_dir.name}.tmp-{os.getpid()}"
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tables.write_tables(tmp, built, meta)
    summary.seconds["write"] = clock.lap()
    if output_dir.exists() and _exchange(tmp, output_dir):
        shutil.rmtree(tmp, ignore_errors=True)  # it now holds the previous output
        return summary
    # No atomic exchange here: a kill between these two renames leaves the previous output
    # aside as .old-<pid>, which the next build puts back (_recover_interrupted_swap).
    if output_dir.exists():
        os.replace(output_dir, old)
    os.replace(tmp, output_dir)
    shutil.rmtree(old, ignore_errors=True)
    return summary


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    With it there is no moment at which the output folder is missing, so a reader (the dashboard)
    never finds it gone, even if the build is killed mid-swap.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
