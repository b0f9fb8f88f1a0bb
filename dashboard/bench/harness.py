"""Benchmark harness: ``python -m dashboard.bench [--size N] [--repeats R]`` (``make bench``).

Generates a deterministic corpus (``dashboard/bench/corpusgen.py``) under ``data/bench/`` and prints,
each as a median over ``--repeats`` runs, every run in a fresh child process of this one:

- bare segmentation of the same decoded text, the yardsticks: Python jieba (``jieba.lcut``) and
  rjieba (jieba-rs, the engine the pipeline uses), dictionary loaded before the clock starts;
- full build with 1 and with 2 worker processes: seconds, MB/s of raw text, ratio to jieba,
  1→2 worker speed-up, peak resident memory (main process + largest worker);
- incremental build: seconds to add 10 new articles to the cached build of the corpus.

- dashboard: cold load, per-interaction server time and app memory on the built output
  (``dashboard/bench/app_bench.py``, run as a child; skipped with ``--no-dashboard``).
Results go to stdout as a table and, with ``--json FILE``, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from dashboard.pipeline.lexicon import REPO_ROOT

BENCH_DIR = REPO_ROOT / "data" / "bench"
NEW_ARTICLES = 10


# --------------------------------------------------------------------------- child measurements


def _peak_rss_mb() -> tuple[float, float]:
    """(this process, largest reaped child) peak resident memory in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def _child_jieba(corpus: Path) -> dict:
    """Bare Python-jieba segmentation of every document's decoded text (dictionary loaded first)."""
    import jieba

    from dashboard.pipeline import ingest

    docs, _ = ingest.read_inputs(corpus)
    jieba.setLogLevel(60)
    jieba.initialize()
    start = time.perf_counter()
    tokens = sum(len(jieba.lcut(d.text)) for d in docs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tokens": tokens, "chars": sum(len(d.text) for d in docs)}


def _child_rjieba(corpus: Path) -> dict:
    """Bare rjieba (the pipeline's engine) cutting every document's decoded text, dictionary loaded first."""
    import rjieba

    from dashboard.pipeline import ingest

    docs, _ = ingest.read_inputs(corpus)
    seg = rjieba.Jieba()
    seg.cut("预热")  # the dictionary is loaded by the constructor; one call warms the rest up
    start = time.perf_counter()
    tokens = sum(len(seg.cut(d.text)) for d in docs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tokens": tokens, "chars": sum(len(d.text) for d in docs)}


def _child_build(corpus: Path, out: Path, workers: int | None, cache: Path | None) -> dict:
    from dashboard.pipeline.build import build

    start = time.perf_counter()
    summary = build(corpus, out, workers=workers, cache_dir=cache)
    seconds = time.perf_counter() - start
    own, child = _peak_rss_mb()
    return {
        "seconds": seconds,
        "articles": summary.articles,
        "analysed": summary.analysed,
        "stages": summary.seconds,
        "rss_main_mb": own,
        "rss_worker_mb": child,
    }


def _run_child(*args: str) -> dict:
    """Run one measurement in a fresh interpreter (clean memory high-water mark, cold caches)."""
    cmd = [sys.executable, "-m", "dashboard.bench", "--child", *args]
    done = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- corpus


def corpus_dir(size: int, root: Path = BENCH_DIR, mix: str = "real") -> Path:
    """Where the corpus of ``size`` articles in ``mix`` lives (the default mix keeps the plain name)."""
    return root / (
        f"corpus-{size}" if mix == "real" else f"corpus-{size}-{mix.replace('=', '').replace(',', '-')}"
    )


def ensure_corpus(size: int, root: Path = BENCH_DIR, mix: str = "real") -> Path:
    """The generated corpus of ``size`` articles, written once and reused (a stamp marks it complete).

    The stamp names the generator version and mix, so a corpus left by an older generator is rebuilt.
    """
    from dashboard.bench import corpusgen

    corpus = corpus_dir(size, root, mix)
    stamp = corpus / ".complete"
    want = f"{size} {corpusgen.VERSION} {mix}\n"
    if not stamp.exists() or stamp.read_text() != want:
        shutil.rmtree(corpus, ignore_errors=True)
        corpusgen.generate(size, corpus, mix=mix)
        stamp.write_text(want)
    return corpus


def _raw_bytes(corpus: Path) -> int:
    """Bytes of every input file (text, pages, exports; not the manifests)."""
    from dashboard.pipeline import ingest

    return sum(
        p.stat().st_size
        for p in corpus.rglob("*")
        if p.suffix in ingest.ACCEPTED and p.name != ingest.MANIFEST_NAME and not p.name.startswith(".")
    )


def _linked_copy(src: Path, dst: Path) -> None:
    """A copy of the corpus made of hard links (cheap at 10⁵ files), so new articles can be added."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, copy_function=os.link, ignore=shutil.ignore_patterns(".*"))


# --------------------------------------------------------------------------- the benchmark


def machine() -> dict:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def run(
    size: int,
    repeats: int,
    root: Path = BENCH_DIR,
    workers: tuple[int, ...] = (1, 2),
    log=print,
    jieba: bool = True,
    dashboard: bool = True,
    mix: str = "real",
) -> dict:
    """Run every measurement and return the medians (and every run) as a dict.

    ``jieba=False`` skips the yardstick (at 10⁵ articles it alone takes about 20 minutes here).
    """
    corpus = ensure_corpus(size, root, mix)
    raw_mb = _raw_bytes(corpus) / 1e6
    log(f"corpus: {size} articles ({mix} mix), {raw_mb:.2f} MB raw files, in {corpus}")
    runs: dict[str, list[dict]] = {
        "jieba": [],
        "rjieba": [],
        **{f"build_{w}": [] for w in workers},
        "unchanged": [],
        "incremental": [],
    }
    out = root / f"out-{size}"
    cache = root / f"cache-{size}"
    for r in range(repeats):
        log(f"  run {r + 1}:", end="")
        if jieba:
            runs["jieba"].append(_run_child("jieba", str(corpus)))
            log(f" jieba {runs['jieba'][-1]['seconds']:.2f} s", end="")
            runs["rjieba"].append(_run_child("rjieba", str(corpus)))
            log(f" rjieba {runs['rjieba'][-1]['seconds']:.2f} s", end="")
        for w in workers:
            # A full build from an empty chunk cache: what a first build costs (writing the cache
            # included); the last one's cache serves the incremental measurement below.
            shutil.rmtree(cache, ignore_errors=True)
            res = _run_child("build", str(corpus), str(out), str(w), str(cache))
            runs[f"build_{w}"].append(res)
            log(f"  build {w}w {res['seconds']:.2f} s", end="")
        log("")

    # Incremental: the cached build above, rebuilt unchanged, then batches of new articles, each timed.
    from dashboard.bench import corpusgen

    inc = root / f"inc-{size}"
    _linked_copy(corpus, inc)  # same names, sizes and modification times: every chunk is cached
    inc_out = root / f"inc-out-{size}"
    for r in range(repeats):
        res = _run_child("build", str(inc), str(inc_out), "auto", str(cache))
        runs["unchanged"].append(res)
        log(f"  unchanged rebuild {r + 1}: ({res['analysed']} analysed) {res['seconds']:.2f} s")
        corpusgen.generate(NEW_ARTICLES, inc, start=size + r * NEW_ARTICLES, folder=f"new-{r}", mix=mix)
        # "auto": a batch this small is analysed in the build process, with no worker start-up.
        res = _run_child("build", str(inc), str(inc_out), "auto", str(cache))
        runs["incremental"].append(res)
        log(
            f"  incremental {r + 1}: +{NEW_ARTICLES} articles ({res['analysed']} analysed) {res['seconds']:.2f} s"
        )

    app = None
    if dashboard:
        log("  dashboard: cold loads and interactions on the built output …")
        from dashboard.bench import app_bench as bench_app

        app = bench_app.run(out, repeats, 28)
        log(bench_app.render(app))

    med = {k: statistics.median(x["seconds"] for x in v) for k, v in runs.items() if v}
    one, two = f"build_{workers[0]}", f"build_{workers[-1]}"
    result = {
        "machine": machine(),
        "size": size,
        "mix": mix,
        "repeats": repeats,
        "raw_mb": raw_mb,
        "seconds": med,
        "throughput_mb_s": {k: raw_mb / med[k] for k in med if k.startswith("build_")},
        "ratio_to_jieba": {
            k: med[k] / med["jieba"] for k in med if k.startswith("build_") and "jieba" in med
        },
        # the build target's yardstick: the pipeline's own segmentation engine on the same decoded text
        "ratio_to_rjieba": {
            k: med[k] / med["rjieba"] for k in med if k.startswith("build_") and "rjieba" in med
        },
        "speedup": med[one] / med[two] if two != one else 1.0,
        "peak_rss_mb": {
            k: max(x["rss_main_mb"] + int(k.split("_")[1]) * x["rss_worker_mb"] for x in runs[k])
            for k in runs
            if k.startswith("build_")
        },
        "incremental_add_s": med["incremental"],
        "unchanged_rebuild_s": med["unchanged"],
        "dashboard": app,
        "runs": runs,
    }
    return result


def render(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"machine: {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, load {m['load_avg_1m']}",
        f"corpus: {res['size']} articles ({res.get('mix', 'real')} mix), {res['raw_mb']:.2f} MB raw files; "
        f"medians of {res['repeats']} runs",
    ]
    if "jieba" in res["seconds"]:
        lines.append(f"  bare jieba.lcut                 {res['seconds']['jieba']:8.2f} s")
        lines.append(f"  bare rjieba cut                 {res['seconds']['rjieba']:8.2f} s")
    else:
        lines.append("  bare jieba.lcut                 not measured (BENCH_JIEBA=0)")
    for k, s in res["seconds"].items():
        if k.startswith("build_"):
            w = k.split("_")[1]
            ratio = res["ratio_to_jieba"].get(k)
            lines.append(
                f"  build, {w} worker(s)             {s:8.2f} s  {res['throughput_mb_s'][k]:6.3f} MB/s  "
                + (f"ratio to jieba {ratio:5.2f}  " if ratio is not None else "")
                + (
                    f"ratio to rjieba {res['ratio_to_rjieba'][k]:5.2f}  "
                    if k in res.get("ratio_to_rjieba", {})
                    else ""
                )
                + f"peak RSS {res['peak_rss_mb'][k]:7.0f} MB"
            )
    for k in res["seconds"]:
        if k not in ("jieba", "rjieba"):
            stages = res["runs"][k][-1].get("stages", {})
            lines.append(
                f"    stages, {k} (last run): " + ", ".join(f"{n} {v:.2f} s" for n, v in stages.items())
            )
    if len([k for k in res["seconds"] if k.startswith("build_")]) > 1:
        lines.append(f"  speed-up 1 → 2 workers          {res['speedup']:8.2f} ×")
    lines += [
        f"  unchanged rebuild (all cached)  {res['unchanged_rebuild_s']:8.2f} s",
        f"  incremental: add {NEW_ARTICLES} articles     {res['incremental_add_s']:8.2f} s",
    ]
    if res.get("dashboard"):
        from dashboard.bench import app_bench as bench_app

        lines.append("  dashboard on this output:")
        lines += ["    " + ln for ln in bench_app.render(res["dashboard"]).splitlines()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "300")))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", "3")))
    parser.add_argument("--root", type=Path, default=BENCH_DIR, help="folder for corpora and outputs")
    parser.add_argument(
        "--workers",
        default=os.environ.get("BENCH_WORKERS", "1,2"),
        help="worker counts to time, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--no-jieba",
        action="store_true",
        default=os.environ.get("BENCH_JIEBA") == "0",
        help="skip the bare-jieba yardstick (BENCH_JIEBA=0)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--mix",
        default=os.environ.get("BENCH_MIX", "real"),
        help="corpus shape mix (corpusgen.py --mix): real (default), seed-lines (the earlier corpus), or weights",
    )
    parser.add_argument(
        "--no-dashboard",
        action="store_true",
        default=os.environ.get("BENCH_DASHBOARD") == "0",
        help="skip the dashboard measurements (BENCH_DASHBOARD=0)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "jieba":
            out = _child_jieba(Path(rest[0]))
        elif kind == "rjieba":
            out = _child_rjieba(Path(rest[0]))
        else:
            cache = Path(rest[3]) if len(rest) > 3 else None
            workers = None if rest[2] == "auto" else int(rest[2])
            out = _child_build(Path(rest[0]), Path(rest[1]), workers, cache)
        print(json.dumps(out))
        return 0

    def log(msg: str, end: str = "\n") -> None:
        print(msg, end=end, file=sys.stderr, flush=True)

    workers = tuple(int(w) for w in args.workers.split(",") if w.strip())
    res = run(
        args.size,
        args.repeats,
        args.root,
        workers=workers,
        log=log,
        jieba=not args.no_jieba,
        dashboard=not args.no_dashboard,
        mix=args.mix,
    )
    print(render(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
