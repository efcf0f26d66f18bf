"""The public view at /public/graphql: only records inside their publication window today, names
masked, no internal type reachable, objections and complaints stored and rate-limited."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from resolvers.workdays import today
from server.auth_settings import AuthSettings
from tests.api.authz import inputs, make
from tests.conftest import GraphQLClient, running

LIST = "{ dishonestyRecords(first: 50) { totalCount nodes { id } } }"
ONE = """
query($id: ID!) {
  dishonestyRecord(id: $id) {
    id category severity facts occurredOn unitName personName publishedOn publicUntil channel
    underObjection
  }
}
"""
TYPES = (
    "{ __schema { types { name } queryType { fields { name } } mutationType { fields { name } } } }"
)
OBJECT = """
mutation($input: ObjectionSubmitInput!) {
  objectionSubmit(input: $input) { reference receivedAt }
}
"""
COMPLAIN = """
mutation($input: ComplaintSubmitInput!) {
  complaintSubmit(input: $input) { reference receivedAt }
}
"""
SUBMISSIONS = """
{ publicSubmissions { totalCount nodes { kind content submitterName contact record { id } } } }
"""
UNIT = 'query { unitByName(name: "凉州区政府") { id } }'
INTERNAL_TYPES = {
    "Commitment",
    "Evidence",
    "JournalEntry",
    "Account",
    "ApiToken",
    "Person",
    "Position",
    "Unit",
    "Task",
    "Node",
    "DishonestyRecord",
    "DishonestyObjection",
    "PublicSubmission",
    "Query",
    "Mutation",
}


def public_id(record_id: str) -> str:
    pk = base64.b64decode(record_id).decode().split(":")[1]
    return base64.b64encode(f"PublicDishonestyRecord:{pk}".encode()).decode()


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@dataclass
class Records:
    live: str
    unpublished: str
    expired: str
    future: str
    withdrawn: str
    repaired: str
    revoked: str


@pytest.fixture
async def app(seeded_url: str) -> AsyncIterator[tuple[Starlette, GraphQLClient]]:
    async with running(seeded_url, auth=AuthSettings(public_submit_burst=50)) as started:
        yield started


async def published(office: GraphQLClient) -> Records:
    unit = (await office.data(UNIT))["unitByName"]["id"]
    person = await make(office, "personCreate", inputs(name="张三丰"), "person")
    await make(
        office,
        "positionCreate",
        inputs(personId=person, unitId=unit, title="科长", validFrom="2017-01-01"),
        "position",
    )

    async def record(published_on: str | None, occurred_on: str | None = None) -> str:
        # Windows count from the decision (CN-2023-WW): a record public now was decided lately.
        made = await make(
            office,
            "dishonestyRecordReport",
            inputs(
                unitId=unit,
                personId=person,
                category="DISCIPLINARY_SANCTION",
                severity="MINOR",
                facts="张三丰违规签批工程款，三丰本人已认错",
                occurredOn=occurred_on or days(-150),
                reportedOn=days(-145) if occurred_on is None else "2018-10-09",
            ),
            "record",
        )
        if published_on:
            await publish(made, published_on)
        return made

    async def publish(record_id: str, on: str) -> str:
        return await make(
            office,
            "dishonestyRecordPublish",
            inputs(recordId=record_id, publishedOn=on, channel="信用武威"),
            "publication",
        )

    records = Records(
        live=await record(days(-10)),
        unpublished=await record(None),
        expired=await record("2018-10-15", "2018-09-25"),
        future=await record(days(5)),
        withdrawn=await record(None),
        repaired=await record(days(-10)),
        revoked=await record(days(-10)),
    )
    publication = await publish(records.withdrawn, days(-10))
    await make(
        office,
        "dishonestyPublicationWithdraw",
        inputs(id=publication, withdrawnOn=days(-1), reason="依法撤下"),
        "publication",
    )
    repair = await make(
        office,
        "creditRepairApply",
        inputs(recordId=records.repaired, applicant="张三丰", appliedOn=days(-5)),
        "repair",
    )
    await make(
        office,
        "creditRepairMeasureAdd",
        inputs(id=repair, kind="RECTIFIED", description="已整改", takenOn=days(-6)),
        "repair",
    )
    await make(
        office,
        "creditRepairDecide",
        inputs(id=repair, decision="REPAIRED", decidedOn=days(-4), reason="整改到位"),
        "repair",
    )
    objection = await make(
        office,
        "dishonestyObjectionFile",
        inputs(recordId=records.revoked, filedBy="张三丰", filedOn=days(-8), grounds="并非本人"),
        "objection",
    )
    await make(
        office, "dishonestyObjectionMark", inputs(id=objection, markedOn=days(-7)), "objection"
    )
    await make(
        office,
        "dishonestyObjectionDecide",
        inputs(id=objection, decision="UPHELD", decidedOn=days(-6), reason="确非本人"),
        "objection",
    )
    return records


async def test_only_records_inside_their_window_are_public(
    app: tuple[Starlette, GraphQLClient],
) -> None:
    office = app[1]
    records = await published(office)
    public = office.public()
    listed = (await public.data(LIST))["dishonestyRecords"]
    assert listed["nodes"] == [{"id": public_id(records.live)}]
    assert listed["totalCount"] == 1
    for hidden in (
        records.unpublished,
        records.expired,
        records.future,
        records.withdrawn,
        records.repaired,
        records.revoked,
    ):
        assert (await public.data(ONE, {"id": public_id(hidden)}))["dishonestyRecord"] is None
    assert (await public.data(ONE, {"id": records.live}))["dishonestyRecord"] is None  # internal ID


async def test_personal_fields_are_masked(app: tuple[Starlette, GraphQLClient]) -> None:
    office = app[1]
    records = await published(office)
    response = await office.public().post(ONE, {"id": public_id(records.live)})
    shown = response.json()["data"]["dishonestyRecord"]
    assert shown["personName"] == "张**"
    assert shown["facts"] == "张**违规签批工程款，**本人已认错"
    assert shown["unitName"] == "凉州区人民政府"
    assert shown["publishedOn"] == days(-10)
    assert "三丰" not in response.text
    assert "UGVyc29u" not in response.text  # no Person ID (base64 of "Person")


async def test_no_internal_type_exists_there(app: tuple[Starlette, GraphQLClient]) -> None:
    office = app[1]
    for client in (office.public(), office.with_token(office.token, "/public/graphql")):
        schema = (await client.data(TYPES))["__schema"]
        names = {t["name"] for t in schema["types"]}
        assert names.isdisjoint(INTERNAL_TYPES), names & INTERNAL_TYPES
        assert {f["name"] for f in schema["queryType"]["fields"]} == {
            "dishonestyRecords",
            "dishonestyRecord",
            "objection",
        }
        assert {f["name"] for f in schema["mutationType"]["fields"]} == {
            "objectionSubmit",
            "complaintSubmit",
        }
    smuggled = await office.public().error("{ commitments { totalCount } }")
    assert smuggled["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_objections_and_complaints_reach_the_credit_admin(
    app: tuple[Starlette, GraphQLClient],
) -> None:
    office = app[1]
    records = await published(office)
    public = office.public()
    receipt = await public.data(
        OBJECT,
        {
            "input": {
                "recordId": public_id(records.live),
                "grounds": "处分已撤销",
                "name": "李四",
                "contact": "13800000000",
            }
        },
    )
    assert receipt["objectionSubmit"]["reference"]
    for hidden in (records.unpublished, records.expired, records.repaired):
        refused = await public.error(
            OBJECT, {"input": {"recordId": public_id(hidden), "grounds": "x"}}
        )
        assert refused["extensions"] == {"code": "NOT_FOUND", "field": "recordId"}
    refused = await public.error(OBJECT, {"input": {"recordId": records.live, "grounds": "x"}})
    assert refused["extensions"] == {"code": "NOT_FOUND", "field": "recordId"}
    await public.data(COMPLAIN, {"input": {"content": "某局拖欠工程款", "unitName": "某局"}})
    empty = await public.error(COMPLAIN, {"input": {"content": "  "}})
    assert empty["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}
    stored = (await office.data(SUBMISSIONS))["publicSubmissions"]
    assert stored["totalCount"] == 2
    assert stored["nodes"][0] == {
        "kind": "OBJECTION",
        "content": "处分已撤销",
        "submitterName": "李四",
        "contact": "13800000000",
        "record": {"id": records.live},
    }
    assert stored["nodes"][1]["kind"] == "COMPLAINT"


async def test_submissions_are_rate_limited_per_client(seeded_url: str) -> None:
    settings = AuthSettings(public_submit_burst=3, public_submit_refill_seconds=3600)
    async with running(seeded_url, auth=settings) as (started, office):
        public = office.public()
        complaint: dict[str, Any] = {"input": {"content": "投诉"}}
        for _ in range(3):
            await public.data(COMPLAIN, complaint)
        limited = await public.error(COMPLAIN, complaint)
        assert limited["extensions"] == {"code": "RATE_LIMITED"}
        assert "seconds" in limited["message"]
        transport = httpx.ASGITransport(app=started, client=("203.0.113.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            elsewhere = GraphQLClient(http, path="/public/graphql")
            await elsewhere.data(COMPLAIN, complaint)  # another address has its own bucket
        stored = (await office.data(SUBMISSIONS))["publicSubmissions"]
        assert stored["totalCount"] == 4
