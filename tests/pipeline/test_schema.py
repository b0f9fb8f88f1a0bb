"""schema.py is the output's contract: README.md's cleaning-rule table and clean.py agree with it."""

import re
from pathlib import Path

import pyarrow as pa

from dashboard.pipeline import SCHEMA_VERSION, clean
from dashboard.pipeline.lexicon import read_toml
from dashboard.pipeline.schema import AGG_SCHEMAS, ALL_SCHEMAS, RULE_DOCS, SCHEMAS, Rule
from dashboard.pipeline.schema import SCHEMA_VERSION as VERSION_IN_SCHEMA

ROOT = Path(__file__).resolve().parents[2]


def readme_rule_table() -> list[tuple[str, str]]:
    """(rule id, what it removes) rows of README.md's "Cleaning rules" table, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Cleaning rules", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"^\| `(\w+)` \| (.*) \|$", section, re.M)


def test_readme_rule_table_lists_every_rule_with_its_text_in_order():
    rows = readme_rule_table()
    assert [rid for rid, _ in rows] == [r.value for r in Rule]
    assert dict(rows) == {r.value: text for r, text in RULE_DOCS.items()}


def test_rules_equal_their_id_strings():
    assert Rule.HEADLINE_LIST == "headline_list"
    assert Rule("byline") is Rule.BYLINE
    assert {r.value for r in Rule} == set(RULE_DOCS)


def test_every_rule_the_lexicon_configures_is_a_schema_rule():
    configured = read_toml(clean.LEXICON)["rules"]
    assert configured, "boilerplate.toml names no rules"
    assert set(configured) <= {r.value for r in Rule}


def test_cleaning_reports_schema_rules():
    text = "正文第一段，說明美國的出口管制。\n<b></b>\n責任編輯：張三\n"
    removed = clean.clean_text(text).removed
    assert removed, "expected the tag-only line and the editor line to be cut"
    assert all(isinstance(r.rule, Rule) for r in removed)


def test_one_schema_version_and_disjoint_table_names():
    assert SCHEMA_VERSION == VERSION_IN_SCHEMA
    assert not set(SCHEMAS) & set(AGG_SCHEMAS)
    assert all(isinstance(s, pa.Schema) for s in ALL_SCHEMAS.values())
    assert list(ALL_SCHEMAS) == [*SCHEMAS, *AGG_SCHEMAS]
