"""Objections from the public: a formal objection opens on receipt, the record shows 异议处理中,
the credit administrator hears of it, and the sender follows it to its decision by reference and
secret (stored only as a hash)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from starlette.applications import Starlette

from resolvers import workdays
from resolvers.workdays import today
from server.auth_settings import AuthSettings
from server.live_settings import LiveSettings
from tests.api.authz import inputs, make
from tests.api.subscribers import subscribed
from tests.conftest import GraphQLClient, running
from tests.wsclient import connect_in_process

SETUP = """
query {
  unit: unitByName(name: "凉州区政府") { id }
  persons(filter: {search: "王志强"}) { nodes { id } }
}
"""
PUBLIC_LIST = "{ dishonestyRecords(first: 50) { nodes { id summary underObjection } } }"
OBJECT = """
mutation($input: ObjectionSubmitInput!) {
  objectionSubmit(input: $input) { reference receivedAt secret }
}
"""
FOLLOW = """
query($reference: String!, $secret: String!) {
  objection(reference: $reference, secret: $secret) {
    reference state filedOn markDueOn decisionDueOn decision decidedOn decisionReason
  }
}
"""
INTERNAL = """
query($id: ID!) {
  dishonestyRecord(id: $id) {
    underObjection
    objections { id status filedBy filedOn markDueOn ruleVersion }
  }
  publicSubmissions(kind: OBJECTION) {
    nodes { content submitterName objection { id status } record { id } }
  }
}
"""
MARK = """
mutation($id: ID!, $on: Date!) {
  dishonestyObjectionMark(input: {id: $id, markedOn: $on}) { objection { status } }
}
"""
DECIDE = """
mutation($id: ID!, $on: Date!) {
  dishonestyObjectionDecide(input: {id: $id, decision: REJECTED, decidedOn: $on,
      reason: "经核查，王志强本人签字属实，异议不成立"}) { objection { status } }
}
"""
JOURNAL = """
{ sent: journal(filter: {action: "public_submission.objection"}, first: 10) {
    nodes { action actor after } }
  filed: journal(filter: {action: "dishonesty_objection.file"}, first: 10) {
    nodes { actor after } } }
"""
EVENTS = """
subscription { events(types: [DISHONESTY_OBJECTION_RECEIVED]) {
  type action entityId unit { id }
  entity { ... on PublicSubmission { content objection { status } } } } }
