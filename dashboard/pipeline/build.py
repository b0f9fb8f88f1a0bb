"""Run the whole pipeline over a folder of articles and write the Parquet tables."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import (
    aggregates,
    claims,
    clean,
    dedupe,
    figures,
    ingest,
    metadata,
    parallel,
    script,
    sources,
    tables,
    terms,
    topics,
)
from .figures import region as figure_region
from .records import Document, countable

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
            + (
                f"  ({self.duplicates_collapsed} identical copies collapsed)"
                if self.duplicates_collapsed
                else ""
            ),
            f"  near-duplicates   {self.near_duplicates}",
            f"  rejected          {self.rejected}",
            "  cleaning          "
            + ", ".join(f"{k.replace('_', ' ')} {self.counts.get(k, 0)}" for k in CLEANING_COUNTS),
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
    removed_rows = [
        {"source": doc.source, "line": r.line, "text": r.text, "rule": r.rule} for r in result.removed
    ]
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
    # the article's region decides what a bare 元 / $ is (figures.region)
    region = figure_region.article_region("\n".join(p.text for p in result.paragraphs))
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
                    {
                        "article_id": aid,
                        "paragraph": p.index,
                        "term": tc.term,
                        "count": tc.count,
                        "forms": list(tc.forms),
                    }
                )
            for fg in figures.extract_figures(text, region=region):
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
                        "qualifier": fg.qualifier,
                        "value_base": fg.value_base,
                        "unit_base": fg.unit_base,
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
        **{
            k: meta.get(k)
            for k in (
                "title",
                "publisher",
                "publisher_basis",
                "url",
                "published",
                "published_basis",
                "author",
            )
        },
        "language": language,
        "region_vocab": vocab.label,
        "region": region,
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
    return ArticleResult(
        doc.source, article, None, para_rows, removed_rows, term_rows, figure_rows, citation_rows
    )


def _safe_process(doc: Document) -> ArticleResult:
    """One article's crash rejects that article with the error; the build goes on."""
    try:
        return process_document(doc)
    except Exception as exc:  # noqa: BLE001 - any rule failure must not stop the corpus
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = (
            f"processing failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        )
        return ArticleResult(doc.source, None, reason)


def assemble_chunk(results: list[ArticleResult], folder: Path) -> parallel.Chunk:
    """Write one chunk's row tables as Parquet files into ``folder``; return what the build needs.

    An identical copy of an article inside the chunk is folded into the first one (its source is
    added to ``sources``); rows are those of the first copy, articles in input order. The
    ``removed`` rows of every input are kept, ordered by source and line.
    """
    kept: dict[str, ArticleResult] = {}
    rejected: list[tuple[str, str]] = []
    duplicates = 0
    for res in results:
        if res.article is None:
            rejected.append((res.source, res.reason or "rejected"))
        elif (aid := res.article["article_id"]) in kept:
            kept[aid].article["sources"].append(res.source)
            duplicates += 1
        else:
            kept[aid] = res
    rows: dict[str, list[dict]] = {name: [] for name in parallel.PART_TABLES}
    for res in kept.values():
        for name in ("paragraphs", "terms", "figures", "citations"):
            rows[name].extend(getattr(res, name))
    rows["removed"] = sorted(
        (r for res in results for r in res.removed), key=lambda r: (r["source"], r["line"])
    )
    claims.tag_figures(rows["figures"])
    built = {name: tables.to_table(name, rows[name]) for name in parallel.PART_TABLES}
    built.update(aggregates.chunk_aggregates(built))  # the dashboard's pre-aggregations, article-local
    for name, table in built.items():
        tables.write_table(folder / f"{name}.parquet", table)
    samples = [dedupe.sample_shingles("\n".join(p["text"] for p in res.paragraphs)) for res in kept.values()]
    partial = pa.table(
        {c: [f.get(c) for f in rows["figures"]] for c in claims.PARTIAL_COLUMNS}, schema=claims.PARTIAL_SCHEMA
    )
    return parallel.Chunk(
        articles=[res.article for res in kept.values()],
        samples=samples,
        figures=partial,
        rejected=rejected,
        duplicates=duplicates,
        rows={name: t.num_rows for name, t in built.items()},
    )


class _Clock:
    """Seconds since the previous lap (stage timings for the benchmark harness)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        took, self.t = now - self.t, now
        return took


def _recover_interrupted_swap(output_dir: Path) -> None:
    """Put back a previous output that a killed build had moved aside, and drop stale temp folders."""
    parent = output_dir.parent
    olds = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and olds:
        os.replace(olds[-1], output_dir)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f".{output_dir.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def default_cache(output_dir: Path) -> Path:
    """The cache folder the command line uses for ``output_dir``: a hidden sibling."""
    output_dir = Path(output_dir)
    return output_dir.parent / f".{output_dir.name}.cache"


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
    where articles are analysed (``parallel.map_chunks``); with ``cache_dir`` unchanged chunks of
    files are not read or analysed again (an incremental build writes the same tables as a full one).
    """
    clock = _Clock()
    output_dir = Path(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover_interrupted_swap(output_dir)
    tmp = output_dir.parent / f".{output_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    stage = tmp / ".stage"  # parts of this build's chunks when there is no cache
    stage.mkdir(parents=True)

    plan = ingest.plan_inputs(input_dir)
    files = [
        parallel.FileItem(
            f.rel,
            str(f.path),
            f.problem,
            entries := plan.entries_for(f.rel),
            parallel.file_key(f.rel, f.stamp, entries, f.problem) if cache_dir else "",
        )
        for f in plan.files
    ]
    summary = BuildSummary()
    summary.seconds["list"] = clock.lap()
    chunks = parallel.map_chunks(
        files, stage, scheduler=scheduler, workers=workers, cache_dir=cache_dir, progress=progress
    )
    summary.seconds["analyse"] = clock.lap()

    # Identical articles in different chunks: the first copy (input order) keeps its rows.
    articles: dict[str, dict] = {}
    samples: dict[str, np.ndarray] = {}
    home: dict[str, int] = {}
    drops: dict[int, set[str]] = {}
    rejected = [(r.source, r.reason) for r in plan.problems]
    for i, chunk in enumerate(chunks):
        summary.documents += chunk.documents
        summary.files_found += chunk.files
        summary.analysed += chunk.analysed
        summary.duplicates_collapsed += chunk.duplicates
        rejected.extend(chunk.rejected)
        for art, sample in zip(chunk.articles, chunk.samples, strict=True):
            aid = art["article_id"]
            if aid in articles:
                articles[aid]["sources"].extend(art["sources"])
                summary.duplicates_collapsed += 1
                drops.setdefault(i, set()).add(aid)
            else:
                # the chunk's own row, not a copy (10⁵ copied 25-key dicts are ~0.1 GB of peak memory)
                art["sources"] = list(art["sources"])
                articles[aid] = art
                samples[aid], home[aid] = sample, i
    summary.files_found += len({r.source for r in plan.problems})  # manifests that were unusable
    ids = sorted(articles)
    for aid in ids:
        art = articles[aid]
        art["sources"].sort()
        art["source"] = art["sources"][0]
        for k in CLEANING_COUNTS:
            summary.counts[k] += art[k]
    summary.seconds["merge"] = clock.lap()

    # The segments need only the chunk folders and the drops: they are assembled (by the workers)
    # while this process finds near-duplicates and groups claims.
    writer = ThreadPoolExecutor(1, thread_name_prefix="segments")
    segments_done = writer.submit(
        _write_segments, chunks, drops, tmp, cache_dir, scheduler=scheduler, workers=workers
    )
    writer.shutdown(wait=False)

    try:
        ordered = [samples[a] for a in ids]
        # Near-duplicates and claims are functions of the chunks (their articles, samples, texts and
        # figures) and the copies dropped: one hash of those keys (which cover the code) stands for
        # them, cheaper than hashing 10⁵ articles' samples.
        chunks_key = (
            hashlib.sha256(
                json.dumps([[c.key, sorted(drops.get(i, ()))] for i, c in enumerate(chunks)]).encode()
            ).hexdigest()
            if cache_dir
            else ""
        )
        near_key = f"{dedupe.index_key()}|{chunks_key}" if cache_dir else ""
        near = parallel.cached_near_duplicates(cache_dir, near_key) if cache_dir else None
        if near is None:  # the same articles as last time (an unchanged rebuild) skip the pair search
            verdicts = parallel.cached_verdicts(cache_dir) if cache_dir else None
            pairs = _candidate_pairs(cache_dir, ids, ordered) if cache_dir else None
            near = dedupe.near_duplicates_from_samples(
                ids, ordered, lambda wanted: _texts(chunks, home, wanted), known=verdicts, pairs=pairs
            )
            if cache_dir:  # pairs of articles that are gone are dropped, so the file does not grow forever
                parallel.store_verdicts(
                    cache_dir, {p: v for p, v in verdicts.items() if p[0] in articles and p[1] in articles}
                )
                parallel.store_near_duplicates(cache_dir, near_key, near)
        for aid, other in near.items():
            articles[aid]["near_duplicate_of"] = other
        summary.near_duplicates = len(near)
        summary.seconds["near_duplicates"] = clock.lap()

        claims_key = chunks_key  # the same chunks and drops as last time: the same claims
        claims_tab = _cached_claims(cache_dir, claims_key) if cache_dir else None
        if claims_tab is None:
            figs = [_without(c.figures, drops.get(i)) for i, c in enumerate(chunks) if c.figures is not None]
            fig_df = (pa.concat_tables(figs) if figs else claims.PARTIAL_SCHEMA.empty_table()).to_pandas()
            art_df = pd.DataFrame(
                [articles[a] for a in ids], columns=["article_id", "publisher", "published"]
            )
            claims_df = claims.claims_table(fig_df, art_df)
            claims_tab = pa.Table.from_pandas(
                claims_df, schema=tables.SCHEMAS["claims"], preserve_index=False
            )
            if cache_dir:
                parallel.write_atomic(
                    Path(cache_dir) / CLAIMS_FILE,
                    pickle.dumps((claims_key, claims_tab), protocol=pickle.HIGHEST_PROTOCOL),
                )
        summary.seconds["claims"] = clock.lap()

    except BaseException:
        wait([segments_done])  # never leave the writer filling a folder this build abandons
        raise

    summary.rows = segments_done.result()
    small = {
        "articles": tables.to_table("articles", [articles[a] for a in ids]),
        "claims": claims_tab,
        "rejected": tables.to_table(
            "rejected", [{"source": s, "reason": r} for s, r in sorted(rejected, key=lambda x: x[0])]
        ),
    }
    for name, table in small.items():
        tables.write_table(tmp / f"{name}.parquet", table)
        summary.rows[name] = table.num_rows
    summary.rows = {name: summary.rows[name] for name in sorted(summary.rows)}
    summary.articles = len(ids)
    summary.rejected = len(rejected)
    summary.rejected_items = sorted(rejected, key=lambda x: x[0])
    tables.write_meta(
        tmp,
        {
            "files_found": summary.files_found,
            "documents": summary.documents,
            "articles": summary.articles,
            "duplicates_collapsed": summary.duplicates_collapsed,
            "rejected": summary.rejected,
            "cleaning": {k: int(v) for k, v in sorted(summary.counts.items())},
            "rows": summary.rows,
        },
    )
    shutil.rmtree(stage, ignore_errors=True)
    summary.seconds["write"] = clock.lap()
    _swap_in(tmp, output_dir)
    return summary


CLAIMS_FILE = "claims.pkl"


def _cached_claims(cache_dir: Path, key: str) -> pa.Table | None:
    """The claims table of the previous build if it was grouped from the same chunks and drops."""
    try:
        found_key, table = pickle.loads((Path(cache_dir) / CLAIMS_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable cache only costs grouping again
        return None
    ok = found_key == key and isinstance(table, pa.Table) and table.schema.equals(tables.SCHEMAS["claims"])
    return table if ok else None


def _candidate_pairs(
    cache_dir: Path, ids: list[str], samples: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The near-duplicate candidate pairs, from the cached pair search of an earlier build when it
    can be updated (a few articles added or removed), else from a full search that is kept for the
    next build. Either way the same pairs as ``dedupe._candidates``."""
    folder = Path(cache_dir) / "near-index"
    # the code fingerprint: an article id (a text hash) keeps its samples only while the code does
    key = f"{dedupe.index_key()}|{parallel.fingerprint()}"
    base = dedupe.load_index(folder, key)
    pairs = dedupe.update_candidates(base, ids, samples) if base is not None else None
    if pairs is None:
        index = dedupe.build_index(ids, samples)
        dedupe.store_index(folder, index, key)
        pairs = (index.cand_i, index.cand_j)
    return pairs


def _without(table: pa.Table, aids: set[str] | None) -> pa.Table:
    """``table`` minus the rows of ``aids`` (copies of articles kept from an earlier chunk)."""
    if not aids:
        return table
    return table.filter(pc.invert(pc.is_in(table.column("article_id"), pa.array(sorted(aids), pa.string()))))


def _write_segments(
    chunks: list[parallel.Chunk],
    drops: dict[int, set[str]],
    out: Path,
    cache_dir: Path | None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
) -> dict[str, int]:
    """Write each segment of chunks as one part of every row table in ``out``; return row counts.

    A segment's part is its chunks' parts one after another, minus copies of articles kept from an
    earlier chunk. Segments are assembled by the same scheduler as the chunks (they need only the
    chunk folders and the drops). With a cache, each segment is stored under a hash of its chunks
    and drops and hard-linked into the output, so an unchanged segment costs no reading or writing.
    """
    names = list(chunks[0].rows) if chunks else [*parallel.PART_TABLES, *aggregates.AGG_SCHEMAS]
    rows = dict.fromkeys(names, 0)
    for name in names:
        (out / f"{name}.parquet").mkdir(parents=True, exist_ok=True)
    if not chunks:
        for name in names:
            schema = tables.SCHEMAS.get(name) or aggregates.AGG_SCHEMAS[name]
            tables.write_table(tables.part_path(out, name, 0), schema.empty_table())
        return rows
    stores: list[Path | None] = []
    counts: list[dict[str, int] | None] = []
    jobs: list[tuple[int, parallel.SegmentJob]] = []
    for s, idxs in enumerate(parallel.segments(chunks)):
        key = hashlib.sha256(
            json.dumps([[chunks[i].key, sorted(drops.get(i, ()))] for i in idxs]).encode()
        ).hexdigest()
        store = Path(cache_dir) / "segments" / key[:2] / key if cache_dir else None
        done = store / "rows.json" if store else None
        stores.append(store)
        if done is not None and done.exists():
            counts.append(json.loads(done.read_text()))
            continue
        counts.append(None)
        targets = {
            name: str(store / f"{name}.parquet" if store else tables.part_path(out, name, s))
            for name in names
        }
        jobs.append(
            (
                s,
                parallel.SegmentJob(
                    folders=[chunks[i].folder for i in idxs],
                    drops=[sorted(drops.get(i, ())) for i in idxs],
                    names=names,
                    targets=targets,
                    done=str(done) if done else "",
                ),
            )
        )
    written = parallel.map_segments([job for _, job in jobs], scheduler=scheduler, workers=workers)
    for (s, _), got in zip(jobs, written, strict=True):
        counts[s] = got
    for s, (store, got) in enumerate(zip(stores, counts, strict=True)):
        for name in names:
            if store:
                _link(store / f"{name}.parquet", tables.part_path(out, name, s))
            rows[name] += got[name]
    return rows


def write_segment(job: parallel.SegmentJob) -> dict[str, int]:
    """Concatenate one segment's chunk parts (minus dropped copies) into each target; return row counts."""
    fixed = {
        i: _drop_copies(Path(folder), set(aids))
        for i, (folder, aids) in enumerate(zip(job.folders, job.drops, strict=True))
        if aids
    }
    counts = {}
    for name in job.names:
        parts = [
            fixed[i][name] if i in fixed else pq.read_table(Path(folder) / f"{name}.parquet")
            for i, folder in enumerate(job.folders)
        ]
        table = pa.concat_tables(parts)
        tables.write_table(Path(job.targets[name]), table)
        counts[name] = table.num_rows
    if job.done:
        parallel.write_atomic(Path(job.done), json.dumps(counts).encode())
    return counts


def _drop_copies(folder: Path, aids: set[str]) -> dict[str, pa.Table]:
    """A chunk's tables without the rows of ``aids`` (copies of articles kept from an earlier chunk).

    ``removed`` keeps every input's lines; the pre-aggregations are computed again from what is left.
    """
    out = {name: pq.read_table(folder / f"{name}.parquet") for name in parallel.PART_TABLES}
    for name in parallel.PART_TABLES:
        if name != "removed":
            out[name] = _without(out[name], aids)
    out.update(aggregates.chunk_aggregates(out))
    return out


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system: copy
        shutil.copyfile(src, dst)


def _texts(chunks: list[parallel.Chunk], home: dict[str, int], wanted: list[str]) -> dict[str, str]:
    """Cleaned texts of a few articles, read back from their chunks' paragraph parts."""
    by_chunk: dict[int, list[str]] = {}
    for aid in wanted:
        by_chunk.setdefault(home[aid], []).append(aid)

    def read(item: tuple[int, list[str]]) -> pa.Table:
        i, aids = item
        return pq.read_table(
            Path(chunks[i].folder) / "paragraphs.parquet",
            columns=["article_id", "text"],
            filters=[("article_id", "in", aids)],
        )

    # A few threads: Arrow reads and decompresses without the GIL, and an incremental build asks
    # for the texts of a hundred or so articles spread over as many chunks.
    with ThreadPoolExecutor(4, thread_name_prefix="texts") as pool:
        found = list(pool.map(read, by_chunk.items()))
    out: dict[str, str] = {}
    for table in found:
        parts: dict[str, list[str]] = {}
        for aid, text in zip(
            table.column("article_id").to_pylist(), table.column("text").to_pylist(), strict=True
        ):
            parts.setdefault(aid, []).append(text)
        out.update({aid: "\n".join(texts) for aid, texts in parts.items()})
    return out


def _swap_in(tmp: Path, output_dir: Path) -> None:
    """Make ``tmp`` the output folder in one step where the system allows it."""
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    if output_dir.exists() and _exchange(tmp, output_dir):
        shutil.rmtree(tmp, ignore_errors=True)  # it now holds the previous output
        return
    # No atomic exchange here: a kill between these two renames leaves the previous output
    # aside as .old-<pid>, which the next build puts back (_recover_interrupted_swap).
    if output_dir.exists():
        os.replace(output_dir, old)
    os.replace(tmp, output_dir)
    shutil.rmtree(old, ignore_errors=True)


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
