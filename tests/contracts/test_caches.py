"""One way to cache page answers: no ad-hoc cache in the app's upper layers.

Page answers are cached by ``@cached_query`` (``dashboard/queries/cache.py``) in the dataset's LRU,
derived data by ``dashboard/store/cache.py``. A ``functools.cache``/``lru_cache``/
``cached_property``, a Streamlit ``st.cache_*`` or a module-level dictionary memo in
``dashboard/queries``, ``dashboard/ui`` or ``dashboard/views`` is a second way: it fails here
unless it is in ``ALLOWED`` with its reason (and in README's caching paragraph).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "dashboard"
LAYERS = ("queries", "ui", "views")

CACHE_DECORATORS = {"cache", "lru_cache", "cached_property", "cache_data", "cache_resource", "memoize"}
MEMO_TYPES = {"OrderedDict", "LRUCache", "TTLCache", "WeakValueDictionary", "WeakKeyDictionary", "dict"}

# (module, name) → why it is not a page answer
ALLOWED = {
    ("ui/shell.py", "_load"): "st.cache_resource: one open dataset (DuckDB connection, small tables) "
    "per folder per process, shared by every session",
    ("queries/keyword.py", "_simplifier"): "functools.cache: the OpenCC converter, a loaded dictionary "
    "built once per process, not an answer",
}


def _name(node: ast.expr) -> str:
    """The last name of a decorator or call: ``st.cache_data(...)`` → ``cache_data``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _empty_memo(value: ast.expr | None) -> bool:
    """A module-level ``{}``, ``dict()``, ``OrderedDict()``, ``LRUCache(...)`` … (a memo to fill)."""
    if isinstance(value, ast.Dict):
        return not value.keys
    if not isinstance(value, ast.Call) or _name(value) not in MEMO_TYPES:
        return False
    return _name(value) != "dict" or not (value.args or value.keywords)  # dict(a=1) is a constant


def ad_hoc_caches() -> dict[tuple[str, str], str]:
    """(module, name) → what kind of cache, for every cache found in the upper layers."""
    found: dict[tuple[str, str], str] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            module = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    for deco in node.decorator_list:
                        if _name(deco) in CACHE_DECORATORS:
                            found[(module, node.name)] = _name(deco)
            for node in tree.body:  # module level only: a dict inside a function is a local
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
                if _empty_memo(value):
                    for target in targets:
                        if isinstance(target, ast.Name):
                            found[(module, target.id)] = "module-level memo"
    return found


def test_no_ad_hoc_cache_outside_the_allow_list():
    extra = {k: v for k, v in ad_hoc_caches().items() if k not in ALLOWED}
    assert not extra, (
        f"ad-hoc caches {extra}: cache a page answer with @cached_query (dashboard/queries/cache.py) "
        "or derived data with dashboard/store/cache.py; else add it to ALLOWED with its reason"
    )


def test_the_allow_list_names_caches_that_exist():
    found = ad_hoc_caches()
    assert set(ALLOWED) <= set(found), set(ALLOWED) - set(found)  # no stale exemption


def test_the_check_sees_each_kind_of_cache(tmp_path, monkeypatch):
    # the scan itself: each kind it must catch, in a throwaway tree shaped like dashboard/
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "views" / "page.py").write_text(
        "import functools\nimport streamlit as st\nfrom collections import OrderedDict\n"
        "_memo = {}\n_specs: OrderedDict = OrderedDict()\nLABELS = {'a': 1}\n"
        "@functools.lru_cache(maxsize=8)\ndef a(x): return x\n"
        "@st.cache_data(ttl=60)\ndef b(x): return x\n"
        "@functools.cache\ndef c(x): return x\n"
        "def d(x):\n    local = {}\n    return local\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert ad_hoc_caches() == {
        ("views/page.py", "_memo"): "module-level memo",
        ("views/page.py", "_specs"): "module-level memo",
        ("views/page.py", "a"): "lru_cache",
        ("views/page.py", "b"): "cache_data",
        ("views/page.py", "c"): "cache",
    }
