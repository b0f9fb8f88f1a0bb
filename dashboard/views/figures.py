"""Figures: every cited figure, figures by kind, money in USD, and the recurring-figures tracker."""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.queries import articles, figures
from dashboard.store import glossary

# a page cannot usefully show hundreds of thousands of rows or points; counts stay exact
ROW_LIMIT = 2000
CLAIM_LIMIT = 2000  # recurring-claims rows shown (the tracker of 10⁵ articles has ≈ 4×10⁵)
HIDDEN_COLUMNS = ("value_max", "language", "article_id", "paragraph", "claim_id")
MONEY_LIMIT = 5000

ctx = ui.context()
st.title("Figures")


def _context(article_id: str, paragraph: int, needle: str) -> None:
    """Show the paragraph a figure stands in, with the figure highlighted."""
    row = figures.paragraph(ctx.tables, article_id, paragraph)
    meta = ctx.arts[ctx.arts["article_id"] == article_id]
    if row is None:
        st.warning("The figure in the link is not in this dataset.", icon=":material/warning:")
        return
    pieces = articles.mark_spans(row["text"], [needle], [], row["damaged_spans"])
    with st.container(border=True):
        st.html(ui.marked_html(pieces, row["language"]))
        st.caption(f"{ui.md_escape(articles.label(ctx.tables, article_id))} · paragraph {paragraph}")
        if len(meta):
            st.markdown(ui.link("original article", meta.iloc[0]["url"]) + " · " + ui.reader_link(article_id))


def _amounts(frame: pd.DataFrame) -> list[str]:
    """Each row's value by its kind and unit (95%, 0.5 pp, 200亿 USD, 1.5万个, a unit price 1.2万 CNY/m2):
    display only."""
    per = frame["per"] if "per" in frame else pd.Series([None] * len(frame), index=frame.index)
    units = [
        u if not isinstance(p, str) or not p else f"{u}/{p}" for u, p in zip(frame["unit"], per, strict=True)
    ]
    return [glossary.amount(v, k, u) for v, k, u in zip(frame["value"], frame["kind"], units, strict=True)]


