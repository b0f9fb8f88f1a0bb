"""Facts derived from jieba's dictionary: kept on disk, read back equal, derived again when stale."""

from __future__ import annotations

from collections import Counter
from itertools import chain

import pytest

from dashboard.pipeline import dictfacts
from dashboard.pipeline.clean import mojibake
from dashboard.pipeline.sources import patterns


@pytest.fixture
def facts_folder(tmp_path):
    dictfacts.use_folder(tmp_path / "facts")
    yield tmp_path / "facts"
    dictfacts.use_folder(None)


def _counting(items: list[str]):
    calls = []

    def compute() -> list[str]:
        calls.append(1)
        return list(items)

    return compute, calls


def test_a_fact_is_derived_once_and_read_back_equal(facts_folder):
    compute, calls = _counting(["甲", "乙丙", "ab"])
    assert dictfacts.derived("demo", "1", compute) == ["甲", "乙丙", "ab"]
    assert dictfacts.derived("demo", "1", compute) == ["甲", "乙丙", "ab"]
    assert len(calls) == 1
    assert len(list(facts_folder.iterdir())) == 1


def test_another_rule_version_derives_again(facts_folder):
    compute, calls = _counting(["甲"])
    dictfacts.derived("demo", "1", compute)
    dictfacts.derived("demo", "2", compute)
    assert len(calls) == 2


def test_a_torn_fact_file_is_derived_again(facts_folder):
    compute, calls = _counting(["甲", "乙"])
    dictfacts.derived("demo", "1", compute)
    (path,) = facts_folder.iterdir()
    path.write_text("甲", encoding="utf-8")  # cut short: no final line end
    assert dictfacts.derived("demo", "1", compute) == ["甲", "乙"]
    assert len(calls) == 2
    assert path.read_text(encoding="utf-8") == "甲\n乙\n"


def test_without_a_folder_nothing_is_written(tmp_path):
    dictfacts.use_folder(None)
    compute, calls = _counting(["甲"])
    assert dictfacts.derived("demo", "1", compute) == ["甲"]
    assert dictfacts.derived("demo", "1", compute) == ["甲"]
    assert len(calls) == 2
    assert not list(tmp_path.iterdir())


def test_an_unwritable_folder_only_costs_deriving(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    dictfacts.use_folder(blocker / "facts")
    try:
        compute, calls = _counting(["甲"])
        assert dictfacts.derived("demo", "1", compute) == ["甲"]
        assert len(calls) == 1
    finally:
        dictfacts.use_folder(None)


def test_common_characters_are_the_dictionary_counts(facts_folder):
    """The stored fact is what counting jieba's dictionary gives: characters in ≥ 5 of its words."""
    from pathlib import Path

    import jieba

    text = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    counts = Counter(chain.from_iterable(set(ln.split(" ", 1)[0]) for ln in text.splitlines()))
    expected = {c for c, n in counts.items() if n >= 5}
    mojibake._common_chars.cache_clear()
    try:
        first = mojibake._common_chars()
        mojibake._common_chars.cache_clear()
        again = mojibake._common_chars()  # read from the fact file
    finally:
        mojibake._common_chars.cache_clear()
    assert first == again == expected
    assert "中" in first and "\n" not in first


def test_straddle_words_read_back_equal(facts_folder):
    patterns._straddle_words.cache_clear()
    try:
        first = patterns._straddle_words()
        patterns._straddle_words.cache_clear()
        again = patterns._straddle_words()
    finally:
        patterns._straddle_words.cache_clear()
    assert first == again
    assert first and all(len(w) == 2 for w in first)
    assert len(list(facts_folder.iterdir())) == 1
