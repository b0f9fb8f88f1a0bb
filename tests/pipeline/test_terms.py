"""Terms across scripts: aliases, script conversion, segmentation, filtering, surface forms."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.analyse import terms
from dashboard.pipeline.analyse.terms import TermCount, canonical, paragraph_terms
from dashboard.pipeline.records import countable
from dashboard.pipeline.script import to_simplified

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def by_term(text: str, engine: str = "rjieba") -> dict[str, TermCount]:
    return {t.term: t for t in paragraph_terms(text, engine)}


def seed_lines(name_prefix: str | None = None) -> list[str]:
    files = sorted(RAW.glob("*.txt"))
    if name_prefix:
        files = [f for f in files if f.name.startswith(name_prefix)]
    return [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]


def file_terms(path: Path) -> dict[str, TermCount]:
    merged: dict[str, TermCount] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for t in paragraph_terms(line):
            old = merged.get(t.term)
            forms = tuple(sorted(set(t.forms) | set(old.forms if old else ())))
            merged[t.term] = TermCount(t.term, t.count + (old.count if old else 0), forms)
    return merged


def test_nvidia_aliases_merge_into_one_term_with_every_form():
    got = by_term("英伟达、英偉達和輝達是同一家公司，NVIDIA也叫Nvidia。")
    assert got["英伟达"].count == 5
    assert got["英伟达"].forms == ("NVIDIA", "Nvidia", "英伟达", "英偉達", "輝達")
    assert not any(t.lower() == "nvidia" for t in got)


def test_taiwan_chip_word_counts_as_mainland_chip():
    got = by_term("晶片出口管制影響了芯片供應。")
    assert got["芯片"].count == 2
    assert got["芯片"].forms == ("晶片", "芯片")
    assert "晶片" not in got


def test_huang_variants_merge():
    got = by_term("黃仁勳說，黃仁勛認為，黄仁勋表示，Jensen Huang 說。")
    assert got["黄仁勋"].count == 4
    assert set(got["黄仁勋"].forms) == {"黃仁勳", "黃仁勛", "黄仁勋", "Jensen Huang"}


def test_names_opencc_would_mangle_are_kept():
    # tw2sp turns 昇騰 into 升腾; the alias is matched before conversion
    got = by_term("華為昇騰(Ascend)晶片")
    assert got["昇腾"].forms == ("Ascend", "昇騰")
    assert "升腾" not in got
    assert got["华为"].forms == ("華為",)


def test_forms_survive_length_changing_conversion():
    # 記憶體→内存 and 演算法→算法 shorten the text; forms must still come from the original
    got = by_term("輝達執行長談記憶體和演算法")
    assert got["内存"].forms == ("記憶體",)
    assert got["算法"].forms == ("演算法",)
    assert got["首席执行官"].forms == ("執行長",)


def test_stopwords_punctuation_and_numbers_are_not_terms():
    got = by_term("但是，我們認為2024年芯片營收增長了10%，達到500億美元，約三分之一！5nm、3.5、2025-01-02。")
    assert set(got) == {"芯片", "营收", "增长", "达到"}


@pytest.mark.parametrize(
    ("text", "kept", "not_terms"),
    [
        # the magnitude after digits belongs to the number, not to the next word
        ("集团上季净利1961万令吉，按年增长两成。", {"令吉", "净利"}, {"万令", "亿令"}),
        ("新区规划住宅30万平方米，另有5000万是用于学校。", {"平方米", "学校"}, {"万平方米", "万是"}),
        ("约有2亿至3亿人受到影响，赔偿达1.2万余元。", {"影响", "赔偿"}, {"亿至", "万余", "万余元"}),
        ("今年已有3万多名游客到访，较去年多8千但仍未复苏。", {"游客", "复苏"}, {"万多", "千但"}),
        # dates and clock times: the unit belongs to the number, not to the word after it
        ("新华社北京12日电 国家统计局公布3月份数据。", {"国家统计局", "数据"}, {"日电", "月份"}),
        ("自1日起实施新规，下午3时许发生火警。", {"新规", "火警"}, {"日起", "时许"}),
        ("全国31个省报告病例，入住率為百份之六十七點二。", {"病例", "入住率"}, {"个省", "百份", "点二"}),
        # a number with its unit stays one token and no term; words that merely start with 百/万 stay
        ("投资5亿美元扩产，百度与万科也宣布计划。", {"扩产", "百度", "万科"}, {"亿美元", "美元"}),
    ],
)
def test_a_numbers_magnitude_is_not_glued_to_the_next_word(text, kept, not_terms):
    for engine in ("rjieba", "jieba"):
        found = {t.term for t in paragraph_terms(text, engine)}
        assert kept <= found and not (not_terms & found), (engine, found)


def test_the_magnitude_split_keeps_the_text():
    text = "3万是，1.5亿令吉，2千但，百度"
    for engine in ("rjieba", "jieba"):
        assert "".join(terms.segment(text, engine)) == text


def test_single_han_characters_are_dropped():
    got = by_term("美國的芯片在華很貴")
    assert all(len(t) > 1 for t in got)
    assert {"美国", "芯片"} <= set(got)


def test_english_lowercased_and_english_aliases_mapped():
    got = by_term("The U.S. Commerce Department said Export Controls on advanced Chips hurt Growth.")
    assert got["美国商务部"].forms == ("U.S. Commerce Department",)
    assert got["出口管制"].forms == ("Export Controls",)
    assert got["芯片"].forms == ("Chips",)
    assert "growth" in got and "advanced" in got
    assert not {"the", "said", "on", "Growth"} & set(got)


def test_latin_aliases_need_word_boundaries_and_exact_case_where_marked():
    got = by_term("OpenAI told us that apple pie and intel briefings matter; US and Apple and Intel.")
    assert "OpenAI" in got and "人工智能" not in got
    assert got["美国"].forms == ("US",)
    assert got["苹果"].forms == ("Apple",)
    assert got["英特尔"].forms == ("Intel",)
    assert got["apple"].count == 1 and got["intel"].count == 1


def test_lowercase_ai_in_chinese_text_is_artificial_intelligence():
    got = by_term("ai芯片和AI模型")
    assert got["人工智能"].forms == ("AI", "ai")


def test_userdict_words_stay_whole_and_keep_their_spelling():
    got = by_term("華為的cloudmatrix集成了昇腾910C，英伟达的H20被卡脖子")
    assert "CloudMatrix" in got and "H20" in got and "卡脖子" in got
    assert got["910C"].forms == ("910C",) and got["昇腾"].count == 1


def test_damaged_spans_never_produce_terms():
    text = "英伟达芯片銷售額很高"
    blanked = countable(text, [(0, 5)])
    got = by_term(blanked)
    assert "英伟达" not in got and "芯片" not in got
    assert all("\u3000" not in t and not t.isspace() for t in got)
    assert paragraph_terms("\u3000" * 12) == []


def test_results_sorted_and_forms_sorted():
    result = paragraph_terms("輝達、NVIDIA、晶片、芯片、美國、中國")
    assert [t.term for t in result] == sorted(t.term for t in result)
    assert all(list(t.forms) == sorted(t.forms) for t in result)


def test_canonical_replaces_aliases_and_simplifies():
    assert canonical("輝達(NVIDIA)執行長黃仁勳談晶片") == "英伟达(英伟达)首席执行官黄仁勋谈芯片"


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("輝達芯片晶片美國的了AIai NUS、,。0123\u3000記憶體")), max_size=40)
)
def test_any_text_gives_wellformed_terms(text):
    result = paragraph_terms(text)
    for t in result:
        assert t.term.strip() == t.term and t.term
        assert t.count >= 1 and t.forms
        assert "\u3000" not in t.term


# --- seed corpus (raw lines: only robust facts are asserted, cleaning happens elsewhere) ---


@pytest.fixture(scope="module")
def seed_terms() -> dict[str, dict[str, TermCount]]:
    return {f.name[:3]: file_terms(f) for f in sorted(RAW.glob("*.txt"))}


def test_seed_nvidia_in_all_five_files(seed_terms):
    assert len(seed_terms) == 5
    for name, got in seed_terms.items():
        assert got.get("英伟达") and got["英伟达"].count > 0, name
    assert "輝達" in seed_terms["004"]["英伟达"].forms


def test_seed_chip_includes_taiwan_form(seed_terms):
    assert "晶片" in seed_terms["004"]["芯片"].forms
    assert "晶片" not in seed_terms["004"]


def test_seed_huang_merges_both_variants(seed_terms):
    assert "黃仁勛" in seed_terms["002"]["黄仁勋"].forms
    assert "黃仁勳" in seed_terms["004"]["黄仁勋"].forms


def test_rjieba_agrees_with_python_jieba_on_seed_corpus():
    same = total = 0
    for line in seed_lines():
        text = to_simplified(line)
        a, b = terms.segment(text, "rjieba"), terms.segment(text, "jieba")
        assert "".join(a) == text == "".join(b)
        total += max(len(a), len(b))
        same += sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    assert same / total >= 0.99


def test_chinese_alias_inside_a_longer_word_is_not_counted():
    got = by_term("發展中國家和歐美國家都在觀望，對華為的制裁仍在繼續。")
    assert "中国" not in got and "美国" not in got
    assert {"发展中国家", "欧美国家"} <= set(got)
    assert got["华为"].forms == ("華為",)


def test_engines_give_the_same_terms_on_seed_corpus():
    lines = seed_lines()
    same = sum(paragraph_terms(ln, "rjieba") == paragraph_terms(ln, "jieba") for ln in lines)
    assert same / len(lines) >= 0.95


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ0 國晶體執行長輝達乾乾淨淨é")), max_size=30))
def test_char_convert_is_the_per_character_rule(text):
    def slow(s: str) -> str:  # one OpenCC call per character, as first written
        out = []
        for ch in s:
            conv = to_simplified(ch)
            out.append(conv if len(conv) == 1 else ch)
        return "".join(out)

    assert terms._char_convert(text) == slow(text)


def _whole_text_swallowed(text: str, start: int, stop: int, engine: str) -> bool:
    """The swallowed-alias rule as first written: segment the whole text."""
    tokens = terms.segment(terms._char_convert(text), engine)
    starts = [0]
    for tok in tokens:
        starts.append(starts[-1] + len(tok))
    starts.pop()
    i = max(j for j, s in enumerate(starts) if s <= start)
    return starts[i] < start and (i + 1 == len(starts) or starts[i + 1] > stop) and stop < len(text)


_CLAUSE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("發展中國家歐美对华为的美国政府芯片晶片輝達，。、；！？（）《》「」“”,;()a1 -.")
    ),
    max_size=40,
)


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
@settings(max_examples=150, deadline=None)
@given(text=_CLAUSE_TEXT)
def test_segmenting_clause_by_clause_is_segmenting_the_whole(engine, text):
    # _swallowed segments only the clause around a match: sound only while no word spans a mark
    converted = terms._char_convert(text)
    parts: list[str] = []
    pos = 0
    for m in terms._clause_marks().finditer(converted):
        parts += terms.segment(converted[pos : m.start()], engine) if m.start() > pos else []
        parts.append(m.group())
        pos = m.end()
    parts += terms.segment(converted[pos:], engine) if pos < len(converted) else []
    assert parts == terms.segment(converted, engine)


@settings(max_examples=150, deadline=None)
@given(text=_CLAUSE_TEXT, data=st.data())
def test_clause_swallowed_check_matches_whole_text_rule(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    stop = data.draw(st.integers(start + 1, len(text)))
    assert terms._swallowed(text, start, stop, "rjieba") == _whole_text_swallowed(text, start, stop, "rjieba")
