"""The architecture as a tested contract: the import-linter layers hold and no module is too big."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 600
# Modules allowed over MAX_LINES, each with the reason. Empty this list as they are split.
BIG_MODULES: dict[str, str] = {}


MAX_FUNCTION_LINES = 80
# Functions allowed over MAX_FUNCTION_LINES, with the reason. The pipeline's functions are checked
# (with their own list of exceptions) by tests/pipeline/test_layout.py.
LONG_FUNCTIONS: dict[str, str] = {
    "dashboard/bench/harness.py:run": "the benchmark driver: one linear list of measured steps",
}


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return [exe, "--no-cache"]


def test_import_contracts_are_kept():
    done = subprocess.run(_lint_imports(), cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
    # the contracts this test stands for are still declared (a deleted contract would pass too)
    for name in (
        "Layers:",
        "plain library",
        "never imports Streamlit",
        "never imports the benchmarks",
        "No import cycles",
    ):
        assert name in done.stdout, name


def test_no_module_is_over_the_size_limit_unless_listed():
    sizes = {
        path.relative_to(ROOT).as_posix(): sum(1 for _ in path.open(encoding="utf-8"))
        for path in sorted((ROOT / "dashboard").rglob("*.py"))
    }
    too_big = {name: n for name, n in sizes.items() if n > MAX_LINES and name not in BIG_MODULES}
    assert not too_big, f"split these modules (or list them with a reason): {too_big}"
    # a listed module that shrank or went away is taken off the list
    stale = [name for name in BIG_MODULES if sizes.get(name, 0) <= MAX_LINES]
    assert not stale, f"no longer over {MAX_LINES} lines: remove from BIG_MODULES: {stale}"


def test_the_runtime_modules_the_app_needs_are_outside_the_benchmarks():
    # Streamlit Community Cloud runs dashboard/app.py; the benchmarks are never imported by it
    assert not (ROOT / "dashboard" / "bench.py").exists()
    assert (ROOT / "dashboard" / "bench" / "__main__.py").is_file()


def test_no_function_is_over_the_size_limit_unless_listed():
    long = {}
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("dashboard/pipeline/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES and f"{rel}:{node.name}" not in LONG_FUNCTIONS:
                    long[f"{rel}:{node.name}"] = lines
    assert not long, f"split these functions (or list them with a reason): {long}"
