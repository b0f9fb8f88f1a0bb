"""Dashboard benchmark: ``python -m dashboard.bench.app_bench --data DIR [--repeats R] [--json FILE]``.

Measures the app on a built output folder with ``streamlit.testing.v1.AppTest`` (the real app
script, run in-process, no browser), every measurement in a fresh child process of this one:

- cold load: Python start-up excluded, importing Streamlit + the app's first full run of the
  Overview page (tables opened, term index mapped or built, every chart computed), median over
  ``--repeats`` children; measured twice: with an empty term-index cache (the first start after a
  build) and with the cache the first of those children leaves (every later start);
- interactions: in one child, after the first run, a scripted sequence of at least
  ``--interactions`` widget changes (language, publisher, topic, date, keyword, clearing the
  filters, page switches, term selection), each timed as ``AppTest.run()`` server time; median
  and p95 per kind and overall;
- peak resident memory (``ru_maxrss``) of each child: the whole app process, AppTest included.

Prints a table and, with ``--json FILE``, writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 600  # seconds per AppTest run: a cold start on a big corpus is slow by design


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def _check(at) -> None:
    if at.exception:
        raise RuntimeError(f"app raised: {[e.value for e in at.exception]}")
    if at.error:  # e.g. no data or a schema mismatch: timing that page would measure nothing
        raise RuntimeError(f"app showed an error: {at.error[0].value}")


def child_cold(data: Path, app: str = APP) -> dict:
    """One cold start: import the app's stack, then the first run of the Overview page."""
    os.environ["CHIPWAR_DATA"] = str(data)
    start = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    imported = time.perf_counter()
    at = AppTest.from_file(app, default_timeout=TIMEOUT).run()
    done = time.perf_counter()
    _check(at)
    return {
        "import_s": imported - start,
        "first_run_s": done - imported,
        "cold_s": done - start,
        "articles": at.metric[0].value if at.metric else None,
        "peak_rss_mb": _rss_mb(),
    }


def _script(at, n: int) -> list[tuple[str, object]]:
    """The interaction plan: (kind, action) pairs built from the options the app offers."""
    outlets = list(at.multiselect(key="outlet").options)
    topics = list(at.multiselect(key="topic").options)
    langs = list(at.multiselect(key="lang").options)
    plan: list[tuple[str, object]] = []
    i = 0
    while len(plan) < n:
        o = outlets[i % len(outlets)] if outlets else None
        t = topics[i % len(topics)] if topics else None
        plan += [
            ("lang", lambda at, i=i: at.multiselect(key="lang").set_value([langs[i % len(langs)]])),
            ("publisher", lambda at, o=o: at.multiselect(key="outlet").set_value([o] if o else [])),
            ("clear", _clear),
            ("topic", lambda at, t=t: at.multiselect(key="topic").set_value([t] if t else [])),
            (
                "date",
                lambda at, i=i: at.date_input(key="from").set_value(dt.date(2023 + i % 3, 1 + i % 12, 1)),
            ),
            ("clear", _clear),
            ("page", lambda at: at.switch_page("views/terms.py")),
            ("term", None),  # filled in at run time from the page's options
            ("q", None),  # a term of the corpus as keyword (a new keyword each round)
            ("clear", _clear),
            ("page", lambda at: at.switch_page("views/sources.py")),
            ("page", lambda at: at.switch_page("views/figures.py")),
            ("page", lambda at: at.switch_page("views/articles.py")),
            ("page", lambda at: at.switch_page("views/overview.py")),
        ]
        i += 1
    return plan


def _clear(at) -> None:
    at.multiselect(key="lang").set_value([])
    at.multiselect(key="outlet").set_value([])
    at.multiselect(key="topic").set_value([])
    at.date_input(key="from").set_value(None)
    at.text_input(key="q").set_value("")


def child_interactions(data: Path, n: int, app: str = APP) -> dict:
    """Warm the app, then time ``n``+ scripted interactions (server time of each rerun)."""
    os.environ["CHIPWAR_DATA"] = str(data)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=TIMEOUT).run()
    _check(at)
    plan = _script(at, n)
    times: dict[str, list[float]] = {}
    round_no = 0
    for kind, action in plan:
        if kind == "term":
            options = list(at.selectbox(key="term").options) if _has(at, "term") else []
            if not options:
                continue
            value = options[(7 * round_no) % len(options)]
            at.selectbox(key="term").set_value(value)
        elif kind == "q":
            options = list(at.selectbox(key="term").options) if _has(at, "term") else []
            if not options:
                continue
            at.text_input(key="q").set_value(options[(11 * round_no + 3) % len(options)])
            round_no += 1
        else:
            action(at)
        start = time.perf_counter()
        at.run()
        times.setdefault(kind, []).append(time.perf_counter() - start)
        _check(at)
    every = [t for ts in times.values() for t in ts]
    return {
        "interactions": len(every),
        "median_s": statistics.median(every),
        "p95_s": _p95(every),
        "max_s": max(every),
        "by_kind": {
            k: {"n": len(v), "median_s": statistics.median(v), "p95_s": _p95(v)}
            for k, v in sorted(times.items())
        },
        "peak_rss_mb": _rss_mb(),
    }


