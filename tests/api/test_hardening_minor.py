"""Issue 12's minor points: the reporter of progress holds a post in the unit, string inputs
carry no control characters, ``X-Forwarded-For`` counts only from proxies named as trusted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.auth_settings import AuthSettings
from server.settings import Settings
from tests.api.test_authz_public import COMPLAIN
from tests.api.test_commitment import PROGRESS, Scene
from tests.conftest import GraphQLClient, running
from tests.databases import DatabaseFactory
from tests.live import free_port

HEAD = "{ journalHead { seq } persons(first: 1) { totalCount } }"
PERSON_LITERAL = 'mutation { personCreate(input: {name: "张\\u0000三"}) { person { id } } }'


async def test_progress_is_reported_by_someone_in_the_unit(seeded: GraphQLClient) -> None:
    scene = await Scene(seeded).load()
    commitment = await scene.pledge("2018-06-30")
    stranger = await scene.person("李无关", scene.outsider)
    insider = await scene.person("王督查", scene.lead_unit)
    report = {
        "commitmentId": commitment["id"],
        "period": "2018年第一季度",
        "text": "已督查两县",
        "percentComplete": 50,
        "reportedOn": "2018-03-30",
        "submittedById": stranger,
    }
    head = await seeded.data(HEAD)
    error = await scene.leader.error(PROGRESS, {"input": report})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "submittedById"}
    assert "holds no position" in error["message"]
    assert await seeded.data(HEAD) == head
    accepted = await scene.leader.data(PROGRESS, {"input": report | {"submittedById": insider}})
    assert accepted["progressReportSubmit"]["progressReport"]["percentComplete"] == 50


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x1f", "\x0b"])
async def test_control_characters_are_refused_naming_the_field(
    seeded: GraphQLClient, character: str
) -> None:
    head = await seeded.data(HEAD)
    named = await seeded.error(
        "mutation($n: String!) { personCreate(input: {name: $n}) { person { id } } }",
        {"n": f"张{character}三"},
    )
    assert named["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert f"U+{ord(character):04X}" in named["message"]
    nested = await seeded.error(
        "mutation($input: PersonCreateInput!) { personCreate(input: $input) { person { id } } }",
        {"input": {"name": f"张三{character}"}},
    )
    assert nested["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    public = await seeded.public().error(
        COMPLAIN, {"input": {"content": f"某局{character}拖欠", "unitName": "某局"}}
    )
    assert public["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}
    assert await seeded.data(HEAD) == head


async def test_control_characters_in_literals_and_free_text(seeded: GraphQLClient) -> None:
    head = await seeded.data(HEAD)
    literal = await seeded.run(PERSON_LITERAL)
    assert "data" not in literal
    assert literal["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    scene = await Scene(seeded).load()
    commitment = await scene.pledge("2018-06-30")
    report = {
        "commitmentId": commitment["id"],
        "period": "2018年第一季度",
        "text": "已督查\x00两县",
        "percentComplete": 50,
        "reportedOn": "2018-03-30",
    }
    text = await scene.leader.error(PROGRESS, {"input": report})
    assert text["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}
    # Tab, newline and carriage return are ordinary text.
    lines = report | {"text": "第一行\r\n第二行\t已督查两县"}
    assert await scene.leader.data(PROGRESS, {"input": lines})
    assert (await seeded.data(HEAD))["persons"] == head["persons"]


def complaint(number: int) -> dict[str, Any]:
    return {"input": {"content": f"某局拖欠工程款{number}", "unitName": "某局"}}


async def submit(http: httpx.AsyncClient, number: int, forwarded_for: str) -> dict[str, Any]:
    response = await http.post(
        "/public/graphql",
        json={"query": COMPLAIN, "variables": complaint(number)},
        headers={"x-forwarded-for": forwarded_for},
    )
    body: dict[str, Any] = response.json()
    return body


def test_trusted_proxies_come_from_the_environment() -> None:
    assert Settings.from_env({}).trusted_proxies == ()
    env = {"DUTYGRAPH_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16"}
    assert Settings.from_env(env).trusted_proxies == ("10.0.0.1", "192.168.0.0/16")
    # uvicorn's own variable, as the README named it before, when ours is unset.
    assert Settings.from_env({"FORWARDED_ALLOW_IPS": "10.0.0.9"}).trusted_proxies == ("10.0.0.9",)


async def test_forwarded_for_counts_only_from_trusted_proxies(database_url: str) -> None:
    one = AuthSettings(public_submit_burst=1, public_submit_refill_seconds=3600)
    async with running(database_url, auth=one, trusted_proxies=("127.0.0.1",)) as (app, _):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            assert "errors" not in await submit(http, 1, "203.0.113.1")
            again = await submit(http, 2, "203.0.113.1")
            assert again["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            # The proxy forwards another client: a bucket of its own.
            assert "errors" not in await submit(http, 3, "203.0.113.2")
        # A peer that is not a trusted proxy names no one but itself.
        transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            assert "errors" not in await submit(http, 4, "203.0.113.3")
            spoofed = await submit(http, 5, "203.0.113.4")
            assert spoofed["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


@contextmanager
def dutygraph_serve(database_url: str, **env: str) -> Iterator[str]:
    """``dutygraph serve`` as deployed (its own uvicorn settings), on a free loopback port."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("dutygraph")), "serve", "--no-seed"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "DATABASE_URL": database_url, "DUTYGRAPH_LOG_LEVEL": "warning", **env},
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start (exit code {process.poll()})")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


async def test_serve_trusts_no_proxy_by_default(databases: DatabaseFactory) -> None:
    """A loopback client of ``dutygraph serve`` cannot pick its address with X-Forwarded-For
    (uvicorn's own default trusts 127.0.0.1)."""
    url = await databases.fresh()
    env = {"DUTYGRAPH_PUBLIC_SUBMIT_BURST": "1", "DUTYGRAPH_PUBLIC_SUBMIT_REFILL_SECONDS": "3600"}
    with dutygraph_serve(url, **env) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            assert "errors" not in await submit(http, 1, "203.0.113.1")
            spoofed = await submit(http, 2, "203.0.113.2")
    assert spoofed["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
