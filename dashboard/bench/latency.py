"""Latency as a reader feels it, in a real browser:
``python -m dashboard.bench.latency [--data DIR] [--repeats N] [--changes N] [--timeout S] [--json FILE]``.

Serves the dashboard on ``--data`` (default: the seed corpus in ``data/processed``) and, in the
same run, a bare Streamlit page with two Altair charts (the yardstick: what any Streamlit app
costs on this machine and browser). Debian's chromium, driven by Playwright, then measures:

- first chart: a new tab (fresh browser context, so a new Streamlit session) opens a shared link
  and waits until a chart's marks are drawn; the bare page the same way. Tabs alternate between
  the two servers so machine noise hits both alike; medians and their ratio are reported.
- filter-change redraw: once the server is idle again after the first visit (its background
  builds done), in one tab on the dashboard, the "Include undated articles" toggle is
  flipped ``--changes`` times; each change is timed from the click until the headline count shows
  the new value and no script run is in progress. Median and 95th percentile.

``--data`` measures any build output (e.g. 10⁵ articles); ``--repeats 0`` measures only the
redraws (a big output's first load is start-up, timed once as the first visit); ``--timeout``
bounds every wait (a cold server on 10⁵ articles opens its tables on the first visit).

Needs Playwright (a test dependency) and ``/usr/bin/chromium``; never downloads a browser.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dashboard.bench.serve import CHROMIUM, CHROMIUM_ARGS
from dashboard.bench.serve import serve as serve_script

ROOT = Path(__file__).resolve().parents[2]
CHART_MARKS = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'
SHARED_LINK = "/?lang=zh-Hant"  # a typical shared view: one filter set
BARE_APP = """
import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare")
df = pd.DataFrame({"x": list("abcdef"), "y": [3, 1, 4, 1, 5, 9]})
st.altair_chart(alt.Chart(df).mark_bar().encode(x="x:N", y="y:Q"))
st.altair_chart(alt.Chart(df).mark_line().encode(x="x:N", y="y:Q"))
"""


@contextlib.contextmanager
def serve(script: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``streamlit run script`` on a free port until the block ends; yields its base URL and pid."""
    with serve_script(script, env, deadline_s=120) as (url, proc):
        yield url, proc.pid


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid: int, timeout_s: float, busy: float = 0.05, window_s: float = 2.0) -> float:
    """Wait until the server is idle (under ``busy`` of a core over ``window_s``): the derived data
    a first load starts in the background (term index, totals, text index) is built. Returns the
    seconds waited. Redraws are timed on a settled server, as a reader meets it after start-up."""
    start = time.monotonic()
    try:
        while time.monotonic() - start < timeout_s:
            before = _cpu_s(pid)
            time.sleep(window_s)
            if _cpu_s(pid) - before < busy * window_s:
                break
    except (OSError, IndexError, ValueError):  # no /proc: measure without waiting
        pass
    return time.monotonic() - start


TIMEOUT_MS = 120_000  # every wait; --timeout sets it


def first_chart_s(browser, url: str) -> float:
    """Seconds from opening ``url`` in a new tab (new session) until a chart's marks are visible."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(CHART_MARKS).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        ctx.close()


def redraw_times(browser, url: str, changes: int) -> list[float]:
    """Seconds per filter change (the undated toggle), click to settled page with the new count."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    out: list[float] = []
    try:
        page = ctx.new_page()
        page.goto(url)
        metric = page.locator('[data-testid="stMetricValue"]').first
        metric.wait_for(state="visible", timeout=TIMEOUT_MS)
        page.locator(CHART_MARKS).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        status = page.get_by_test_id("stStatusWidget")
        status.wait_for(state="hidden", timeout=TIMEOUT_MS)
        toggle = page.locator('[data-testid="stSidebar"]').get_by_text("Include undated articles")
        for _ in range(changes):
            before = metric.inner_text()
            start = time.perf_counter()
            toggle.click()
            page.wait_for_function(
                "([el, old]) => el.innerText !== old",
                arg=[metric.element_handle(), before],
                timeout=TIMEOUT_MS,
            )
            status.wait_for(state="hidden", timeout=TIMEOUT_MS)
            page.locator(CHART_MARKS).first.wait_for(state="visible", timeout=TIMEOUT_MS)
            out.append(time.perf_counter() - start)
    finally:
        ctx.close()
    return out


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _steal() -> str:
    """CPU steal and idle over one second (vmstat), to record how noisy the machine was."""
    try:
        lines = subprocess.run(["vmstat", "1", "2"], capture_output=True, text=True, timeout=10).stdout.split(
            "\n"
        )
        head = lines[1].split()
        last = lines[3].split()
        cols = dict(zip(head, last, strict=False))
        return f"us {cols.get('us')} sy {cols.get('sy')} id {cols.get('id')} st {cols.get('st')}"
    except (OSError, IndexError, subprocess.SubprocessError):
        return "vmstat unavailable"


