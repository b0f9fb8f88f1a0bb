"""Script conversions made in one batch per document give exactly the per-text results.

OpenCC is called once for many lines joined by newlines (``script.convert_each``); that is exact
only because no key of its dictionaries contains a newline, which is checked here against the
dictionaries the installed package ships, then the batch is compared with text-by-text
conversion on the seed corpus, on invented sentences and on lines cut inside dictionary phrases.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline import script
from dashboard.pipeline.analyse import terms
from dashboard.pipeline.clean import lines as clean_lines

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
CONFIGS = ("tw2sp", "t2s", "s2t", "s2tw", "s2hk")
SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
DICT_TOOL = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"

INVENTED = [
    "美國商務部週二宣布，對輝達晶片出口實施新的管制。",
    "台积电表示，先进制程的产能将在明年翻倍。",
    "記者從香港報道：嗰間公司啲晶片賣得好快。",
    "Nvidia said its H20 chips would ship in the second quarter.",
    "中芯國際(SMIC)的營收達到 12.5 億美元，按年增長 8%。",
    "",
    "   ",
    "執行長表示，演算法與軟體的投資會持續。",
    "「半導體」與《晶片法案》；資訊、記憶體……",
]


def _seed_lines() -> list[str]:
    return [ln for p in sorted(RAW.rglob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]


@cache
def _dictionary_dumps() -> dict[str, str]:
    """Text dumps of every dictionary the OpenCC package ships (key, tab, values per line)."""
    if not DICT_TOOL.exists():
        pytest.skip("this OpenCC install ships no opencc_dict tool to read its dictionaries")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(SHARE.glob("*.ocd2")):
            target = Path(tmp) / f"{path.stem}.txt"
            subprocess.run(
                [str(DICT_TOOL), "-i", str(path), "-o", str(target), "-f", "ocd2", "-t", "text"], check=True
            )
            out[path.name] = target.read_text(encoding="utf-8")
    return out


def test_no_dictionary_key_or_value_holds_a_newline():
    dumps = _dictionary_dumps()
    assert len(dumps) >= 10
    for name, text in dumps.items():
        rows = text.split("\n")
        if rows[-1] == "":
            rows.pop()
        assert rows, name
        # a key or value holding a newline would leave a dump line without its key and tab
        broken = [r for r in rows if "\t" not in r or r.startswith("\t")]
        assert broken == [], name


def _phrase_keys(limit: int = 3000) -> list[str]:
    keys = [
        row.split("\t", 1)[0]
        for text in _dictionary_dumps().values()
        for row in text.split("\n")
        if "\t" in row and len(row.split("\t", 1)[0]) >= 2
    ]
    return random.Random(15).sample(keys, min(limit, len(keys)))


@pytest.mark.parametrize("config", CONFIGS)
def test_batch_equals_text_by_text_when_lines_cut_phrases(config):
    """Each multi-character key cut in two by a line end: the batch must not match across it."""
    texts = []
    for key in _phrase_keys():
        k = len(key) // 2
        texts += [key[:k], key[k:], key, "的" + key + "的"]
    one = opencc.OpenCC(config).convert
    assert script.convert_each(config, texts) == [one(t) for t in texts]


@pytest.mark.parametrize("config", CONFIGS)
def test_batch_equals_text_by_text_on_seed_and_invented_text(config):
    texts = _seed_lines() + INVENTED
    one = opencc.OpenCC(config).convert
    assert script.convert_each(config, texts) == [one(t) for t in texts]


_SAMPLE_CHARS = "".join(sorted(set("".join(INVENTED)))) + "\u3000\t\r\n發发後后干乾幹着著裏里台臺"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_SAMPLE_CHARS, max_size=30), max_size=12), st.sampled_from(CONFIGS))
def test_batch_equals_text_by_text_on_any_mix(texts, config):
    # texts may hold newlines themselves: then the batch falls back to one call per text
    one = opencc.OpenCC(config).convert
    assert script.convert_each(config, texts) == [one(t) for t in texts]


def test_to_simplified_each_agrees_with_to_simplified():
    texts = _seed_lines() + INVENTED + INVENTED
    batch = script.to_simplified_each(texts)
    script._SIMPLIFIED.clear()
    assert batch == [script.to_simplified(t) for t in texts]
    assert script.to_simplified_each([]) == []


def test_a_surrogate_raises_as_text_by_text_does():
    with pytest.raises(UnicodeError):
        script.convert_each("t2s", ["好", "壞\ud800", "好"])


def test_detect_languages_agrees_with_detect_language():
    texts = _seed_lines() + INVENTED + ["國(guó)家(jiā)的晶片", "Apple (蘋果) 表示"]
    script._BALANCES.clear()
    batch = script.detect_languages(texts)
    script._BALANCES.clear()
    assert batch == [script.detect_language(t) for t in texts]
    assert script._PENDING == {}


def test_prepared_line_forms_are_line_forms():
    text = "\n".join(_seed_lines() + INVENTED)
    prepared, _ = clean_lines.prepare_lines(text, dense=False)
    assert prepared
    for line in prepared:
        if line.rule is None:
            assert line.forms == clean_lines.line_forms(line.text)


def test_terms_with_known_matches_equal_terms_found_alone():
    for text in _seed_lines() + INVENTED:
        chosen = terms._alias_matches(text, "rjieba")
        script.to_simplified_each(terms._gaps(text, chosen))
        assert terms._term_columns(text, "rjieba", chosen) == terms._term_columns(text, "rjieba")
