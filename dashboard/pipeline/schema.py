"""What the pipeline writes: the schema version, every table's Arrow schema, the cleaning rule ids.

One place for the output's contract. ``data/README.md`` documents every column of ``SCHEMAS`` and
``AGG_SCHEMAS`` and README.md's rule table lists every ``Rule`` with its ``RULE_DOCS`` text (both
are tested against this module). A new column is added here, in the stage that fills it
(``analyse/``) and in ``data/README.md``.
"""

from __future__ import annotations

from enum import StrEnum

import pyarrow as pa

# Bump when a table's columns change: the dashboard refuses a folder built for another version.
SCHEMA_VERSION = 3  # 3: articles wire_agency, region; figures qualifier, value_base, unit_base, direction

_str = pa.string()
_int = pa.int64()
_bool = pa.bool_()
_f64 = pa.float64()
_date = pa.date32()
_strs = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", _str),
            ("source", _str),
            ("sources", _strs),
            ("format", _str),
            ("encoding", _str),
            ("title", _str),
            ("publisher", _str),
            ("publisher_basis", _str),
            ("url", _str),
            ("published", _date),
            ("published_basis", _str),
            ("author", _str),
            ("wire_agency", _str),
            ("language", _str),
            ("region_vocab", _str),
            ("region", _str),
            ("mainland_terms", _int),
            ("taiwan_terms", _int),
            ("converted_repost", _bool),
            ("near_duplicate_of", _str),
            ("n_paragraphs", _int),
            ("n_chars", _int),
            ("pinyin_stripped", _int),
            ("mojibake_repaired", _int),
            ("damaged_spans", _int),
            ("lines_removed", _int),
            ("topics", _strs),
        ]
    ),
    "paragraphs": pa.schema(
        [
            ("article_id", _str),
            ("paragraph", _int),
            ("line", _int),
            ("text", _str),
            ("role", _str),
            ("language", _str),
            ("damaged", _bool),
            ("damaged_spans", pa.list_(pa.list_(_int))),
            ("topics", _strs),
        ]
    ),
    "removed": pa.schema(
        [("article_id", _str), ("source", _str), ("line", _int), ("text", _str), ("rule", _str)]
    ),
    "rejected": pa.schema([("source", _str), ("reason", _str)]),
    "terms": pa.schema(
        [("article_id", _str), ("paragraph", _int), ("term", _str), ("count", _int), ("forms", _strs)]
    ),
    "figures": pa.schema(
        [
            ("article_id", _str),
            ("paragraph", _int),
            ("text", _str),
            ("kind", _str),
            ("value", _f64),
            ("value_max", _f64),
            ("unit", _str),
            ("per", _str),
            ("value_usd", _f64),
            ("sentence", _str),
            ("subject", _str),
            ("qualifier", _str),
            ("value_base", _f64),
            ("unit_base", _str),
            ("direction", _str),
            ("claim_id", _str),
        ]
    ),
    "claims": pa.schema(
        [
            ("claim_id", _str),
            ("kind", _str),
            ("value", _f64),
            ("unit", _str),
            ("subject", _str),
            ("texts", _strs),
            ("n_articles", _int),
            ("article_ids", _strs),
            ("publishers", _strs),
            ("first_published", _date),
            ("last_published", _date),
        ]
    ),
    "citations": pa.schema(
        [
            ("article_id", _str),
            ("paragraph", _int),
            ("outlet", _str),
            ("surface", _str),
            ("type", _str),
            ("country", _str),
            ("known", _bool),
            ("sentence", _str),
        ]
    ),
}


# Pre-aggregated tables the dashboard's charts read instead of scanning raw token rows
# (computed per chunk by ``build.aggregates.chunk_aggregates``).
AGG_SCHEMAS: dict[str, pa.Schema] = {
    # one row per (article, canonical term): what top terms, distinctive terms, term timelines and
    # the headline term count aggregate over a selection of articles
    "term_counts": pa.schema([("article_id", _str), ("term", _str), ("count", _int)]),
    # surface forms merged into each term (輝達 → 英伟达), for display and keyword matching
    "term_forms": pa.schema([("term", _str), ("form", _str), ("count", _int)]),
    # one row per (article, cited outlet, outlet type): the cited-outlet filter, charts, headline count
    "outlet_counts": pa.schema(
        [
            ("article_id", _str),
            ("outlet", _str),
            ("type", _str),
            ("citations", _int),
            ("unknown", _int),
        ]
    ),
    # one row per article that has terms, figures or citations: per-article totals for listings
    "article_counts": pa.schema(
        [("article_id", _str), ("terms", _int), ("figures", _int), ("citations", _int)]
    ),
}


# Every table a build writes, row tables first.
ALL_SCHEMAS: dict[str, pa.Schema] = {**SCHEMAS, **AGG_SCHEMAS}


