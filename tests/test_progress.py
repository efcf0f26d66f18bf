"""Long CLI commands draw a progress bar on a terminal and stay quiet in pipes."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.databases import DatabaseFactory

PLAN = (
    Path(__file__).resolve().parent.parent / "seed" / "data" / "wuwei-2017-integrity-task-plan.txt"
)
BAR_MARKS = ("\r", "%|", "it/s", "条/s")


def dutygraph(*args: str, database_url: str, stderr: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=stderr,
        timeout=120,
        check=False,
    )


def on_terminal(*args: str, database_url: str) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal; the exit code and what the terminal showed."""
    leader, follower = pty.openpty()
    # A real terminal has a size; a fresh pseudo-terminal is 0x0 (the bar would be 0 wide).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        run = dutygraph(*args, database_url=database_url, stderr=follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    return run.returncode, shown.decode(errors="replace")


@pytest.mark.parametrize(
    "command",
    [
        ("journal", "verify"),
        ("journal", "export", "-o", "{tmp}/journal.jsonl"),
        ("import", str(PLAN)),
    ],
)
async def test_bar_on_a_terminal_none_in_a_pipe(
    databases: DatabaseFactory, tmp_path: Path, command: tuple[str, ...]
) -> None:
    url = await databases.fresh(seeded=True)
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    piped = await asyncio.to_thread(dutygraph, *args, database_url=url, stderr=subprocess.PIPE)
    assert piped.returncode == 0, piped.stderr
    assert not any(mark in piped.stderr.decode() for mark in BAR_MARKS), piped.stderr
    code, shown = await asyncio.to_thread(on_terminal, *args, database_url=url)
    assert code == 0, shown
    assert "%|" in shown, shown
