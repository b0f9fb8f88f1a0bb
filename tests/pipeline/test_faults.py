"""Faults: a build killed at any point leaves the previous output intact; the dashboard explains bad data.

The SIGKILL tests run the real CLI (``python -m dashboard.pipeline build``) on a generated corpus big
enough to take several seconds, kill it while it analyses and once its temporary folder appears,
and check the previous tables still read and equal the earlier build. The in-process tests stop
the build at each step of the swap (an exception with no cleanup is what a kill leaves behind).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.pipeline.build import build, write
from dashboard.pipeline.schema import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
N_FILES = 150
PATIENCE = 300  # seconds before a stuck subprocess fails the test (a guard, not an assertion)


def _snapshot(folder: Path) -> dict[str, object]:
    """Every table as read by pyarrow, plus meta.json's bytes."""
    snap: dict[str, object] = {name: pq.read_table(folder / f"{name}.parquet") for name in SCHEMAS}
    snap["meta.json"] = (folder / "meta.json").read_bytes()
    return snap


def _same(folder: Path, snap: dict[str, object]) -> bool:
    now = _snapshot(folder)
    return all(now[k].equals(v) if k != "meta.json" else now[k] == v for k, v in snap.items())


def _leftovers(out: Path) -> list[str]:
    """Temporary or set-aside folders next to ``out`` (the chunk cache is meant to stay)."""
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*") if not p.name.endswith(".cache"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """N_FILES articles recombined from the seeds' paragraphs, each with its own header."""
    folder = tmp_path_factory.mktemp("corpus")
    paras = [
        ln
        for p in sorted(RAW.glob("*.txt"))
        for ln in p.read_text(encoding="utf-8").split("\n")
        if len(ln.strip()) > 20
    ]
    rng = random.Random(6)
    for i in range(N_FILES):
        head = f"芯片战观察 第{i}期\n来源：测试通讯社{i % 7}  2024-0{1 + i % 9}-1{i % 10}\n"
        body = "\n".join(rng.sample(paras, 12))
        (folder / f"gen_{i:03d}.txt").write_text(head + body + "\n", encoding="utf-8")
    return folder


@pytest.fixture()
def previous(tmp_path) -> tuple[Path, dict[str, object]]:
    """A finished earlier build (the seeds) and a snapshot of it."""
    out = tmp_path / "processed"
    build(RAW, out)
    return out, _snapshot(out)


# The real CLI with each table write slowed down, so the few milliseconds in which the temporary
# folder exists become long enough for the test to see it and kill the build inside that window.
SLOW_WRITES = """
import runpy, sys, time
import pyarrow.parquet as pq
real = pq.write_table
def slow(*a, **k):
    time.sleep(0.3)
    return real(*a, **k)
pq.write_table = slow
sys.argv = ["dashboard.pipeline", *sys.argv[1:]]
runpy.run_module("dashboard.pipeline", run_name="__main__")
"""