if not ui.empty_state(ctx):
    by_kind = figures.figures_by_kind(tables=ctx.tables, arts=ctx.sel)
    if by_kind.empty:
        st.info("No figures in these articles.", icon=":material/filter_alt_off:")
    else:
        kinds = sorted(by_kind["kind"])
        c1, c2 = st.columns([1, 2])
        with c1:
            by_label = glossary.labelled(by_kind, "kinds", "kind", "kind_of_figure")
            ui.show_chart(
                charts.count_bar(by_label, "kind_of_figure", "figures", "Figures by kind"),
                by_label,
                "figures_by_kind",
            )
        with c2:
            money = figures.money_figures(tables=ctx.tables, arts=ctx.sel, limit=MONEY_LIMIT)
            n_money = int(by_kind.loc[by_kind["kind"] == "money", "figures"].sum())
            res = ui.show_chart(
                charts.money_log_chart(
                    money,
                    left_out={
                        "money figures without a USD value, unit prices (per m², per barrel …) or beyond the largest drawn": n_money
                        - len(money)
                    },
                ),
                money,
                "money_usd",
                empty="No money figures with a USD value.",
            )
            if len(money) >= MONEY_LIMIT:
                st.caption(f"The {ui.md_escape(f'{MONEY_LIMIT:,}')} largest amounts are drawn.")
            fig_id = ui.picked(res, "fig_id")
            if fig_id != st.session_state.get("_money_click"):  # a new click, not the kept selection
                st.session_state["_money_click"] = fig_id
                if isinstance(fig_id, str):
                    st.query_params["figure"] = fig_id

        st.subheader("Every cited figure")
        ui.check_param("kind", kinds)
        # labels on show, the kind's id in the link (?kind=percent)
        kind = ui.url_selectbox(
            "Kind",
            kinds,
            "kind",
            format_func=lambda k: glossary.bilingual("kinds", k),
            default=None,
            placeholder="All kinds",
            help="; ".join(ui.md_escape(f"{k}: {glossary.bilingual('kinds', k)}") for k in kinds),
        )
        total = (
            int(by_kind.loc[by_kind["kind"] == kind, "figures"].sum())
            if kind
            else int(by_kind["figures"].sum())
        )
        shown = figures.figures_table(ctx.tables, ctx.sel, kind=kind, limit=ROW_LIMIT)
        shown = glossary.labelled(shown, "kinds", "kind", "kind_of_figure")
        shown.insert(int(shown.columns.get_loc("value")), "amount", _amounts(shown))
        # the table's columns, minus the ones kept only to locate the figure or join it (all in the CSV)
        cols = ["kind_of_figure", "amount"] + [
            c for c in figures.FIGURE_COLUMNS if c not in HIDDEN_COLUMNS and c != "kind"
        ]
        table = st.dataframe(
            ui.readable(shown[cols]),
            hide_index=True,
            placeholder=glossary.MISSING,  # a missing number too, never "None"
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="figure_table",
            column_config={
                "kind_of_figure": st.column_config.TextColumn("kind"),
                "amount": st.column_config.TextColumn(
                    "amount", help="The value as a reader writes it: 95%, 0.5 pp, 200亿 USD, 1.5万个"
                ),
                "value": st.column_config.NumberColumn("exact value", format="localized"),
                "value_usd": st.column_config.NumberColumn("value in USD", format="localized"),
                "per": st.column_config.TextColumn(
                    "per", help="A unit price: what the money is per (m2, barrel, kg); empty for an amount"
                ),
                "published": st.column_config.TextColumn("published"),
            },
        )
        if total > len(shown):
            st.caption(
                f"Showing the first {ui.md_escape(f'{len(shown):,}')} of {ui.md_escape(f'{total:,}')} "
                "figures; narrow the filters to see the rest."
            )
        ui.table_download(shown, "figures")
        rows = table.selection.rows if table is not None else []
        picked_row = figures.figure_id(shown.iloc[rows[0]]) if rows else None
        if picked_row != st.session_state.get("_figure_row"):  # a new row choice, not the kept one
            st.session_state["_figure_row"] = picked_row
            if picked_row:
                st.query_params["figure"] = picked_row
            elif "figure" in st.query_params:
                del st.query_params["figure"]
        # the figure read in its paragraph lives in the URL, so a shared link opens it too
        wanted = figures.parse_figure_id(st.query_params.get("figure"))
        if wanted is not None:
            _context(*wanted)
        elif st.query_params.get("figure"):
            ui.check_param("figure", [])  # malformed: say it was ignored
        else:
            st.caption("Select a row (or a money point) to read the figure in its paragraph.")

        st.subheader("Recurring figures")
        st.caption("The same number about the same subject, repeated across articles and outlets.")
        claims = figures.recurring_claims(ctx.tables, ctx.sel)
        recurring = claims[claims["n_articles"] > 1]
        ui.show_chart(
            charts.claims_bar(
                recurring.head(25), left_out={"repeated figures beyond the top 25": len(recurring) - 25}
            ),
            recurring.head(25),
            "recurring_figures",
            empty="No figure is repeated by more than one article under these filters.",
        )
        # the first rows (most articles first): formatting and sending every claim of a large
        # corpus took seconds per visit
        shown_claims = claims.head(CLAIM_LIMIT)
        table = glossary.labelled(shown_claims, "kinds", "kind", "kind_of_figure")
        table.insert(int(table.columns.get_loc("value")), "amount", _amounts(table))
        st.dataframe(
            ui.readable(table),
            hide_index=True,
            placeholder=glossary.MISSING,  # a missing number too, never "None"
            width="stretch",
            # the claim id and the raw kind stay in the CSV; the value is never clipped
            column_order=[
                "texts",
                "subject",
                "amount",
                "value",
                "unit",
                "kind_of_figure",
                "n_articles",
                "n_outlets",
                "outlets",
                "first_published",
                "last_published",
            ],
            column_config={
                "texts": st.column_config.TextColumn("as written", width="medium"),
                "amount": st.column_config.TextColumn(
                    "amount", help="The value as a reader writes it: 95%, 0.5 pp, 200亿 USD, 1.5万个"
                ),
                "value": st.column_config.NumberColumn("exact value", format="localized", width="medium"),
                "kind_of_figure": st.column_config.TextColumn("kind"),
                "first_published": st.column_config.TextColumn("first"),
                "last_published": st.column_config.TextColumn("last"),
            },
        )
        if len(claims) > len(shown_claims):
            st.caption(
                f"Showing the first {ui.md_escape(f'{len(shown_claims):,}')} of "
                f"{ui.md_escape(f'{len(claims):,}')} figures (most articles first); narrow the filters "
                "to see the rest."
            )
        ui.table_download(shown_claims, "claims")