class Rule(StrEnum):
    """Why cleaning cut a line or part of one (``removed.rule``), in the order README.md lists them.

    A StrEnum: each member equals its id string, so rules named in ``boilerplate.toml`` and
    values read back from Parquet compare equal to the members.
    """

    HTML_TAG = "html_tag"
    PINYIN = "pinyin"
    JAMMER = "jammer"
    TITLE = "title"
    BYLINE = "byline"
    AUTHOR_LINE = "author_line"
    EDITOR_LINE = "editor_line"
    PLATFORM_NOTICE = "platform_notice"
    REPRINT_STATEMENT = "reprint_statement"
    SPECIAL_STATEMENT = "special_statement"
    IMAGE_PLACEHOLDER = "image_placeholder"
    READ_COUNT_PROMO = "read_count_promo"
    RELATED_BOX = "related_box"
    SOURCE_URL = "source_url"
    RANDOM_TOPICS = "random_topics"
    SEO_SPAM = "seo_spam"
    COMMENTS = "comments"
    HEADLINE_LIST = "headline_list"
    SECTION_NUMBER = "section_number"
    EMPTY_MARKER = "empty_marker"
    REPEATED_LINE = "repeated_line"
    TRAILING_FURNITURE = "trailing_furniture"
    KEPT_WOULD_EMPTY = "kept_would_empty"


# What each rule removes (README.md's "Cleaning rules" table is tested against this text).
RULE_DOCS: dict[Rule, str] = {
    Rule.HTML_TAG: "a stray HTML tag or comment inside a line (the tag only), or a line that held nothing but tags",
    Rule.PINYIN: "flattened ruby annotations cut from a kept line (``國(guó)`` → ``國``); one entry per line listing the cut brackets",
    Rule.JAMMER: "anti-copy noise a forum scatters between sentences (``( j$ R* J3 l# V!``): cut from a kept line, or the whole line when it holds nothing else",
    Rule.TITLE: "the headline line directly above a byline (or a top author line), or a repost's ``原標題:…`` line",
    Rule.BYLINE: "author / date / time / read-count line near the top (``某某2024-10-23 11:23:26  117``)",
    Rule.AUTHOR_LINE: "a short ``Author: …`` / ``作者:…`` / ``文&#124;…`` / ``編輯:…`` line, or a page's info bar of labelled fields (``来源:… 作者: 点击:[]``)",
    Rule.EDITOR_LINE: "``責任編輯:…``; ends the article like source_url",
    Rule.PLATFORM_NOTICE: "hosting-platform disclaimers (NetEase Hao ``特別聲明:以上內容…`` and its English ``Notice: The content above…``); ends the article",
    Rule.REPRINT_STATEMENT: "reprint / authorisation / takedown / copyright notices and a site's filing numbers (``聲明:本文來自於 (ID:…)授權轉載發布``, ``轉載此文是出於傳遞更多信息目的…``, ``Copyright ©``, ``京ICP备…号``)",
    Rule.SPECIAL_STATEMENT: "generic disclaimers (免責聲明, 不構成投資建議 …)",
    Rule.IMAGE_PLACEHOLDER: "image stubs such as ``![]()`` or ``[圖片]``",
    Rule.READ_COUNT_PROMO: (
        "promotion lines (``往期經典回顧:50萬+閱讀量``, 點擊關注, 下載App, 打開APP, 分享到, 意見反饋, 跳過導航, Advertisement …) and site breadcrumbs (`"
        "`首頁 > 經濟 > 即時財經``; a two-level one, ``世界新聞網 > 舊金山``, only near the top)"
    ),
    Rule.RELATED_BOX: '"related reports" boxes, on one line or spread over several lines (``(相關報導:`` … ``&#124;`` … ``更多文章`` … ``)``), and inline boxes',
    Rule.SOURCE_URL: "a line that is only a URL (optionally ``原文鏈接:``); ends the article unless substantial body text follows it",
    Rule.RANDOM_TOPICS: "``隨機主題`` / 相關閱讀 / 相關新聞 / 推薦閱讀 / 猜你喜歡 / Read more … and what follows (unless substantial body text follows it)",
    Rule.SEO_SPAM: "keyword stuffing a hacked page carries (adult-site or gambling search terms run together: ``久久精品…一区二区…``)",
    Rule.COMMENTS: "a reader-comment section (``最新回复(2)``, 全部評論, Comments …) and every line after it",
    Rule.HEADLINE_LIST: "a run of short lines (bulleted, or before/after the body) whose words do not overlap the body; or a long run-on line of concatenated headlines (only the part before the body's first sentence when the line holds one)",
    Rule.SECTION_NUMBER: "a bare section number (``01``) above a short heading (heading kept)",
    Rule.EMPTY_MARKER: "a line of only digits or punctuation (``0``, ``&#124;``, ``)``), or an end mark (``(完)``, ``END``)",
    Rule.REPEATED_LINE: "a short line (a headline, a photo caption) given again right below itself: the copy is cut, the first kept",
    Rule.TRAILING_FURNITURE: "any other line after an end-of-article marker (URL, editor line)",
    Rule.KEPT_WOULD_EMPTY: "nothing: the line is KEPT. Logged when a rule would have removed the article's last substantial body text (a sentence, or a large share of its characters): first the lines cut by rules that judge by position or vocabulary (headline_list, related_box, random_topics, comments, trailing_furniture) are kept, failing those the ones cut by any rule whose lines can hold prose; an article is never thrown away whole as boilerplate",
}

# What cleaning did, per article: the articles columns filled from ``CleanResult.counts``
# (lines_removed counts whole lines; partial cuts are audited in ``removed`` too).
CLEANING_COUNTS = ("pinyin_stripped", "mojibake_repaired", "damaged_spans", "lines_removed")