def _start(corpus: Path, out: Path, log: Path, slow_writes: bool = False) -> subprocess.Popen:
    # Progress on: tqdm writes "files:" to stderr once analysis of the files has begun.
    entry = ["-c", SLOW_WRITES] if slow_writes else ["-m", "dashboard.pipeline"]
    cmd = [sys.executable, *entry, "build", "--input", str(corpus), "--output", str(out)]
    # Its own session, so worker processes it may start can be cleaned up with it.
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("wb"), start_new_session=True
    )


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the build process itself (no handler can run), then any workers it left behind."""
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=PATIENCE) == -signal.SIGKILL
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_sigkill_while_analysing_leaves_previous_output(corpus, previous, tmp_path):
    out, snap = previous
    log = tmp_path / "stderr.log"
    proc = _start(corpus, out, log)
    deadline = time.monotonic() + PATIENCE
    while b"files:" not in log.read_bytes():
        assert proc.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, "build never started analysing"
        time.sleep(0.02)
    tmp = out.parent / f".{out.name}.tmp-{proc.pid}"
    assert not list(tmp.glob("*.parquet"))  # still analysing: no table of the new output yet
    _kill(proc)
    assert _same(out, snap)
    assert _leftovers(out) in ([], [tmp.name])  # at most its unfinished folder, which the next build clears


def test_sigkill_while_writing_leaves_previous_output_and_next_build_recovers(corpus, previous, tmp_path):
    out, snap = previous
    log = tmp_path / "stderr.log"
    proc = _start(corpus, out, log, slow_writes=True)
    tmp = out.parent / f".{out.name}.tmp-{proc.pid}"
    deadline = time.monotonic() + PATIENCE
    while not list(tmp.glob("*.parquet")):  # the new output's tables are being put in place
        assert proc.poll() is None, "build finished before its tables were seen being written"
        assert time.monotonic() < deadline, "the build never started writing its tables"
    _kill(proc)
    assert tmp.exists() and list(tmp.glob("*.parquet"))  # a half-written build is left behind ...
    assert _same(out, snap)  # ... and the previous output is untouched

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.pipeline",
            "build",
            "--quiet",
            "--input",
            str(corpus),
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert done.returncode == 0, done.stderr
    assert _leftovers(out) == []  # the stale temporary folder is cleared
    articles = pq.read_table(out / "articles.parquet")
    assert articles.num_rows == N_FILES
    assert sorted(s for row in articles.column("sources").to_pylist() for s in row) == sorted(
        p.name for p in corpus.iterdir()
    )


# --------------------------------------------------------------------------- each step of the swap


class Killed(BaseException):
    """Stands in for SIGKILL: nothing in the build catches it, so no cleanup runs."""


def test_killed_half_way_through_writing_tables(previous, monkeypatch):
    out, snap = previous
    real = write.pq.write_table
    calls = []

    def dies_on_third(table, where, **kw):
        calls.append(where)
        if len(calls) == 3:
            Path(where).write_bytes(b"PAR1 truncated")  # a torn file, as a kill mid-write leaves
            raise Killed
        return real(table, where, **kw)

    monkeypatch.setattr(write.pq, "write_table", dies_on_third)
    with pytest.raises(Killed):
        build(RAW, out)
    assert _same(out, snap)
    monkeypatch.setattr(write.pq, "write_table", real)
    build(RAW, out)
    assert _same(out, snap) and _leftovers(out) == []


@pytest.mark.parametrize("stop_at", [1, 2, 3])
def test_no_moment_without_a_complete_output_during_the_swap(previous, monkeypatch, tmp_path, stop_at):
    """Killed at any rename of the swap, the output folder exists and reads as one whole build."""
    out, snap = previous
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(
        "美国商务部宣布对中国芯片出口实施新的管制措施，英伟达表示将遵守规定。\n", encoding="utf-8"
    )
    real_replace, real_exchange = os.replace, write.exchange
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if count == stop_at:
            raise Killed

    def replace(src, dst):
        step()
        real_replace(src, dst)

    def exchange(a, b):
        step()
        return real_exchange(a, b)

    monkeypatch.setattr(write.os, "replace", replace)
    monkeypatch.setattr(write, "exchange", exchange)
    try:
        build(other, out)
    except Killed:
        pass
    monkeypatch.undo()
    arts = pq.read_table(out / "articles.parquet")  # the folder is there and reads ...
    assert _same(out, snap) or arts.column("sources").to_pylist() == [["a.txt"]]  # ... as one whole build
    build(RAW, out)  # the next build recovers whatever was left
    assert _same(out, snap) and _leftovers(out) == []


# --------------------------------------------------------------------------- the dashboard on bad data


def test_dashboard_explains_a_data_folder_without_meta(tmp_path, monkeypatch, previous):
    """Tables from an older build that wrote no meta.json: a message naming the fix, no traceback."""
    from streamlit.testing.v1 import AppTest

    out, _ = previous
    (out / "meta.json").unlink()
    monkeypatch.setenv("CHIPWAR_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "meta.json" in at.error[0].value and "make data" in at.error[0].value


def test_dashboard_explains_a_torn_table(monkeypatch, previous):
    """A table cut short (a copy interrupted by hand): a message naming the fix, no traceback."""
    from streamlit.testing.v1 import AppTest

    out, _ = previous
    part = sorted((out / "terms.parquet").glob("part-*.parquet"))[0]
    data = part.read_bytes()
    part.write_bytes(data[: len(data) // 2])
    monkeypatch.setenv("CHIPWAR_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "Could not read the tables" in at.error[0].value and "make data" in at.error[0].value
