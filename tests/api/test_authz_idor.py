"""IDOR: a unit's people ask for, and try to change, another unit's rows by their IDs.

A row the caller may not see answers exactly like an ID that was never issued (null, or
NOT_FOUND naming the same field); a row the caller may see but not change is FORBIDDEN, and a
refused write leaves the journal as it was.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import pytest

from resolvers.actor import Role
from tests.api.authz import Maker, World, build_world, call, inputs
from tests.conftest import GraphQLClient, running
from tests.databases import DatabaseFactory

NODE = "query($id: ID!) { node(id: $id) { id __typename } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
HEAD = "{ journalHead { seq hash } }"
ROOT_FIELDS = {
    "Commitment": "commitment",
    "Evidence": "evidenceItem",
    "Evaluation": "evaluation",
    "DishonestyRecord": "dishonestyRecord",
    "PppProject": "pppProject",
}
#: Every unit-scoped type and where the world keeps a row of it.
SCOPED = {
    "Commitment": "commitment",
    "ProgressReport": "progress",
    "Evidence": "evidence",
    "Evaluation": "evaluation",
    "DishonestyRecord": "record",
    "DishonestyPublication": "publication",
    "DishonestySanction": "sanction",
    "DishonestyObjection": "objection",
    "CreditRepair": "repair",
    "PppProject": "project",
    "PppStage": "stage",
    "PppStageResponsibility": "responsibility",
    "PppCommitment": "ppp_commitment",
}
PROJECT = "query($id: ID!) { pppProject(id: $id) { id note implementingAgency { name } } }"
RECORD = "query($id: ID!) { dishonestyRecord(id: $id) { id facts } }"


def never_issued(type_name: str) -> str:
    return base64.b64encode(f"{type_name}:987654".encode()).decode()


@pytest.fixture(scope="module")
async def world(databases: DatabaseFactory) -> AsyncIterator[World]:
    url = await databases.fresh(seeded=True)
    async with running(url) as (_, office):
        yield await build_world(office)


async def answer(client: GraphQLClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = await client.run(query, variables)
    body.pop("extensions", None)
    return body


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.UNIT_LEADER])
@pytest.mark.parametrize("type_name", list(SCOPED))
async def test_another_units_row_reads_like_a_missing_one(
    world: World, role: Role, type_name: str
) -> None:
    client = world.roles[role]
    own = getattr(world.a, SCOPED[type_name])
    theirs = getattr(world.b, SCOPED[type_name])
    seen = await client.data(NODE, {"id": own})
    assert seen["node"] == {"id": own, "__typename": type_name}
    assert await answer(client, NODE, {"id": theirs}) == await answer(
        client, NODE, {"id": never_issued(type_name)}
    )
    assert (await client.data(NODES, {"ids": [own, theirs]}))["nodes"] == [{"id": own}, None]
    if type_name in ROOT_FIELDS:
        field = ROOT_FIELDS[type_name]
        query = f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}"
        assert (await client.data(query, {"id": own}))[field] == {"id": own}
        assert await answer(client, query, {"id": theirs}) == await answer(
            client, query, {"id": never_issued(type_name)}
        )
    auditor = world.roles[Role.AUDITOR]
    assert (await auditor.data(NODE, {"id": theirs}))["node"]["id"] == theirs
    admin = world.roles[Role.SYSTEM_ADMIN]  # users and configuration: no business rows at all
    assert (await admin.data(NODE, {"id": own}))["node"] is None


async def test_accounts_and_journal_entries_by_id(world: World) -> None:
    staff = world.roles[Role.UNIT_STAFF]
    assert (await staff.data(NODE, {"id": world.b.account}))["node"] is None
    mine = (await staff.data("{ viewer { id } }"))["viewer"]["id"]
    assert (await staff.data(NODE, {"id": mine}))["node"]["id"] == mine  # one's own account
    entry = base64.b64encode(b"JournalEntry:1").decode()
    assert (await staff.data(NODE, {"id": entry}))["node"] is None
    assert (await world.roles[Role.AUDITOR].data(NODE, {"id": entry}))["node"] is not None
    admin = world.roles[Role.SYSTEM_ADMIN]
    assert (await admin.data(NODE, {"id": world.b.account}))["node"]["id"] == world.b.account


WRITES: list[tuple[str, Role, Any, str]] = [
    (
        "urgingAcknowledge",
        Role.UNIT_STAFF,
        lambda u: inputs(id=u.extra["urging"], acknowledgedOn="2018-06-02"),
        "id",
    ),
    (
        "commitmentCloseApply",
        Role.UNIT_LEADER,
        lambda u: inputs(id=u.commitment, fulfilledOn="2018-06-01"),
        "id",
    ),
    (
        "commitmentWithdrawApply",
        Role.UNIT_LEADER,
        lambda u: inputs(id=u.commitment, on="2018-06-01", reason="x"),
        "id",
    ),
    (
        "commitmentExtensionApply",
        Role.UNIT_LEADER,
        lambda u: inputs(
            id=u.commitment, appliedOn="2018-06-01", newDueOn="2019-06-28", reason="x"
        ),
        "id",
    ),
    (
        "commitmentBreak",
        Role.UNIT_LEADER,
        lambda u: inputs(id=u.commitment, on="2018-06-01", reason="x"),
        "id",
    ),
    (
        "progressReportSubmit",
        Role.UNIT_STAFF,
        lambda u: inputs(
            commitmentId=u.commitment,
            period="2018-Q2",
            text="x",
            percentComplete=1,
            reportedOn="2018-06-01",
        ),
        "commitmentId",
    ),
    (
        "evidenceSubmit",
        Role.UNIT_STAFF,
        lambda u: inputs(
            commitmentId=u.commitment,
            title="x",
            kind="WEB_PAGE",
            url="https://a.cn",
            submittedOn="2018-04-01",
        ),
        "commitmentId",
    ),
    (
        "evidenceResubmit",
        Role.UNIT_STAFF,
        lambda u: inputs(
            previousVersionId=u.rejected_evidence, submittedOn="2018-04-01", url="https://a.cn"
        ),
        "previousVersionId",
    ),
    (
        "dishonestyObjectionFile",
        Role.UNIT_LEADER,
        lambda u: inputs(recordId=u.record, filedBy="x", filedOn="2018-10-20", grounds="x"),
        "recordId",
    ),
    (
        "creditRepairApply",
        Role.UNIT_LEADER,
        lambda u: inputs(recordId=u.record, applicant="x", appliedOn="2018-11-01"),
        "recordId",
    ),
    ("pppProjectUpdate", Role.UNIT_LEADER, lambda u: inputs(id=u.project, note="x"), "id"),
    (
        "pppCommitmentCreate",
        Role.UNIT_LEADER,
        lambda u: inputs(projectId=u.project, kind="OTHER", description="x", dueOn="2021-01-01"),
        "projectId",
    ),
]


@pytest.mark.parametrize(("name", "role", "variables", "field"), WRITES, ids=[w[0] for w in WRITES])
async def test_writes_by_id_to_another_unit_are_not_found(
    world: World, name: str, role: Role, variables: Any, field: str
) -> None:
    client = world.roles[role]
    head = await world.office.data(HEAD)
    theirs = await call(client, name, variables(world.b))
    assert theirs["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": field}
    missing = variables(world.b)
    type_name = base64.b64decode(missing["input"][field]).decode().split(":")[0]
    missing["input"][field] = never_issued(type_name)
    nothing = await call(client, name, missing)
    assert nothing["errors"][0]["extensions"] == theirs["errors"][0]["extensions"]
    assert await world.office.data(HEAD) == head


async def test_visible_but_not_owned_is_forbidden(world: World) -> None:
    """B's project with a stage A answers for, and B's record about A's civil servant."""
    maker = Maker(world)
    leader = world.roles[Role.UNIT_LEADER]
    shared = await maker.project(world.b)
    stage = await maker.stage(shared)
    await maker.responsibility(world.a, stage)  # A holds a stage responsibility there
    assert (await leader.data(PROJECT, {"id": shared}))["pppProject"]["id"] == shared
    record = await maker.record(world.b, world.a.person)  # A's person, reported under B
    assert (await leader.data(RECORD, {"id": record}))["dishonestyRecord"]["id"] == record
    head = await world.office.data(HEAD)
    refused = await call(leader, "pppProjectUpdate", inputs(id=shared, note="改"))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = await call(
        leader,
        "dishonestyObjectionFile",
        inputs(recordId=record, filedBy="x", filedOn="2018-10-20", grounds="x"),
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await world.office.data(HEAD) == head
    assert (await leader.data(PROJECT, {"id": shared}))["pppProject"]["note"] == ""


async def test_a_row_cannot_be_moved_into_another_unit(world: World) -> None:
    leader = world.roles[Role.UNIT_LEADER]
    own = await Maker(world).project(world.a)
    head = await world.office.data(HEAD)
    moved = await call(
        leader, "pppProjectUpdate", inputs(id=own, implementingAgencyId=world.b.unit)
    )
    assert moved["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    made = await call(
        leader,
        "pppProjectCreate",
        inputs(
            name="越权项目",
            code="MOVE-1",
            regimeFrom="2019-01-01",
            implementingAgencyId=world.b.unit,
        ),
    )
    assert made["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    pledged = await call(
        leader,
        "commitmentPledge",
        inputs(
            assignmentId=world.counties,
            unitId=world.b.unit,
            content="代为承诺",
            target="x",
            pledgedOn="2018-01-05",
            dueOn="2018-06-30",
        ),
    )
    assert pledged["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await world.office.data(HEAD) == head
    project = (await leader.data(PROJECT, {"id": own}))["pppProject"]
    assert project["implementingAgency"]["name"] == "凉州区人民政府"


async def test_server_sets_the_reviewer(world: World) -> None:
    office = world.roles[Role.SUPERVISION_OFFICE]
    item = await Maker(world).evidence(world.a)
    reviewed = await call(
        office,
        "evidenceReview",
        inputs(id=item, decision="ACCEPTED", reviewedOn="2018-03-05", reason=""),
        "evidence { reviewedBy }",
    )
    who = (await office.data("{ viewer { username } }"))["viewer"]["username"]
    assert reviewed["data"]["evidenceReview"]["evidence"]["reviewedBy"] == f"account:{who}"
