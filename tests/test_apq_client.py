"""Automatic persisted queries as a frontend team meets them: Apollo Client's own
persisted-queries link (npm ``@apollo/client``) against a real server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.databases import DatabaseFactory, credentials
from tests.live import live_server

CLIENT = Path(__file__).parent / "apq_client"


def install_client() -> None:
    if not (CLIENT / "node_modules" / "@apollo" / "client").exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed for the Apollo Client APQ test (Node.js 18+)"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=CLIENT,
            check=True,
            timeout=300,
        )


async def test_apollo_client_persisted_queries_link(databases: DatabaseFactory) -> None:
    install_client()
    url = await databases.fresh(seeded=True)
    with live_server(url, DUTYGRAPH_CLOCK_INTERVAL="0") as base:
        result = await asyncio.to_thread(
            subprocess.run,
            ["node", "apq.mjs", f"{base}/graphql"],
            cwd=CLIENT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "DUTYGRAPH_TOKEN": credentials(url).office},
        )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout)
    titles = [plan["title"] for plan in outcome["first"]["plans"]["nodes"]]
    assert titles == ["加强政务诚信建设工作任务分工方案"]
    assert outcome["second"] == outcome["first"]
    requests = outcome["requests"]
    hashes = {r["hash"] for r in requests}
    assert len(hashes) == 1
    assert None not in hashes
    # Hash only (unknown) → hash + document (registers) → hash only, served.
    assert [r["query"] for r in requests] == [False, True, False]
