"""GraphiQL renders with the network cut off: its assets ship with the package (headless
Chromium, every host but the loopback made unresolvable)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tempfile

import httpx

from server.graphiql import graphiql_html
from tests.databases import DatabaseFactory
from tests.live import live_server

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--virtual-time-budget=15000",
]


def test_page_references_no_outside_address() -> None:
    html = graphiql_html()
    assert re.findall(r"(?:src|href)=\"(https?:)?//", html) == []
    assert "/graphiql-assets/graphiql.min.js" in html


async def test_graphiql_renders_offline_with_saved_examples(databases: DatabaseFactory) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, (
        "Chromium is needed (Debian: apt-get install chromium); scripts/test installs it"
    )
    url = await databases.fresh(seeded=True)
    with live_server(url) as base, tempfile.TemporaryDirectory() as profile:
        result = await asyncio.to_thread(
            subprocess.run,
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                f"{base}/graphql",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    dom = result.stdout
    assert 'class="graphiql-container"' in dom, result.stderr[-2000:]
    for tab in (
        "ResponsibilityChain",
        "TaskPage",
        "Journal",
        "Accountability",
        "CreditRecords",
        "PppResponsibility",
    ):
        assert tab in dom
    assert "Loading GraphiQL" not in dom


async def test_graphiql_is_off_in_production(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    with live_server(url, DUTYGRAPH_ENV="production") as base:
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            page = await http.get("/graphql", headers={"accept": "text/html"})
            asset = await http.get("/graphiql-assets/graphiql.min.js")
    assert page.status_code in (400, 404)
    assert "graphiql" not in page.text.lower()
    assert asset.status_code == 404
