"""URL view state: parsing, validation notices and the link round trip."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from dashboard.state import Choices, Filters, parse_params, query_string, safe_url, to_params

CHOICES = Choices(
    outlet=("新浪", "自由時報", "Reuters"),
    cited=("路透社", "彭博社"),
    topic=("ai", "export_controls"),
    extra={"term": None},
)


def test_valid_params_become_filters_without_notices():
    f, notices = parse_params(
        {
            "lang": ["zh-Hant", "en"],
            "outlet": "自由時報",
            "topic": ["ai"],
            "from": "2024-01-01",
            "to": "2024-12-31",
            "undated": "false",
            "q": "輝達",
            "term": "芯片",
        },
        CHOICES,
    )
    assert notices == []
    assert f == Filters(
        lang=("zh-Hant", "en"),
        outlet=("自由時報",),
        topic=("ai",),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
        undated=False,
        q="輝達",
    )


def test_unknown_and_malformed_values_are_dropped_with_notices():
    f, notices = parse_params(
        {
            "lang": ["xx", "en"],
            "outlet": "Nobody",
            "from": "yesterday",
            "to": "2024-02-30",
            "undated": "maybe",
            "bogus": "1",
        },
        CHOICES,
    )
    assert f.lang == ("en",) and f.outlet == () and f.date_from is None and f.date_to is None and f.undated
    text = " ".join(notices)
    for fragment in ("lang value “xx”", "outlet value “Nobody”", "from date", "to date", "undated", "bogus"):
        assert fragment in text


def test_copies_filter_is_validated():
    assert parse_params({"copies": "exclude"}, CHOICES)[0].copies == "exclude"
    filters, notices = parse_params({"copies": "maybe"}, CHOICES)
    assert filters.copies == "include" and "copies value “maybe”" in notices[0]
    assert to_params(Filters(copies="only")) == {"copies": ["only"]}
    assert to_params(Filters()) == {}


def test_reversed_dates_drop_the_end_date():
    f, notices = parse_params({"from": "2024-05-01", "to": "2024-01-01"}, CHOICES)
    assert f.date_from == dt.date(2024, 5, 1) and f.date_to is None
    assert any("before" in n for n in notices)


def test_keyword_is_cleaned_and_capped():
    f, notices = parse_params({"q": "芯片\x00" + "x" * 500}, CHOICES)
    assert f.q.startswith("芯片x") and len(f.q) == 100 and "\x00" not in f.q
    assert notices


def test_default_filters_make_an_empty_query_and_safe_urls():
    assert query_string(Filters()) == ""
    assert "lang=zh-Hant" in query_string(Filters(lang=("zh-Hant",)), {"term": "芯片"})
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", "ftp://x/y", "//x.com", "", None, 3):
        assert safe_url(bad) is None


filters_strategy = st.builds(
    Filters,
    lang=st.lists(st.sampled_from(CHOICES.lang), unique=True).map(tuple),
    outlet=st.lists(st.sampled_from(CHOICES.outlet), unique=True).map(tuple),
    cited=st.lists(st.sampled_from(CHOICES.cited), unique=True).map(tuple),
    topic=st.lists(st.sampled_from(CHOICES.topic), unique=True).map(tuple),
    date_from=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2015, 1, 1)),
    date_to=st.none() | st.dates(dt.date(2015, 1, 2), dt.date(2030, 1, 1)),
    undated=st.booleans(),
    copies=st.sampled_from(["include", "exclude", "only"]),
    q=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=30),
)


@given(filters_strategy)
def test_link_round_trip_reproduces_the_view(filters):
    parsed, notices = parse_params(to_params(filters), CHOICES)
    assert notices == []
    assert parsed == filters


raw_values = st.one_of(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=4))


@given(
    st.dictionaries(
        st.sampled_from(["lang", "outlet", "cited", "topic", "from", "to", "undated", "q", "term", "zz"])
        | st.text(max_size=8),
        raw_values,
        max_size=8,
    )
)
def test_any_query_parses_to_allowed_values_without_raising(params):
    f, notices = parse_params(params, CHOICES)
    assert set(f.lang) <= set(CHOICES.lang)
    assert set(f.outlet) <= set(CHOICES.outlet)
    assert set(f.cited) <= set(CHOICES.cited)
    assert set(f.topic) <= set(CHOICES.topic)
    assert not (f.date_from and f.date_to and f.date_from > f.date_to)
    assert len(f.q) <= 100
    assert all(isinstance(n, str) and n for n in notices)


@given(
    st.dictionaries(
        st.sampled_from(["lang", "outlet", "cited", "topic", "from", "to", "undated", "q", "term"])
        | st.text(min_size=1, max_size=300),
        st.lists(st.text(min_size=200, max_size=3000), min_size=1, max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_very_long_and_repeated_values_give_short_notices(params):
    # a pasted link may carry kilobytes per value: each notice quotes a bounded excerpt only
    f, notices = parse_params(params, CHOICES)
    assert len(f.q) <= 100
    assert all(len(n) <= 120 for n in notices if not n.startswith("Ignored unknown link parameter"))
    # the unknown-key notice lists each key cut to 30 characters
    assert all(len(n) <= 60 + 32 * len(params) for n in notices if n.startswith("Ignored unknown link"))