def run(data: Path, repeats: int, changes: int) -> dict:
    """Measure both servers in one run; returns the numbers (seconds)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bare-") as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        with (
            serve(ROOT / "dashboard" / "app.py", {"CHIPWAR_DATA": str(data)}) as (app_url, app_pid),
            serve(bare) as (bare_url, _),
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                steal_before = _steal()
                # one untimed visit each: the first load of a process (tables, imports) is the
                # server's start-up, not what a reader opening a shared link waits for
                first_app = first_chart_s(browser, app_url + SHARED_LINK)
                first_bare = first_chart_s(browser, bare_url)
                settled_s = settle(app_pid, TIMEOUT_MS / 1000)
                app_times, bare_times = [], []
                for _ in range(repeats):
                    app_times.append(first_chart_s(browser, app_url + SHARED_LINK))
                    bare_times.append(first_chart_s(browser, bare_url))
                # the whole corpus: switching undated articles off keeps a dated one on every page
                redraws = redraw_times(browser, app_url + "/", changes)
                steal_after = _steal()
            finally:
                browser.close()
    first = {}
    if repeats:
        app_med, bare_med = statistics.median(app_times), statistics.median(bare_times)
        first = {
            "first_chart_app_median_s": round(app_med, 3),
            "first_chart_bare_median_s": round(bare_med, 3),
            "first_chart_ratio": round(app_med / bare_med, 2),
        }
    return {
        "data": str(data),
        "repeats": repeats,
        "first_visit_app_s": round(first_app, 3),
        "first_visit_bare_s": round(first_bare, 3),
        "background_after_first_visit_s": round(settled_s, 1),
        "first_chart_app_s": [round(t, 3) for t in app_times],
        "first_chart_bare_s": [round(t, 3) for t in bare_times],
        **first,
        "redraw_s": [round(t, 3) for t in redraws],
        "redraw_median_s": round(statistics.median(redraws), 3),
        "redraw_p95_s": round(p95(redraws), 3),
        "vmstat_before": steal_before,
        "vmstat_after": steal_after,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120, help="seconds any one wait may take")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
        return 2
    global TIMEOUT_MS
    TIMEOUT_MS = int(args.timeout * 1000)
    got = run(args.data, args.repeats, args.changes)
    if args.repeats:
        print(
            f"first chart, new tab on {SHARED_LINK}: dashboard median {got['first_chart_app_median_s']:.2f} s, "
            f"bare Streamlit + 2 Altair charts {got['first_chart_bare_median_s']:.2f} s, "
            f"ratio {got['first_chart_ratio']:.2f} (target <= 1.5)"
        )
    print(
        f"filter-change redraw: median {got['redraw_median_s']:.2f} s, p95 {got['redraw_p95_s']:.2f} s "
        f"over {len(got['redraw_s'])} changes "
        "(target p95 <= 1 s on the seed corpus, <= 1.5 s at 10⁵ articles)"
    )
    print(
        f"first visit (start-up): dashboard {got['first_visit_app_s']:.1f} s, then "
        f"{got['background_after_first_visit_s']:.0f} s until the server was idle (background builds)"
    )
    print(f"vmstat before: {got['vmstat_before']}; after: {got['vmstat_after']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(got, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
