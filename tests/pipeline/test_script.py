"""Language/script detection and regional vocabulary (dashboard/pipeline/script.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.lexicon import read_csv
from dashboard.pipeline.script import (
    REGIONAL_VOCAB_FILE,
    RegionalVocab,
    article_language,
    converted_repost,
    detect_language,
    regional_hits,
    regional_vocabulary,
    script_evidence,
)

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美国商务部宣布对华芯片出口实施新的限制措施。", "zh-Hans"),
        ("美國商務部宣布對華晶片出口實施新的限制措施。", "zh-Hant"),
        # a Chinese sentence naming English companies stays Chinese
        ("据Bloomberg报道，英伟达(NVIDIA)的H20芯片将停产。", "zh-Hans"),
        ("據Reuters報導，輝達(Nvidia)的H20晶片將停產。", "zh-Hant"),
        # an English sentence with a Chinese name stays English
        ("Nvidia chief executive Jensen Huang (黄仁勋) said export controls had failed.", "en"),
        # Hong Kong / Cantonese writing is traditional even without converted characters
        ("佢哋冇嚟", "zh-Hant"),
        ("我哋嘅晶片唔夠用", "zh-Hant"),
        # no letters at all
        ("2024 — 95% !!", "und"),
        ("", "und"),
        # no script-specific character: documented default
        ("中文", "zh-Hans"),
        # no script evidence, but Taiwan wording (川普) is the best remaining hint
        ("川普的第一任期", "zh-Hant"),
        ("特朗普的第一任期", "zh-Hans"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_bracketed_pinyin_does_not_make_text_english() -> None:
    assert detect_language("馬(mǎ)來(lái)西(xī)亞(yà)政(zhèng)府(fǔ)") == "zh-Hant"


def test_machine_converted_text_with_leftovers_is_still_traditional() -> None:
    # 并/于/后/制 are typical simplified leftovers of character-by-character conversion
    text = "美國并未於此后放鬆對華為的制裁,于是中國加快了國產晶片的研發與製造。"
    trad, simp = script_evidence(text)
    assert trad > simp
    assert detect_language(text) == "zh-Hant"


def test_regional_variants_are_not_simplified_evidence() -> None:
    # 台 is everyday Taiwan usage although OpenCC s2t turns it into 臺
    assert script_evidence("台灣")[1] == 0
    assert detect_language("台灣的台積電") == "zh-Hant"


def test_mixed_text_goes_by_majority() -> None:
    simplified = "美国政府宣布对华为实施新的出口管制措施，这让许多企业感到担忧。"
    traditional = "報導稱"
    assert detect_language(simplified + traditional) == "zh-Hans"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_detect_language_total(text: str) -> None:
    assert detect_language(text) in {"zh-Hans", "zh-Hant", "en", "und"}


def test_article_language_counts_characters() -> None:
    paragraphs = [
        ("en", "A short English line."),
        ("zh-Hant", "這是一段很長的繁體中文段落，" * 3),
        ("und", "2024"),
    ]
    assert article_language(paragraphs) == "zh-Hant"
    assert article_language([("und", "---")]) == "und"
    assert article_language([]) == "und"


def test_regional_vocabulary_sides_and_labels() -> None:
    mainland = regional_vocabulary("特朗普政府限制英伟达芯片出口，人工智能软件和服务器受影响。")
    assert (mainland.mainland, mainland.taiwan, mainland.label) == (6, 0, "mainland")
    taiwan = regional_vocabulary("川普政府限制輝達晶片出口，人工智慧軟體和伺服器受影響。")
    assert (taiwan.mainland, taiwan.taiwan, taiwan.label) == (0, 6, "taiwan")
    assert regional_vocabulary("芯片与晶片，英伟达与辉达").label == "mixed"
    assert regional_vocabulary("美国商务部宣布新规。") == RegionalVocab(0, 0, "none")
    assert regional_vocabulary("只有一个芯片").label == "mainland"


def test_regional_vocabulary_either_script() -> None:
    # the wording, not the script, decides the side
    assert regional_vocabulary("英偉達的芯片").label == "mainland"
    assert regional_vocabulary("辉达的晶片").label == "taiwan"


def test_regional_matching_is_longest_and_non_overlapping() -> None:
    assert [(w, s) for _, w, s in regional_hits("演算法")] == [("演算法", "taiwan")]
    assert [(w, s) for _, w, s in regional_hits("微晶片和晶片")] == [("微晶片", "taiwan"), ("晶片", "taiwan")]
    vocab = regional_vocabulary("微芯片")
    assert (vocab.mainland, vocab.taiwan) == (1, 0)


def test_lexicon_forms_are_one_sided() -> None:
    rows = read_csv(REGIONAL_VOCAB_FILE)
    assert len(rows) >= 25
    seen: dict[str, str] = {}
    for row in rows:
        assert row["concept"]
        for side in ("mainland", "taiwan", "hongkong"):
            for word in filter(None, row[side].split("|")):
                assert seen.setdefault(word, side) == side, word
    for row in rows:
        if row["concept"] != "Cantonese particles":
            assert row["mainland"] and row["taiwan"], row["concept"]


def test_converted_repost() -> None:
    mainland = regional_vocabulary("英偉達的芯片和人工智能")
    assert converted_repost("zh-Hant", mainland)
    assert not converted_repost("zh-Hans", mainland)
    assert not converted_repost("zh-Hant", regional_vocabulary("輝達的晶片和人工智慧"))
    # Hong Kong writes 特朗普 and 芯片 too; its own wording (行政總裁) marks Hong Kong writing
    hong_kong = regional_vocabulary("英偉達行政總裁表示，特朗普的芯片禁令")
    assert hong_kong.label == "mainland" and hong_kong.hongkong == 1
    assert not converted_repost("zh-Hant", hong_kong)


SEEDS = {
    "000_6d16e24057d56e23.txt": ("zh-Hant", "mainland", True),
    "001_175f4188e638df5d.txt": ("zh-Hant", "mainland", True),
    "002_f8435e4a276f8e03.txt": ("zh-Hant", "mainland", True),
    "003_9a8bb0b1d576408f.txt": ("zh-Hans", "mainland", False),
    "004_4b42c23983a1bce1.txt": ("zh-Hant", "taiwan", False),
}


@pytest.mark.parametrize(("name", "expected"), sorted(SEEDS.items()))
def test_seed_articles(name: str, expected: tuple[str, str, bool]) -> None:
    text = (RAW / name).read_text(encoding="utf-8")
    lang = detect_language(text)
    vocab = regional_vocabulary(text)
    assert (lang, vocab.label, converted_repost(lang, vocab)) == expected


def test_changed_at_agrees_with_whole_text_comparison():
    from dashboard.pipeline.script import _changed_at, _converter

    text = "美國商務部宣布對華芯片出口实施新的限制措施,台灣干擾"
    for cfg in ("t2s", "s2t", "s2tw", "s2hk"):
        out = _converter(cfg).convert(text)
        every = [i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b]
        assert _changed_at(text, cfg) == every
        some = list(range(0, len(text), 2))
        assert _changed_at(text, cfg, some) == [i for i in some if i in every]


def test_script_evidence_matches_per_character_definition():
    from dashboard.pipeline.script import _CANTONESE, _converter

    for text in ["佢哋嘅晶片喺度", "美国芯片出口,台湾干扰", "美國晶片出口,臺灣干擾", "中文AI"]:
        flags = {
            cfg: [a != b for a, b in zip(text, _converter(cfg).convert(text), strict=True)]
            for cfg in ("t2s", "s2t", "s2tw", "s2hk")
        }
        trad = sum(1 for i, c in enumerate(text) if c in _CANTONESE or flags["t2s"][i])
        simp = sum(
            1
            for i, c in enumerate(text)
            if not (c in _CANTONESE or flags["t2s"][i])
            and all(flags[cfg][i] for cfg in ("s2t", "s2tw", "s2hk"))
        )
        assert script_evidence(text) == (trad, simp), text


def test_script_balance_decides_as_the_exact_counts():
    from dashboard.pipeline.script import _script_balance

    texts = [
        "美國晶片出口管制擴大,台灣廠商",
        "美國晶片出口,臺灣干擾,台积电",
        "美国芯片出口,台湾干扰",
        "佢哋嘅晶片喺度,美国",
        "中文AI",
        "臺灣的芯片出口与美国",
    ]
    for text in texts:
        exact, bounded = script_evidence(text), _script_balance(text)
        assert bounded[0] == exact[0]
        assert (exact[0] > exact[1]) == (bounded[0] > bounded[1]), text
        assert (exact[0] == exact[1]) == (bounded[0] == bounded[1]), text
        if exact[0] == 0:  # only whether there is a simplified character is kept
            assert bounded[1] == min(exact[1], 1), text


def test_clause_conversion_is_the_stretch_of_the_whole_conversion():
    from dashboard.pipeline.script import _CLAUSE_MARK_RE, _converter

    texts = [
        "美国商务部宣布,对华芯片出口实施新的限制措施;台湾干扰(干扰)「里面」著名的后台。",
        "他说：“干预、干涉！”后来《头发》里发现了台风，还有面条（面包）吗？",
    ]
    for text in texts:
        for cfg in ("s2t", "s2tw", "s2hk"):
            whole = _converter(cfg).convert(text)
            pos = 0
            for m in [*_CLAUSE_MARK_RE.finditer(text), None]:
                end = m.start() if m else len(text)
                assert _converter(cfg).convert(text[pos:end]) == whole[pos:end], (cfg, text[pos:end])
                pos = end + 1


def test_any_simplified_only_agrees_with_whole_text():
    from dashboard.pipeline.script import _any_simplified_only, _changed_at

    for text in ["台湾的后台,着重;里面", "美国芯片,台湾干扰", "台,台,后来的台", "中文AI,台"]:
        cand = _changed_at(text, "s2t")
        exact = _changed_at(text, "s2hk", _changed_at(text, "s2tw", cand)) if cand else []
        assert _any_simplified_only(text, cand) == bool(exact), text
