"""The pipeline's layout as a tested contract: no import cycles, no reaching into another module's privates.

Read from the source with ``ast`` (nothing is imported), so a function-level import counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "dashboard" / "pipeline"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PIPELINE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``import from`` names (relative levels resolved against ``module``)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _imports(module: str, tree: ast.Module) -> list[tuple[str, list[str], ast.AST]]:
    """(imported module, names taken from it, node) for every import statement of ``module``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, [], node) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.append((_resolve(module, node), [a.name for a in node.names], node))
    return out


def _edges(module: str) -> set[str]:
    """Pipeline modules that ``module`` imports (a name taken from a package that is a submodule
    counts as that submodule)."""
    found = set()
    for target, names, _ in _imports(module, _tree(module)):
        if target in MODULES:
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            found.update(subs)
            if len(subs) < len(names) or not names:
                found.add(target)
    found.discard(module)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for m in graph:
        if m not in index:
            visit(m)
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_the_module_list_is_the_pipeline():
    assert "dashboard.pipeline.schema" in MODULES and "dashboard.pipeline.build.run" in MODULES
    assert _edges("dashboard.pipeline.build.run") >= {
        "dashboard.pipeline.build.work",
        "dashboard.pipeline.ingest",
    }


def test_no_import_cycles_inside_the_pipeline():
    assert _cycles({m: _edges(m) for m in MODULES}) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above would see two modules importing each other, through a third too."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _private_access(module: str, tree: ast.Module) -> list[str]:
    """``from x import _y`` and ``x._y`` where x is a dashboard module."""
    bad = []
    imported_as: dict[str, str] = {}
    for target, _names, node in _imports(module, tree):
        if not target.startswith("dashboard"):
            continue
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    bad.append(f"from {target} import {alias.name}")
                full = f"{target}.{alias.name}"
                if full in MODULES:
                    imported_as[alias.asname or alias.name] = full
        else:
            for alias in node.names:
                imported_as[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported_as
            and _private(node.attr)
        ):
            bad.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return bad


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_reaches_into_another_modules_privates(module):
    assert _private_access(module, _tree(module)) == []


def test_the_private_access_check_sees_both_forms():
    source = (
        "from .ingest import _Found\nfrom . import build\nimport os\nbuild._safe_process(1)\nos._exit(0)\n"
    )
    found = _private_access("dashboard.pipeline.wire", ast.parse(source))
    assert found == ["from dashboard.pipeline.ingest import _Found", "build._safe_process (line 4)"]


MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# Functions allowed over MAX_FUNCTION_LINES, each with the reason. Take an entry off when it is split.
LONG_FUNCTIONS: dict[str, str] = {
    "dashboard.pipeline.figures.candidates:interpret": "the figures package is being reworked separately",
    "dashboard.pipeline.figures.numerals:_read": "the figures package is being reworked separately",
    "dashboard.pipeline.figures.rules:load_rules": "the figures package is being reworked separately",
}


def _long_functions(module: str, text: str) -> list[str]:
    return [
        f"{module}:{n.name}"
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_pipeline_modules_stay_small(module):
    """One idea per module (≈600 lines at most), no function over 80 lines unless listed with a reason."""
    text = MODULES[module].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    assert [f for f in _long_functions(module, text) if f not in LONG_FUNCTIONS] == []


def test_the_long_function_list_is_current():
    """A listed function that was split (or went away) is taken off the list."""
    found = {f for m in MODULES for f in _long_functions(m, MODULES[m].read_text(encoding="utf-8"))}
    assert sorted(set(LONG_FUNCTIONS) - found) == []
