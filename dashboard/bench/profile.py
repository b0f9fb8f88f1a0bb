"""Where a build's time goes: ``python -m dashboard.bench.profile [--size 2000]`` (``make bench-profile``).

Runs, in one run: bare rjieba (the pipeline's segmentation engine) cutting every document's
decoded text, the whole build of the same corpus with ``workers=0`` in a fresh process without
the profiler (the ratio's build time), then the build again in this process (every chunk
analysed here, so the sampling profiler sees all of it) under pyinstrument. Prints the
total, the time per pipeline stage and the top functions, and writes them as JSON.

A stage owns the samples whose innermost *pipeline* frame belongs to it: time inside a library
(rjieba, OpenCC, regex, pyarrow, BeautifulSoup) counts for the pipeline code that called it, so
``segmentation`` is the rjieba cutting called from ``terms.segment``. pyinstrument is a test/bench
extra (``pip install -e .[bench]``), never a runtime dependency.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from dashboard.bench.harness import BENCH_DIR, ensure_corpus, machine

# (stage, test on the pipeline frame's path relative to dashboard/pipeline and its function name),
# first match wins; order matters where a module holds two stages.
STAGE_RULES: tuple[tuple[str, object], ...] = (
    (
        "segmentation (rjieba)",
        lambda f, fn: f == "analyse/terms.py" and fn in ("segment", "rjieba_segmenter"),
    ),
    ("decode / ingest", lambda f, fn: f.startswith("ingest")),
    ("paragraph restoration", lambda f, fn: f == "paragraphs.py"),
    ("cleaning", lambda f, fn: f.startswith("clean")),
    ("language", lambda f, fn: f in ("analyse/language.py", "script.py")),
    ("terms and topics", lambda f, fn: f in ("analyse/terms.py", "analyse/topics.py")),
    ("figures", lambda f, fn: f.startswith("figures") or f == "analyse/figures.py"),
    ("citations", lambda f, fn: f.startswith("sources") or f in ("analyse/citations.py", "wire.py")),
    ("metadata", lambda f, fn: f.startswith("metadata") or f == "analyse/article.py"),
    ("claims", lambda f, fn: "claims" in f),
    ("near-duplicates", lambda f, fn: f == "build/dedupe.py"),
    (
        "writing (rows, aggregates, Parquet, segments)",
        lambda f, fn: (
            f
            in (
                "build/write.py",
                "build/segments.py",
                "build/aggregates.py",
                "tables.py",
                "aggregates.py",
                "analyse/paragraphs.py",
                "records.py",
            )
        ),
    ),
)
PIPELINE = "dashboard/pipeline/"


def _stage(path: str, function: str) -> str | None:
    """The stage of a frame, or None when the frame is not pipeline code."""
    at = path.replace(os.sep, "/").find(PIPELINE)
    if at < 0:
        return None
    rel = path.replace(os.sep, "/")[at + len(PIPELINE) :]
    for name, test in STAGE_RULES:
        if test(rel, function):
            return name
    return "other pipeline (build driver, chunking, cache, context)"


def attribute(root) -> tuple[dict[str, float], dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """Per-stage seconds, per-function self seconds and per-pipeline-function inclusive seconds."""
    stages: dict[str, float] = defaultdict(float)
    own: dict[tuple[str, str], float] = defaultdict(float)
    inclusive: dict[tuple[str, str], float] = defaultdict(float)

    def walk(frame, current: str, seen: frozenset) -> None:
        path = frame.file_path or ""
        stage = _stage(path, frame.function) or current
        key = (frame.function, _short(path, frame.line_no))
        stages[stage] += frame.total_self_time
        own[key] += frame.total_self_time
        if _stage(path, frame.function) and key not in seen:  # recursion counted once
            inclusive[key] += frame.time
            seen = seen | {key}
        for child in frame.children:
            if not child.is_synthetic:  # "[self]" leaves: already in the parent's total_self_time
                walk(child, stage, seen)

    walk(root, "outside the pipeline (interpreter, imports, dask)", frozenset())
    return dict(stages), dict(own), dict(inclusive)


def _short(path: str, line: int | None) -> str:
    p = path.replace(os.sep, "/")
    for marker in (PIPELINE, "site-packages/", "lib/python3"):
        if marker in p:
            p = p[p.find(marker) + (0 if marker == PIPELINE else len(marker)) :]
            break
    return f"{p}:{line}" if line else p


def rjieba_seconds(corpus: Path) -> dict:
    """Decode every input (timed apart), then bare rjieba cutting each document's text."""
    import rjieba

    from dashboard.pipeline import ingest

    start = time.perf_counter()
    docs, _ = ingest.read_inputs(corpus)
    read = time.perf_counter() - start
    start = time.perf_counter()
    seg = rjieba.Jieba()
    seg.cut("预热")
    load = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(seg.cut(d.text)) for d in docs)
    cut, cut_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "documents": len(docs),
        "chars": sum(len(d.text) for d in docs),
        "read_s": read,
        "dictionary_load_s": load,
        "cut_s": cut,
        "cut_cpu_s": cut_cpu,
        "tokens": tokens,
    }