"""


def day(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


def public_id(record_id: str) -> str:
    pk = base64.b64decode(record_id).decode().split(":")[1]
    return base64.b64encode(f"PublicDishonestyRecord:{pk}".encode()).decode()


@dataclass
class Scene:
    app: Starlette
    office: GraphQLClient
    unit: str
    record: str


async def published_record(office: GraphQLClient) -> tuple[str, str]:
    found = await office.data(SETUP)
    unit = found["unit"]["id"]
    record = await make(
        office,
        "dishonestyRecordReport",
        inputs(
            unitId=unit,
            personId=found["persons"]["nodes"][0]["id"],
            category="BREACH_OF_PROMISE",
            severity="GENERAL",
            facts="王志强在项目验收中违规签字",
            occurredOn=day(-30),
            reportedOn=day(-28),
        ),
        "record",
    )
    await make(
        office,
        "dishonestyRecordPublish",
        inputs(recordId=record, publishedOn=day(-10), channel="信用甘肃"),
        "publication",
    )
    return unit, record


@pytest.fixture
async def scene(seeded_url: str) -> AsyncIterator[Scene]:
    async with running(
        seeded_url,
        auth=AuthSettings(public_submit_burst=50),
        live=LiveSettings(clock_interval=0),
    ) as (app, office):
        unit, record = await published_record(office)
        yield Scene(app, office, unit, record)


def flagged(listing: dict[str, object], record: str) -> bool:
    nodes = listing["dishonestyRecords"]["nodes"]  # type: ignore[index]
    [node] = [n for n in nodes if n["id"] == public_id(record)]  # type: ignore[union-attr]
    return bool(node["underObjection"])


async def test_a_public_objection_followed_to_its_decision_by_its_sender(scene: Scene) -> None:
    office, public = scene.office, scene.office.public()
    assert not flagged(await public.data(PUBLIC_LIST), scene.record)
    async with connect_in_process(scene.app, office.token) as ws:
        operation = await ws.subscribe(EVENTS)
        await subscribed(scene.app)
        receipt = (
            await public.data(
                OBJECT,
                inputs(
                    recordId=public_id(scene.record),
                    grounds="签字系他人冒签，已报警",
                    name="王志强",
                    contact="13800000000",
                ),
            )
        )["objectionSubmit"]
        event = (await ws.next_data(operation))["events"]
    # The credit administrator hears of it at once.
    assert event["type"] == "DISHONESTY_OBJECTION_RECEIVED"
    assert event["entityId"] == receipt["reference"]
    assert event["unit"] == {"id": scene.unit}
    assert event["entity"] == {
        "content": "签字系他人冒签，已报警",
        "objection": {"status": "FILED"},
    }
    secret, reference = receipt["secret"], receipt["reference"]
    assert len(secret) >= 32

    # A formal objection is open from the day it arrived; the public sees 异议处理中.
    assert flagged(await public.data(PUBLIC_LIST), scene.record)
    internal = await office.data(INTERNAL, {"id": scene.record})
    [objection] = internal["dishonestyRecord"]["objections"]
    assert (objection["status"], objection["filedBy"], objection["filedOn"]) == (
        "FILED",
        "王志强",
        day(0),
    )
    assert objection["markDueOn"] == workdays.add_workdays(today(), 1).isoformat()
    [submission] = internal["publicSubmissions"]["nodes"]
    assert submission["objection"] == {"id": objection["id"], "status": "FILED"}
    assert submission["record"] == {"id": scene.record}

    followed = (await public.data(FOLLOW, {"reference": reference, "secret": secret}))["objection"]
    assert followed == {
        "reference": reference,
        "state": "FILED",
        "filedOn": day(0),
        "markDueOn": objection["markDueOn"],
        "decisionDueOn": None,
        "decision": None,
        "decidedOn": None,
        "decisionReason": "",
    }
    # A wrong secret, or the reference of something else, tells nothing.
    other = base64.b64encode(b"DishonestyRecord:1").decode()
    for wrong in (
        {"reference": reference, "secret": secret[:-1] + ("x" if secret[-1] != "x" else "y")},
        {"reference": reference, "secret": ""},
        {"reference": other, "secret": secret},
    ):
        assert (await public.data(FOLLOW, wrong))["objection"] is None

    await office.data(MARK, {"id": objection["id"], "on": day(0)})
    marked = (await public.data(FOLLOW, {"reference": reference, "secret": secret}))["objection"]
    assert marked["state"] == "MARKED"
    assert marked["decisionDueOn"] == workdays.add_workdays(today(), 10).isoformat()
    await office.data(DECIDE, {"id": objection["id"], "on": day(0)})

    decided = (await public.data(FOLLOW, {"reference": reference, "secret": secret}))["objection"]
    assert decided["state"] == "DECIDED"
    assert (decided["decision"], decided["decidedOn"]) == ("REJECTED", day(0))
    assert decided["decisionReason"] == "经核查，王**本人签字属实，异议不成立"
    assert not flagged(await public.data(PUBLIC_LIST), scene.record)

    # Only the secret's hash is kept: not in the journal, not in what the office reads.
    entries = await office.data(JOURNAL)
    [sent] = entries["sent"]["nodes"]
    assert sent["actor"] == "public"
    # The formal objection is filed by the endpoint's intake, on receipt, in the same change.
    assert [e["actor"] for e in entries["filed"]["nodes"]] == ["public:objection-intake"]
    assert len(sent["after"]["secret_hash"]) == 64
    assert secret not in json.dumps(entries)
    assert secret not in json.dumps(await office.data(INTERNAL, {"id": scene.record}))


async def test_a_second_objection_joins_the_open_one(scene: Scene) -> None:
    public = scene.office.public()
    for grounds in ("并非本人签字", "处分已撤销"):
        await public.data(OBJECT, inputs(recordId=public_id(scene.record), grounds=grounds))
    internal = await scene.office.data(INTERNAL, {"id": scene.record})
    [objection] = internal["dishonestyRecord"]["objections"]
    assert objection["filedBy"] == "公众（公示异议）"
    submissions = internal["publicSubmissions"]["nodes"]
    assert [s["content"] for s in submissions] == ["并非本人签字", "处分已撤销"]
    assert {s["objection"]["id"] for s in submissions} == {objection["id"]}


async def test_objections_to_unpublished_records_and_too_many_are_refused(
    seeded_url: str,
) -> None:
    async with running(seeded_url, auth=AuthSettings(public_submit_burst=1)) as (_, office):
        _, record = await published_record(office)
        public = office.public()
        error = await public.error(OBJECT, inputs(recordId=record, grounds="内部编号"))
        assert error["extensions"]["code"] == "NOT_FOUND"
        # The refused call spent the one token: the next is RATE_LIMITED and opens nothing.
        limited = await public.error(OBJECT, inputs(recordId=public_id(record), grounds="并非本人"))
        assert limited["extensions"]["code"] == "RATE_LIMITED"
        internal = await office.data(INTERNAL, {"id": record})
        assert internal["dishonestyRecord"]["objections"] == []


async def test_objections_sent_at_once_open_one_formal_objection(scene: Scene) -> None:
    public = scene.office.public()
    bodies = await asyncio.gather(
        *(
            public.run(OBJECT, inputs(recordId=public_id(scene.record), grounds=f"异议{n}"))
            for n in range(6)
        )
    )
    assert all("errors" not in body for body in bodies), bodies
    internal = await scene.office.data(INTERNAL, {"id": scene.record})
    [objection] = internal["dishonestyRecord"]["objections"]
    submissions = internal["publicSubmissions"]["nodes"]
    assert sorted(s["content"] for s in submissions) == [f"异议{n}" for n in range(6)]
    assert {s["objection"]["id"] for s in submissions} == {objection["id"]}
