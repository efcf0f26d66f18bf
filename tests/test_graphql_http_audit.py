"""The reference graphql-http audit suite (npm ``graphql-http``) passes against the server:
every MUST and SHOULD, no warnings."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.databases import DatabaseFactory, credentials
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


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [("/graphql", True), ("/public/graphql", False)],
    ids=["internal", "public"],
)
async def test_graphql_http_audit_passes(
    databases: DatabaseFactory, path: str, signed_in: bool
) -> None:
    """Both endpoints: the internal one as the office account, the public one anonymously."""
    install_audit()
    url = await databases.fresh(seeded=True)
    token = {"DUTYGRAPH_AUDIT_TOKEN": credentials(url).office} if signed_in else {}
    with live_server(url) as base:
        result = await asyncio.to_thread(
            subprocess.run,
            ["node", "audit.mjs", f"{base}{path}"],
            cwd=AUDIT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, **token},
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 warnings, 0 errors" in result.stdout, result.stdout