def _has(at, key: str) -> bool:
    try:
        at.selectbox(key=key)
        return True
    except KeyError:
        return False


def _spawn(args: list[str], fresh_cache: bool = False) -> dict:
    env = dict(os.environ)
    if fresh_cache:  # an empty term-index cache: the child builds the index from Parquet
        env["CHIPWAR_CACHE"] = tempfile.mkdtemp(prefix="chipwar-bench-cache-")
    # the file runs as a script, so the child imports the dashboard package the app itself picks
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    if fresh_cache:
        shutil.rmtree(env["CHIPWAR_CACHE"], ignore_errors=True)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(data: Path, repeats: int = 3, interactions: int = 28, app: str = APP) -> dict:
    """Every measurement, each in fresh child processes; returns the results as a dict."""
    base = ["--data", str(data), "--app", app]
    fresh = [_spawn(["--child", "cold", *base], fresh_cache=True) for _ in range(repeats)]
    colds = [_spawn(["--child", "cold", *base]) for _ in range(repeats)]  # the first fills the cache
    inter = _spawn(["--child", "interactions", *base, "--interactions", str(interactions)])
    return {
        "data": str(data),
        "app": app,
        "repeats": repeats,
        "cold_load": {
            "method": "fresh process: importing Streamlit + AppTest first full run of the Overview page",
            "median_s": statistics.median(c["cold_s"] for c in colds),
            "first_run_median_s": statistics.median(c["first_run_s"] for c in colds),
            "import_median_s": statistics.median(c["import_s"] for c in colds),
            "runs_s": [c["cold_s"] for c in colds],
            "peak_rss_mb": max(c["peak_rss_mb"] for c in colds),
            "articles": colds[0]["articles"],
        },
        "cold_load_no_index_cache": {
            "method": "as cold_load, with an empty term-index cache (first start after a build)",
            "median_s": statistics.median(c["cold_s"] for c in fresh),
            "first_run_median_s": statistics.median(c["first_run_s"] for c in fresh),
            "runs_s": [c["cold_s"] for c in fresh],
            "peak_rss_mb": max(c["peak_rss_mb"] for c in fresh),
        },
        "interactions": inter,
    }


def render(result: dict) -> str:
    """The results as a plain-text table."""
    cold, inter, nocache = result["cold_load"], result["interactions"], result["cold_load_no_index_cache"]
    lines = [
        f"data: {result['data']}  (articles: {cold['articles']})",
        f"{'measure':<34}{'median s':>10}{'p95 s':>10}{'n':>5}",
        f"{'cold load (import + first run)':<34}{cold['median_s']:>10.2f}{'':>10}{result['repeats']:>5}",
        f"{'  of which first run':<34}{cold['first_run_median_s']:>10.2f}{'':>10}{result['repeats']:>5}",
        f"{'cold load, no index cache':<34}{nocache['median_s']:>10.2f}{'':>10}{result['repeats']:>5}",
        f"{'interaction (all)':<34}{inter['median_s']:>10.3f}{inter['p95_s']:>10.3f}{inter['interactions']:>5}",
    ]
    for kind, v in inter["by_kind"].items():
        lines.append(f"{'  ' + kind:<34}{v['median_s']:>10.3f}{v['p95_s']:>10.3f}{v['n']:>5}")
    lines.append(
        f"peak RSS MB: cold {cold['peak_rss_mb']:.0f} (no index cache {nocache['peak_rss_mb']:.0f}), "
        f"after interactions {inter['peak_rss_mb']:.0f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a built output folder")
    parser.add_argument("--repeats", type=int, default=3, help="cold starts to take the median of")
    parser.add_argument("--interactions", type=int, default=28, help="timed interactions (≥20 for a p95)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--app", default=APP, help="the app script (e.g. another checkout's, for an A/B)")
    parser.add_argument("--child", choices=["cold", "interactions"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "cold":
        print(json.dumps(child_cold(args.data, args.app)))
        return 0
    if args.child == "interactions":
        print(json.dumps(child_interactions(args.data, args.interactions, args.app)))
        return 0
    result = run(args.data, args.repeats, args.interactions, args.app)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
