"""The line rules' start-anchored alternation, tried through its first-character dispatch, answers
exactly like the whole alternation: on every line of the seed corpus and the fixtures, on invented
lines, and on lines generated from each branch itself."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.pipeline.clean import lines as L
from dashboard.pipeline.clean.dispatch import FirstCharDispatch, first_atoms

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "data" / "raw", *(ROOT / "tests" / "fixtures" / d for d in ("audit", "clean", "shapes"))]

# invented lines of the shapes the rules look at, and first characters whose case folding is odd
INVENTED = [
    "",
    " ",
    "本文来源：某某公众号",
    "  版權所有 2024",
    "Copyright 2023 Example News",
    "ＣＯＰＹＲＩＧＨＴ ２０２３",
    "K",
    "\u212a",  # KELVIN SIGN folds to k
    "ſhare",  # LONG S folds to s
    "İmage",
    "ı",
    "ﬁle.png",
    "责任编辑：张三",
    "（资料图片）",
    "【图】",
    "分享到：微信 微博",
    "首页 > 新闻 > 科技",
    "晶片出口管制持續收緊。",
    "Read more: chips",
    "12,345 次浏览",
    "| 1 | 2 |",
]


@cache
def _dispatch() -> FirstCharDispatch:
    pre = L._rule_prefilter()
    assert pre is not None and pre[0] is not None
    return pre[0]


@cache
def _corpus_forms() -> tuple[str, ...]:
    forms: set[str] = set()
    for folder in CORPORA:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
                for text in (raw, raw.strip()):
                    forms.update(L.line_forms(text))
    for text in INVENTED:
        forms.update(L.line_forms(text))
    return tuple(sorted(forms))


def _branch_patterns() -> list[re.Pattern[str]]:
    return [re.compile(f"^(?:{b})", re.IGNORECASE) for b in _dispatch().branches]


def _check(d: FirstCharDispatch, branches: list[re.Pattern[str]], form: str) -> None:
    assert d.search(form) == bool(d.pattern.search(form)), form
    group = d.for_line(form)
    for b, p in zip(d.branches, branches, strict=True):
        if p.search(form):  # a branch that matches the line is always among those tried
            assert group is not None and f"(?:{b})" in group.pattern, (form, b)


def test_every_corpus_and_fixture_line_answers_like_the_whole_alternation():
    d, branches = _dispatch(), _branch_patterns()
    forms = _corpus_forms()
    assert len(forms) > 500
    matched = 0
    for f in forms:
        _check(d, branches, f)
        matched += d.search(f)
    assert matched > 20  # the seed corpus has boilerplate lines: the comparison is not vacuous


def test_every_line_gets_the_rule_of_the_unfiltered_rule_loop(monkeypatch):
    forms = [L.line_forms(f) for f in _corpus_forms()]
    L._rule_for.cache_clear()
    new = [L._rule_for(fs) for fs in forms]
    monkeypatch.setattr(L, "_rule_prefilter", lambda: None)  # no prefilter: every rule tried
    L._rule_for.cache_clear()
    try:
        old = [L._rule_for(fs) for fs in forms]
    finally:
        L._rule_for.cache_clear()
    assert new == old
    assert sum(r is not None for r in new) > 20


def test_first_atoms_read_from_the_parse_tree():
    assert first_atoms(r"\s*(本文|版权)", re.I) == [r"[\s]", "本", "版"]
    assert first_atoms(r"(?=x)[a-c]y", re.I) == ["[a-c]"]
    assert first_atoms(r"(?:ab)?c", re.I) == ["a", "c"]
    for undetermined in (r"\s*", r".x", r"\S{1,3}x", r"[^x]", r"(\w+)", r"a?b*", r"$"):
        assert first_atoms(undetermined, re.I) is None, undetermined


def test_case_folding_is_the_engine_own():
    d = FirstCharDispatch(["k+$", "s.*", r"\s*i"], re.IGNORECASE)
    for text in ("\u212a", "K", "ſ", "S", "İ", "I", "ı", " i"):
        assert d.search(text) == bool(d.pattern.search(text)), text
    assert d.search("\u212a")  # KELVIN SIGN matches k under IGNORECASE
    assert not d.search("x")
    assert d.for_line("x") is None  # no branch can start with x


_FIRST = st.sampled_from(sorted({f[:1] for f in _corpus_forms() if f} | set("Kk\u212asSſIiİı 　\t")))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_FIRST, rest=st.text(max_size=40), pick=st.sampled_from(_corpus_forms()))
def test_invented_lines_answer_like_the_whole_alternation(first, rest, pick):
    d, branches = _dispatch(), _branch_patterns()
    for form in (first + rest, first + pick, pick[:3] + rest):
        _check(d, branches, form)


@pytest.mark.parametrize("index", range(len(_dispatch().branches)))
def test_lines_generated_from_each_branch(index):
    d = _dispatch()
    branch = d.branches[index]
    branches = _branch_patterns()

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(re.compile(f"^(?:{branch})", re.IGNORECASE)))
    def run(text):
        _check(d, branches, text)
        assert d.search(text)  # generated to match the branch: the dispatch must find it

    run()
