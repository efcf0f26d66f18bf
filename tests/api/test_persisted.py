"""Persisted operations: documents named by SHA-256 (APQ style), hash checks, an allow-list
that production can require, and ``dutygraph persisted add``."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server.app import create_app
from server.live_settings import LiveSettings
from server.persisted import document_hash
from server.settings import Settings
from tests.api.subscribers import open_scene

HEAD = "query Head { journalHead { seq } }"
OTHER = "query Other { journalHead { hash } }"


def persisted(sha256: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


def allow_list(folder: Path) -> Path:
    path = folder / "operations.json"
    path.write_text(json.dumps({document_hash(HEAD): HEAD}), encoding="utf-8")
    return path


async def test_hash_only_requests_and_hash_checks(seeded_url: str, tmp_path: Path) -> None:
    live = LiveSettings(clock_interval=0, persisted_operations_file=str(allow_list(tmp_path)))
    async with open_scene(seeded_url, live) as scene:
        http = scene.office.http
        by_hash = await http.post("/graphql", json={"extensions": persisted(document_hash(HEAD))})
        assert by_hash.json()["data"]["journalHead"]["seq"] > 0
        by_get = await http.get(
            "/graphql",
            params={"extensions": json.dumps(persisted(document_hash(HEAD)))},
            headers={"accept": "application/json"},
        )
        assert by_get.json()["data"]["journalHead"]["seq"] > 0
        unknown = await http.post("/graphql", json={"extensions": persisted("0" * 64)})
        assert unknown.json()["errors"] == [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {
                    "code": "PERSISTED_QUERY_NOT_FOUND",
                    "field": "extensions.persistedQuery.sha256Hash",
                },
            }
        ]
        assert "data" not in unknown.json()
        mismatch = await http.post(
            "/graphql", json={"query": OTHER, "extensions": persisted(document_hash(HEAD))}
        )
        assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        # Not required: any other document is still served.
        assert "errors" not in (await http.post("/graphql", json={"query": OTHER})).json()


async def test_production_can_require_persisted_operations(seeded_url: str, tmp_path: Path) -> None:
    live = LiveSettings(
        clock_interval=0,
        persisted_operations_file=str(allow_list(tmp_path)),
        require_persisted_operations=True,
    )
    async with open_scene(seeded_url, live) as scene:
        http = scene.office.http
        refused = await http.post(
            "/graphql",
            json={"query": OTHER},
            headers={"accept": "application/graphql-response+json"},
        )
        assert refused.status_code == 400
        body = refused.json()
        assert "data" not in body
        assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        for request in ({"query": HEAD}, {"extensions": persisted(document_hash(HEAD))}):
            served = (await http.post("/graphql", json=request)).json()
            assert served["data"]["journalHead"]["seq"] > 0


def test_requiring_without_an_allow_list_fails_at_start(seeded_url: str) -> None:
    live = LiveSettings(require_persisted_operations=True)
    with pytest.raises(ValueError, match="DUTYGRAPH_PERSISTED_OPERATIONS"):
        create_app(Settings(database_url=seeded_url, live=live))


async def test_persisted_add_builds_the_allow_list(tmp_path: Path) -> None:
    documents = []
    for name, text in (("head.graphql", HEAD), ("other.graphql", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        documents.append(str(tmp_path / name))
    store = tmp_path / "persisted.json"
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server.cli", "persisted", "add", *documents, "-o", str(store)],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(store.read_text(encoding="utf-8")) == {
        document_hash(HEAD): HEAD,
        document_hash(OTHER): OTHER,
    }
    assert document_hash(HEAD) in run.stdout


async def test_apq_registers_a_document_sent_with_its_hash(seeded_url: str) -> None:
    """Automatic persisted queries: unknown hash → PersistedQueryNotFound; the document with
    its hash registers it; then the hash alone runs it."""
    async with open_scene(seeded_url, LiveSettings(clock_interval=0)) as scene:
        http = scene.office.http
        key = document_hash(OTHER)
        # Apollo sends the operationName along with the hash.
        first_request = {"operationName": "Other", "extensions": persisted(key)}
        first = (await http.post("/graphql", json=first_request)).json()
        assert first["errors"][0]["message"] == "PersistedQueryNotFound"
        sent = await http.post("/graphql", json={"query": OTHER, "extensions": persisted(key)})
        assert sent.json()["data"]["journalHead"]["hash"]
        again = (await http.post("/graphql", json={"extensions": persisted(key)})).json()
        assert again == sent.json() | {"extensions": again["extensions"]}
        # A document whose hash is wrong registers nothing.
        wrong = "f" * 64
        await http.post("/graphql", json={"query": HEAD, "extensions": persisted(wrong)})
        unknown = (await http.post("/graphql", json={"extensions": persisted(wrong)})).json()
        assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_an_allow_list_policy_registers_nothing(seeded_url: str, tmp_path: Path) -> None:
    live = LiveSettings(
        clock_interval=0,
        persisted_operations_file=str(allow_list(tmp_path)),
        require_persisted_operations=True,
    )
    async with open_scene(seeded_url, live) as scene:
        http = scene.office.http
        key = document_hash(OTHER)
        sent = await http.post("/graphql", json={"query": OTHER, "extensions": persisted(key)})
        assert sent.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        later = (await http.post("/graphql", json={"extensions": persisted(key)})).json()
        assert later["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
