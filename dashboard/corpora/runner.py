"""Start corpus builds in the background and report their progress (shared by every session).

Each build runs ``dashboard.corpora.worker`` in a child process watched by a thread: the app's
server keeps serving while it runs, and a session that closes does not stop it (it publishes the
finished corpus, or nothing). The same files uploaded twice at once share one build, because they
have one id; different uploads get different ids and never see each other.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.corpora import storage, worker
from dashboard.corpora.archive import Collected

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Job:
    cid: str
    work: Path
    files: int
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None

    def progress(self) -> dict:
        """The worker's last report: stage, files read of total, articles analysed."""
        try:
            return json.loads((self.work / worker.PROGRESS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"stage": "done" if self.done.is_set() else "starting", "files": 0, "total": self.files}


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def write_inputs(collected: Collected, work: Path) -> Path:
    """Write the collected files under ``work/input`` (each path checked to stay inside it)."""
    inputs = (work / "input").resolve()
    inputs.mkdir(parents=True)
    for rel, data in collected.files.items():
        path = (inputs / rel).resolve()
        if inputs not in path.parents:  # archive.safe_name already refused these; never trust one check
            raise ValueError(f"refusing to write outside the corpus folder: {rel!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (work / worker.UPLOAD_REJECTED).write_text(json.dumps(collected.rejected), encoding="utf-8")
    return inputs


def _watch(job: Job) -> None:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.corpora.worker", str(job.work), job.cid],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not storage.stored(job.cid):
            job.error = (
                job.progress().get("error") or (proc.stderr.strip().splitlines() or ["build failed"])[-1]
            )
    except Exception as exc:  # the page shows it; the thread must not die silently
        job.error = f"{type(exc).__name__}: {exc}"
    finally:
        if job.error is None:
            shutil.rmtree(job.work, ignore_errors=True)
        job.done.set()


def start(cid: str, collected: Collected) -> Job:
    """The build of ``cid`` (started now unless one is already running or finished here)."""
    with _lock:
        job = _jobs.get(cid)
        if job is not None and (not job.done.is_set() or storage.stored(cid)):
            return job
        work = storage.work_dir(cid)
        write_inputs(collected, work)
        job = Job(cid, work, files=len(collected.files))
        _jobs[cid] = job
    threading.Thread(target=_watch, args=(job,), name=f"corpus-{cid[:8]}", daemon=True).start()
    return job


def job(cid: str) -> Job | None:
    """The build of ``cid`` started by this server, if any."""
    with _lock:
        return _jobs.get(cid)
