"""Serve a Streamlit script on a free local port for as long as a block runs, and the browser that
opens it: Debian's chromium with the flags this closed network needs (benchmarks and tests;
never `playwright install`)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, deadline_s: float = 60) -> None:
    """Poll the health endpoint until it answers (or the server dies), rather than sleeping blindly."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy")


@contextlib.contextmanager
def serve(
    script: Path | str,
    env: dict[str, str] | None = None,
    python: str | None = None,
    deadline_s: float = 60,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run script`` from the repository root; yields the base URL and the process.

    ``python``: the interpreter that serves it (default this one), e.g. a venv holding only
    requirements.txt, as Streamlit Community Cloud runs the app.
    """
    port = free_port()
    proc = subprocess.Popen(
        [python or sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc, deadline_s)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
