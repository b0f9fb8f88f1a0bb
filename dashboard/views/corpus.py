"""Your corpus: upload or paste articles, build them with the pipeline, explore and share by link."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import export, ui
from dashboard.corpora import archive, extend, ids, runner, storage
from dashboard.corpora.limits import limits
from dashboard.store import glossary
from dashboard.ui import corpus as _corpus

JOB = "_corpus_job"  # the id of the build this session started
NOTE = "_corpus_note"  # a notice for the next run (after a rerun that switched corpus)

ui.context()  # the sidebar (filters and corpus selector) as on every page
lim = limits()
st.title("Your corpus")
st.markdown(
    "Upload your own articles, or paste one, and explore them with every page of the dashboard. "
    "The same pipeline as the command line reads, cleans and analyses them. When the build is done, "
    "the address bar holds a link to your corpus (`corpus=…`): anyone with the link sees the same "
    "corpus, page and filters. No page lists other people's corpora."
)
# shown literally (md_escape): the numbers come from settings, and "…" or "*" must not become markup
limits_text = (
    f"Limits: {lim.max_upload_mb} MB per uploaded file (a larger one is refused by the browser, "
    "marked in red in the list, and not built; split it or zip it) · "
    f"{lim.max_files:,} files per corpus "
    f"(archive entries count one each) · {lim.max_article_chars:,} characters per article · "
    f"{lim.max_unzipped_mb} MB unpacked from archives per upload, compression ratio at most "
    f"{lim.max_ratio}:1 · {storage.quota_bytes() / 2**20:,.0f} MB of corpora stored on this server "
    "(the least recently viewed are deleted first)."
)
st.caption(ui.md_escape(limits_text))


def _show_summary(cid: str) -> None:
    summary = storage.summary(cid)
    if summary is None:
        return
    st.subheader("Build summary")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Files read", f"{summary['files']:,}")
    c2.metric("Articles", f"{summary['articles']:,}")
    c3.metric("Rejected files", f"{len(summary['rejected']):,}")
    c4.metric("Lines removed", f"{sum(summary['removed_by_rule'].values()):,}")
    merged = summary.get("merged") or []
    if merged:
        # 15 files in, 12 articles out: say where the other three went
        st.markdown(
            f"**{ui.md_escape(f'{len(merged):,}')} {'file holds an article' if len(merged) == 1 else 'files hold an article'} "
            "already in the upload**, counted once (under the first file)"
        )
        st.table(
            pd.DataFrame(merged)
            .rename(columns={"source": "file", "same_as": "same article as"})
            .set_index("file")
        )
    if summary["rejected"]:
        st.markdown("**Rejected, with the reason**")
        # a plain table (not the canvas grid): every reason readable, searchable and copyable
        st.table(pd.DataFrame(summary["rejected"]).set_index("source"))
    if summary["removed_by_rule"]:
        st.markdown("**Lines removed, by rule**")
        frame = pd.DataFrame(list(summary["removed_by_rule"].items()), columns=["rule", "lines"])
        # the reader-facing label first (as the Overview shows it); the rule id stays for the Method page
        frame = glossary.labelled(frame, "rules", "rule", "what was removed")[
            ["what was removed", "lines", "rule"]
        ]
        st.dataframe(frame, hide_index=True, width="stretch", placeholder=glossary.MISSING)
    st.download_button(
        "⬇ All tables (Parquet + CSV, zip)",
        lambda: export.tables_zip(storage.folder(cid)),
        file_name=f"chipwar-corpus-{cid[:8]}.zip",
        mime="application/zip",
        key="dl_corpus_tables",
        on_click="ignore",
    )


@st.fragment(run_every=1.0)
def _progress(cid: str) -> None:
    job = runner.job(cid)
    if job is None:
        return
    if job.done.is_set():
        if job.error:
            st.error(f"The build failed: {ui.plain(job.error)}", icon=":material/error:")
            st.session_state.pop(JOB, None)
            return
        st.session_state.pop(JOB, None)
        _corpus.switch_to(cid)
        st.rerun(scope="app")
    report = job.progress()
    total = max(int(report.get("total") or job.files), 1)
    files = min(int(report.get("files") or 0), total)
    stage = report.get("stage", "starting")
    st.progress(
        files / total,
        text=f"Building ({stage}): {files} of {total} files read, {int(report.get('articles') or 0)} articles analysed",
    )


building = st.session_state.get(JOB)
if building:
    _progress(building)

current = _corpus.active()
note = st.session_state.pop(NOTE, None)
if note:
    st.info(ui.plain(note), icon=":material/info:")
if current:
    st.success(
        f"You are exploring your corpus {ui.md_escape(current)}. Copy the address bar (or the link in the sidebar) "
        "to share it; the other pages show it too.",
        icon=":material/link:",
    )
    _show_summary(current)

st.subheader("Add articles")
with st.form("upload", clear_on_submit=False, border=True):
    # any type is taken (no type= filter): a file the pipeline cannot read is listed in the build
    # summary with the reason and what to do instead, rather than refused in the browser and
    # then missing from the summary without a word
    uploads = st.file_uploader(
        "Files: .txt .md .html .htm .json .jsonl .csv, or .zip archives of them",
        accept_multiple_files=True,
        key="corpus_files",
    )
    with st.expander("…or paste one article"):
        text = st.text_area("Article text", key="paste_text", height=180)
        p1, p2 = st.columns(2)
        title = p1.text_input("Title (optional)", key="paste_title")
        publisher = p2.text_input("Publisher (optional)", key="paste_publisher")
        date = p1.text_input("Date (optional, YYYY-MM-DD)", key="paste_date")
        url = p2.text_input("URL (optional)", key="paste_url")
    kept = extend.kept_files(current) if current else None
    add_to = False
    if kept is not None:
        add_to = st.toggle(
            f"Add them to the corpus you are exploring ({ui.md_escape(f'{kept:,}')} {'file' if kept == 1 else 'files'})",
            value=True,
            key="corpus_add",
            help="On: the new corpus holds this corpus's files and the new ones (a file with the name of "
            "one of them replaces it). Off: a new corpus of the new files alone. Either way the new "
            "corpus gets its own link; a link to this one still opens this one.",
        )
    elif current:
        st.caption(
            "This corpus was built before corpora kept their files, so it cannot be added to: the files "
            "here build a new corpus of their own (upload its files again with them to combine them)."
        )
    submitted = st.form_submit_button("Build corpus", type="primary", disabled=bool(building))

if submitted:
    new = archive.collect([(f.name, f.getvalue()) for f in uploads or []], lim)
    paste = ids.Paste(text, title, publisher, date, url)
    collected = extend.extend(current, new, lim) if add_to else new
    ids.add_paste(collected, paste, lim)
    if not new.files and not paste.files():
        st.error(
            "Nothing to add: choose files or paste an article."
            if add_to
            else "Nothing to build: add files or paste an article.",
            icon=":material/upload_file:",
        )
        if new.rejected:
            st.dataframe(
                pd.DataFrame(new.rejected, columns=["source", "reason"]),
                hide_index=True,
                placeholder=glossary.MISSING,  # a missing number too, never "None"
                width="stretch",
            )
    else:
        cid = ids.corpus_id(collected.files, collected.rejected)
        if storage.stored(cid):  # the same files as a stored corpus: reuse its build
            if cid == current:
                st.session_state[NOTE] = (
                    "These files are already in the corpus you are exploring: nothing changed."
                )
            _corpus.switch_to(cid)
            st.rerun()
        runner.start(cid, collected)
        st.session_state[JOB] = cid
        st.rerun()
