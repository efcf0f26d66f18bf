"""The reference graphql-http audit suite (npm ``graphql-http``) passes against the server:
every MUST and SHOULD, no warnings."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

from tests.databases import DatabaseFactory
from tests.live import live_server

AUDIT = Path(__file__).parent / "http_audit"


def install_audit() -> None:
    if not (AUDIT / "node_modules" / "graphql-http").exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed for the graphql-http audit (Node.js 18+)"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=AUDIT,
            check=True,
            timeout=300,
        )


async def test_graphql_http_audit_passes(databases: DatabaseFactory) -> None:
    install_audit()
    url = await databases.fresh(seeded=True)
    with live_server(url) as base:
        result = await asyncio.to_thread(
            subprocess.run,
            ["node", "audit.mjs", f"{base}/graphql"],
            cwd=AUDIT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 warnings, 0 errors" in result.stdout, result.stdout