_UNPROFILED = """
import json, sys, time
from pathlib import Path
from dashboard.pipeline.build import build
wall, cpu = time.perf_counter(), time.process_time()
build(Path(sys.argv[1]), Path(sys.argv[2]), workers=0, cache_dir=None)
print(json.dumps({"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}))
"""


def unprofiled_build(corpus: Path, out: Path) -> dict:
    """The same build (workers=0) without the profiler, in a fresh process (no warm caches):
    ``build()``'s own wall and CPU seconds, imports excluded. The profiler's sampling inflates
    the CPU time of a build with many short calls, so the ratio to rjieba is taken from this one."""
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-c", _UNPROFILED, str(corpus), str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=os.getcwd(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(size: int, root: Path, interval: float, mix: str = "real") -> dict:
    from pyinstrument import Profiler

    from dashboard.pipeline.build import build

    corpus = ensure_corpus(size, root, mix)
    yard = rjieba_seconds(corpus)
    out = root / f"profile-out-{size}"
    plain = unprofiled_build(corpus, out)
    shutil.rmtree(out, ignore_errors=True)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    profiler = Profiler(interval=interval)
    profiler.start()
    summary = build(corpus, out, workers=0, cache_dir=None)
    profiler.stop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    session = profiler.last_session
    stages, own, inclusive = attribute(session.root_frame())
    (root / f"profile-{size}.html").write_text(profiler.output_html())
    (root / f"profile-{size}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
    total = sum(stages.values())
    return {
        "machine": machine(),
        "size": size,
        "mix": mix,
        "articles": summary.articles,
        "build_wall_s": wall,
        "build_cpu_s": cpu,
        "profiled_s": total,
        "build_stages_s": summary.seconds,
        "rjieba": yard,
        "ratio_build_to_rjieba_cut": wall / yard["cut_s"],
        "ratio_build_cpu_to_rjieba_cut": cpu / yard["cut_cpu_s"],
        "unprofiled_build": plain,
        "ratio_unprofiled_build_cpu_to_rjieba_cut": plain["cpu_s"] / yard["cut_cpu_s"],
        "stages_s": dict(sorted(stages.items(), key=lambda kv: -kv[1])),
        "top_self": [[f, loc, s] for (f, loc), s in sorted(own.items(), key=lambda kv: -kv[1])[:40]],
        "top_inclusive": [
            [f, loc, s] for (f, loc), s in sorted(inclusive.items(), key=lambda kv: -kv[1])[:40]
        ],
    }


def render(res: dict) -> str:
    m, y = res["machine"], res["rjieba"]
    lines = [
        f"machine: {m['cpus']} CPUs, load {m['load_avg_1m']}; {res['size']} articles ({res['mix']} mix), "
        f"{y['documents']} documents, {y['chars'] / 1e6:.2f} M characters",
        f"build (workers=0, profiled): {res['build_wall_s']:.1f} s wall, {res['build_cpu_s']:.1f} s CPU",
        f"rjieba cutting the same text: {y['cut_s']:.2f} s wall, {y['cut_cpu_s']:.2f} s CPU "
        f"(dictionary load {y['dictionary_load_s']:.2f} s apart)",
        f"ratio build / rjieba: {res['ratio_build_to_rjieba_cut']:.1f} (wall), "
        f"{res['ratio_build_cpu_to_rjieba_cut']:.1f} (CPU)",
        f"build without the profiler (fresh process): {res['unprofiled_build']['wall_s']:.1f} s wall, "
        f"{res['unprofiled_build']['cpu_s']:.1f} s CPU; ratio to rjieba "
        f"{res['ratio_unprofiled_build_cpu_to_rjieba_cut']:.1f} (CPU)",
        "build stages (BuildSummary): "
        + ", ".join(f"{k} {v:.1f} s" for k, v in res["build_stages_s"].items()),
        "per pipeline stage (profiler samples):",
    ]
    total = res["profiled_s"] or 1
    lines += [f"  {k:55s} {v:7.2f} s {100 * v / total:5.1f} %" for k, v in res["stages_s"].items()]
    lines.append("top functions by own time:")
    lines += [f"  {s:7.2f} s  {f}  {loc}" for f, loc, s in res["top_self"][:25]]
    lines.append("top pipeline functions by inclusive time:")
    lines += [f"  {s:7.2f} s  {f}  {loc}" for f, loc, s in res["top_inclusive"][:25]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.bench.profile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--root", type=Path, default=BENCH_DIR)
    parser.add_argument("--interval", type=float, default=0.002, help="sampling interval, seconds")
    parser.add_argument("--mix", default="real")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    res = run(args.size, args.root, args.interval, args.mix)
    print(render(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
