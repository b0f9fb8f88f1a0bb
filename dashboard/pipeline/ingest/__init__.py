"""Read the input folder into Documents: decode text files, reduce HTML to article text, split exports.

Every file found becomes one or more Documents or a Rejected with a reason a person can act on;
nothing is dropped silently. Encodings are detected, recorded, and never guessed without evidence.

``decode`` turns bytes into text, ``html`` reduces a page to its article, ``tabular`` splits JSON/CSV
exports into rows, ``values`` reads text out of raw values, and ``walk`` lists the folder and reads
every file (the entry points: ``plan_inputs``, ``read_found``, ``read_inputs``).
"""

from __future__ import annotations

from .decode import (
    BOMS,
    CANTONESE,
    MAGIC,
    MAX_BYTES,
    MAX_CHARS,
    PLAUSIBLE,
    SCORE_SAMPLE,
    IngestError,
    decode_bytes,
    normalise_newlines,
    plausibility,
    read_text,
    sniff_binary,
)
from .html import (
    BLOCK_TAGS,
    BOILERPLATE,
    DROP_TAGS,
    HTMLISH,
    KEEP_CONTAINERS,
    MAX_HTML_DEPTH,
    PARA_TAGS,
    html_meta,
    html_to_text,
    read_html,
)
from .tabular import (
    EXPORT_FIELDS_FILE,
    TOO_DEEP_JSON,
    WRAPPER_KEYS,
    field_aliases,
    read_csv,
    read_json,
    read_jsonl,
)
from .values import (
    decode_entities,
)
from .walk import (
    ACCEPTED,
    EXPORT_EXTS,
    HTML_EXTS,
    MANIFEST_NAME,
    NO_WORDS,
    TEXT_EXTS,
    InputPlan,
    document_problem,
    has_words,
    iter_inputs,
    plan_inputs,
    read_found,
    read_inputs,
    read_manifests,
)

__all__ = [
    "ACCEPTED",
    "BLOCK_TAGS",
    "BOILERPLATE",
    "BOMS",
    "CANTONESE",
    "DROP_TAGS",
    "EXPORT_EXTS",
    "EXPORT_FIELDS_FILE",
    "HTMLISH",
    "HTML_EXTS",
    "IngestError",
    "InputPlan",
    "KEEP_CONTAINERS",
    "MAGIC",
    "MANIFEST_NAME",
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_HTML_DEPTH",
    "NO_WORDS",
    "PARA_TAGS",
    "PLAUSIBLE",
    "SCORE_SAMPLE",
    "TEXT_EXTS",
    "TOO_DEEP_JSON",
    "field_aliases",
    "WRAPPER_KEYS",
    "decode_bytes",
    "decode_entities",
    "document_problem",
    "has_words",
    "html_meta",
    "html_to_text",
    "iter_inputs",
    "normalise_newlines",
    "plan_inputs",
    "plausibility",
    "read_csv",
    "read_found",
    "read_html",
    "read_inputs",
    "read_json",
    "read_jsonl",
    "read_manifests",
    "read_text",
    "sniff_binary",
]
