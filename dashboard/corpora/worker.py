"""One corpus build in its own process: ``python -m dashboard.corpora.worker WORKDIR CID``.

Runs the pipeline's ``build`` on ``WORKDIR/input`` into ``WORKDIR/out`` (in this process, no
worker pool: the app's server stays responsive), writes progress to ``WORKDIR/progress.json``
as chunks finish, adds the upload's own rejections to the ``rejected`` table, stores the build
summary and publishes the folder under the corpus id in one rename. A build that dies leaves
only its work folder, never a half-written corpus.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
from dask.callbacks import Callback

from dashboard.corpora import ids, storage
from dashboard.corpora.limits import limits
from dashboard.pipeline import build as pipeline_build
from dashboard.pipeline.build import write as tables
from dashboard.pipeline.build.chunks import Chunk

PROGRESS = "progress.json"
UPLOAD_REJECTED = "upload_rejected.json"


def write_json(path: Path, payload: dict) -> None:
    """Write ``payload`` atomically (a reader never sees half a file)."""
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


class _Counter(Callback):
    """Counts files read and articles analysed as the pipeline's chunk tasks finish."""

    def __init__(self, path: Path, total: int):
        super().__init__()
        self.path, self.state = path, {"stage": "analysing", "files": 0, "total": total, "articles": 0}
        write_json(path, self.state)

    def _posttask(self, key, result, dsk, state, id):
        if isinstance(result, list) and any(isinstance(c, Chunk) for c in result):
            for c in result:
                if isinstance(c, Chunk):
                    self.state["files"] += c.files
                    self.state["articles"] += c.documents
            write_json(self.path, self.state)


def _over_article_limit(inputs: Path, progress: Path) -> list[tuple[str, str]]:
    """Remove (and report) the files holding an article over the per-article limit.

    Here rather than in the page: parsing every file costs seconds the reader should not wait
    for, and the outcome depends only on the files, so the corpus id need not include it.
    """
    lim = limits()
    out = []
    paths = sorted(p for p in inputs.rglob("*") if p.is_file())
    for i, path in enumerate(paths):
        if i % 20 == 0:
            write_json(progress, {"stage": "checking", "files": i, "total": len(paths), "articles": 0})
        rel = path.relative_to(inputs).as_posix()
        problem = ids.article_limit_problem(rel, path.read_bytes(), lim)
        if problem:
            path.unlink()
            out.append((rel, problem))
    return out


def _removed_by_rule(out: Path) -> dict[str, int]:
    path = out / "removed.parquet"
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    counts: dict[str, int] = {}
    for f in files:
        if f.is_file():
            for rule in pq.read_table(f, columns=["rule"]).column("rule").to_pylist():
                counts[rule] = counts.get(rule, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _merged(out: Path) -> list[dict[str, str]]:
    """Each file whose article was already in the upload (the build counts it once): the file and
    the one its article is counted under."""
    table = pq.read_table(out / "articles.parquet", columns=["sources"]).column("sources").to_pylist()
    return [
        {"source": extra, "same_as": sources[0]}
        for sources in sorted(s for s in table if s and len(s) > 1)
        for extra in sources[1:]
    ]


def run(work: Path, cid: str) -> dict:
    """Build, record and publish corpus ``cid`` from ``work``; returns its summary."""
    inputs, out = work / "input", work / "out"
    upload_rejected = [tuple(r) for r in json.loads((work / UPLOAD_REJECTED).read_text(encoding="utf-8"))]
    upload_rejected += _over_article_limit(inputs, work / PROGRESS)
    total = sum(len(files) for _, _, files in os.walk(inputs))
    with _Counter(work / PROGRESS, total):
        result = pipeline_build.build(inputs, out, progress=False, workers=0, cache_dir=None)
    write_json(
        work / PROGRESS, {"stage": "publishing", "files": total, "total": total, "articles": result.documents}
    )
    rejected = sorted({*result.rejected_items, *upload_rejected})
    if upload_rejected:  # the rejected table lists every file, whether the upload or the build turned it down
        tables.write_table(
            out / "rejected.parquet",
            tables.to_table("rejected", [{"source": s, "reason": r} for s, r in rejected]),
        )
        # and meta.json counts what the tables hold
        meta = json.loads((out / tables.META_FILE).read_text(encoding="utf-8"))
        meta.pop("schema_version", None)
        meta["rejected"] = meta["rows"]["rejected"] = len(rejected)
        meta["files_found"] = result.files_found + len(upload_rejected)
        tables.write_meta(out, meta)
    summary = {
        "id": cid,
        "files": result.files_found + len(upload_rejected),
        "documents": result.documents,
        "articles": result.articles,
        "duplicates_collapsed": result.duplicates_collapsed,
        "merged": _merged(out),
        "near_duplicates": result.near_duplicates,
        "rejected": [{"source": s, "reason": r} for s, r in rejected],
        "removed_by_rule": _removed_by_rule(out),
        "cleaning": {k: int(v) for k, v in sorted(result.counts.items())},
    }
    write_json(out / storage.SUMMARY, summary)
    # the files it was built from and what the upload turned down go with the corpus: adding
    # articles to it later rebuilds from them plus the new files
    os.replace(inputs, out / storage.INPUTS)
    (out / storage.UPLOAD_REJECTED).write_text(json.dumps(sorted(set(upload_rejected))), encoding="utf-8")
    storage.publish(out, cid)
    storage.evict(keep=frozenset({cid}))
    return summary


def main(argv: list[str]) -> int:
    work, cid = Path(argv[0]), argv[1]
    try:
        run(work, cid)
    except Exception as exc:  # reported on the page by the runner
        write_json(work / PROGRESS, {"stage": "failed", "error": f"{type(exc).__name__}: {exc}"})
        return 1
    write_json(work / PROGRESS, {"stage": "done"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
