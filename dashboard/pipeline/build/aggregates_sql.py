"""The pre-aggregations as DuckDB SQL: the reference ``aggregates.chunk_aggregates`` is tested
against, and what ``dashboard/data.py`` runs to derive the aggregates of an output folder that a
build wrote without them (test fixtures, older builds). The build itself never runs this.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ..schema import AGG_SCHEMAS, SCHEMAS
from .aggregates import SOURCES

# One SQL statement per aggregate over views named after the row tables (terms, figures, citations).
AGG_SQL: dict[str, str] = {
    "term_counts": """
        SELECT article_id, term, CAST(sum("count") AS BIGINT) AS "count"
        FROM terms GROUP BY article_id, term ORDER BY article_id, term""",
    "term_forms": """
        SELECT term, form, CAST(sum("count") AS BIGINT) AS "count"
        FROM (SELECT term, unnest(forms) AS form, "count" FROM terms)
        GROUP BY term, form ORDER BY term, form""",
    "outlet_counts": """
        SELECT article_id, outlet, "type", CAST(count(*) AS BIGINT) AS citations,
               CAST(count(*) FILTER (WHERE NOT coalesce(known, false)) AS BIGINT) AS unknown
        FROM citations WHERE outlet IS NOT NULL
        GROUP BY article_id, outlet, "type" ORDER BY article_id, outlet, "type" NULLS FIRST""",
    "article_counts": """
        WITH t AS (SELECT article_id, sum("count") AS n FROM terms GROUP BY article_id),
             f AS (SELECT article_id, count(*) AS n FROM figures GROUP BY article_id),
             c AS (SELECT article_id, count(*) AS n FROM citations GROUP BY article_id),
             ids AS (SELECT article_id FROM t UNION SELECT article_id FROM f
                     UNION SELECT article_id FROM c)
        SELECT ids.article_id,
               CAST(coalesce(t.n, 0) AS BIGINT) AS terms,
               CAST(coalesce(f.n, 0) AS BIGINT) AS figures,
               CAST(coalesce(c.n, 0) AS BIGINT) AS citations
        FROM ids LEFT JOIN t USING (article_id) LEFT JOIN f USING (article_id)
                 LEFT JOIN c USING (article_id)
        WHERE ids.article_id IS NOT NULL
        ORDER BY ids.article_id""",
}


def sql_aggregates(rows: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The aggregates computed by ``AGG_SQL`` in DuckDB (the reference ``chunk_aggregates`` must match)."""
    con = duckdb.connect()
    try:
        for name in SOURCES:
            table = rows.get(name)
            table = (
                SCHEMAS[name].empty_table()
                if table is None
                else table.select(SCHEMAS[name].names).cast(SCHEMAS[name])
            )
            con.register(name, table)
        return {
            name: con.sql(sql).to_arrow_table().select(AGG_SCHEMAS[name].names).cast(AGG_SCHEMAS[name])
            for name, sql in AGG_SQL.items()
        }
    finally:
        con.close()
