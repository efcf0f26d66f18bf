"""Nested edges and list totals that would leak another unit's work: responsibility chains,
a unit's accountability, a person's responsibilities, PPP timelines, filters and counts, and the
journal views a unit role may not open at all."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import openpyxl
import pytest

from resolvers.actor import Role
from tests.api.authz import Maker, World, build_world, inputs, make
from tests.conftest import BearerToken, GraphQLClient, running
from tests.databases import DatabaseFactory

TASK = 'query { tasks(filter: {search: "建立专项督导机制"}, first: 1) { nodes { id } } }'
RESPONSIBILITY = """
query($taskId: ID!) {
  responsibilityChain(taskId: $taskId) {
    coResponsible {
      unit { kind }
      commitments { id unit { name } evidence { id } progressReports { id } evaluations { id } }
    }
  }
}
"""
ACCOUNTABILITY = """
query($id: ID!) {
  unit(id: $id) {
    accountability(period: "2018") {
      commitments { total }
      evidence { accepted rejected pending }
      evaluationCount
      averageScore
      openDishonestyRecords
    }
  }
}
"""
PERSON = """
query($id: ID!) {
  person(id: $id) {
    name
    responsibilities { kind pppResponsibility { id } }
  }
}
"""
TIMELINE = "query($id: ID!) { pppProject(id: $id) { timeline { kind summary } } }"
TOTALS = """
query($a: ID!, $b: ID!, $bCommitment: ID!, $bPerson: ID!) {
  commitments { totalCount }
  mine: commitments(filter: {unitId: $a}) { totalCount }
  theirs: commitments(filter: {unitId: $b}) { totalCount nodes { id } }
  evidence { totalCount }
  theirEvidence: evidence(filter: {commitmentId: $bCommitment}) { totalCount }
  evaluations { totalCount }
  dishonestyRecords { totalCount }
  theirPerson: dishonestyRecords(filter: {personId: $bPerson}) { totalCount }
  overdue: overdueCommitments(asOf: "2019-06-01", unitId: $b) { totalCount }
  due: commitmentsDueWithin(workingDays: 250, asOf: "2018-06-01") { totalCount }
  published: publicDishonestyRecords { nodes { id } }
  pppProjects(filter: {isExample: false}) { totalCount nodes { id } }
}
"""
JOURNAL_VIEWS = {
    "journal": "{ journal(first: 1) { totalCount } }",
    "history": "query($id: ID!) { history(id: $id) { totalCount } }",
    "asRecordedAt": (
        'query($id: ID!) { asRecordedAt(id: $id, at: "2030-01-01T00:00:00Z") { values } }'
    ),
}


@pytest.fixture(scope="module")
async def world(databases: DatabaseFactory) -> AsyncIterator[World]:
    url = await databases.fresh(seeded=True)
    async with running(url) as (_, office):
        yield await build_world(office)


async def task_id(world: World) -> str:
    found = await world.office.data(TASK)
    return str(found["tasks"]["nodes"][0]["id"])


def commitments_of(chain: dict[str, Any]) -> dict[str, str]:
    links = chain["responsibilityChain"]["coResponsible"]
    return {c["id"]: c["unit"]["name"] for link in links for c in link["commitments"]}


async def test_responsibility_chain_shows_only_own_commitments(world: World) -> None:
    task = await task_id(world)
    everything = commitments_of(await world.office.data(RESPONSIBILITY, {"taskId": task}))
    assert world.a.commitment in everything
    assert world.b.commitment in everything
    staff = world.roles[Role.UNIT_STAFF]
    seen = commitments_of(await staff.data(RESPONSIBILITY, {"taskId": task}))
    assert world.a.commitment in seen
    assert set(seen.values()) == {"凉州区人民政府"}


async def test_accountability_of_another_unit_counts_nothing_of_its_work(world: World) -> None:
    staff = world.roles[Role.UNIT_STAFF]
    theirs_office = (await world.office.data(ACCOUNTABILITY, {"id": world.b.unit}))["unit"]
    assert theirs_office["accountability"]["commitments"]["total"] >= 1
    assert theirs_office["accountability"]["evaluationCount"] >= 1
    assert theirs_office["accountability"]["openDishonestyRecords"] >= 1
    theirs = (await staff.data(ACCOUNTABILITY, {"id": world.b.unit}))["unit"]["accountability"]
    assert theirs == {
        "commitments": {"total": 0},
        "evidence": {"accepted": 0, "rejected": 0, "pending": 0},
        "evaluationCount": 0,
        "averageScore": None,
        "openDishonestyRecords": 0,
    }
    mine = await staff.data(ACCOUNTABILITY, {"id": world.a.unit})
    assert mine == await world.office.data(ACCOUNTABILITY, {"id": world.a.unit})


async def test_a_persons_responsibilities_hide_other_units_projects(world: World) -> None:
    everything = (await world.office.data(PERSON, {"id": world.b.person}))["person"]
    stages = [r for r in everything["responsibilities"] if r["kind"] == "PPP_STAGE"]
    assert [r["pppResponsibility"]["id"] for r in stages] == [world.b.responsibility]
    seen = (await world.roles[Role.UNIT_STAFF].data(PERSON, {"id": world.b.person}))["person"]
    assert seen["name"] == everything["name"]  # people are plan structure: every role sees them
    assert [r for r in seen["responsibilities"] if r["kind"] == "PPP_STAGE"] == []


async def test_ppp_timeline_leaves_out_other_units_records(world: World) -> None:
    maker = Maker(world)
    project = await maker.project(world.a)
    stage = await maker.stage(project)
    await make(
        world.roles[Role.SUPERVISION_OFFICE],
        "pppStageResponsibilityAssign",
        inputs(stageId=stage, personId=world.b.person, unitId=world.b.unit, validFrom="2018-01-01"),
        "responsibility",
    )
    full = (await world.office.data(TIMELINE, {"id": project}))["pppProject"]["timeline"]
    assert "DISHONESTY_RECORD" in [event["kind"] for event in full]
    leader = world.roles[Role.UNIT_LEADER]
    seen = (await leader.data(TIMELINE, {"id": project}))["pppProject"]["timeline"]
    assert seen  # A implements the project: its leader reads the timeline
    assert "DISHONESTY_RECORD" not in [event["kind"] for event in seen]
    assert len(seen) == len(full) - 1


async def totals(client: GraphQLClient, world: World) -> dict[str, Any]:
    variables = {
        "a": world.a.unit,
        "b": world.b.unit,
        "bCommitment": world.b.commitment,
        "bPerson": world.b.person,
    }
    return await client.data(TOTALS, variables)


async def test_lists_filters_and_totals_count_only_what_may_be_seen(world: World) -> None:
    office = await totals(world.office, world)
    staff = await totals(world.roles[Role.UNIT_STAFF], world)
    assert office["theirs"]["totalCount"] >= 1
    assert staff["theirs"] == {"totalCount": 0, "nodes": []}
    assert staff["commitments"]["totalCount"] == office["mine"]["totalCount"]
    assert staff["commitments"]["totalCount"] < office["commitments"]["totalCount"]
    assert 0 < staff["evidence"]["totalCount"] < office["evidence"]["totalCount"]
    assert office["theirEvidence"]["totalCount"] >= 1
    assert staff["theirEvidence"]["totalCount"] == 0
    assert 0 < staff["evaluations"]["totalCount"] < office["evaluations"]["totalCount"]
    assert 0 < staff["dishonestyRecords"]["totalCount"] < office["dishonestyRecords"]["totalCount"]
    assert office["theirPerson"]["totalCount"] >= 1
    assert staff["theirPerson"]["totalCount"] == 0
    assert office["overdue"]["totalCount"] >= 1
    assert staff["overdue"]["totalCount"] == 0
    assert 0 < staff["due"]["totalCount"] < office["due"]["totalCount"]
    published = {node["id"] for node in staff["published"]["nodes"]}
    assert world.a.published_record in published
    assert world.b.published_record not in published
    assert {node["id"] for node in office["published"]["nodes"]} >= {
        world.a.published_record,
        world.b.published_record,
    }
    projects = {node["id"] for node in staff["pppProjects"]["nodes"]}
    assert world.a.project in projects
    assert world.b.project not in projects
    assert staff["pppProjects"]["totalCount"] == len(projects)
    admin = await totals(world.roles[Role.SYSTEM_ADMIN], world)
    assert admin["commitments"]["totalCount"] == 0
    assert admin["dishonestyRecords"]["totalCount"] == 0


@pytest.mark.parametrize("view", list(JOURNAL_VIEWS))
@pytest.mark.parametrize(
    "role", [Role.UNIT_STAFF, Role.UNIT_LEADER, Role.CREDIT_ADMIN, Role.SYSTEM_ADMIN]
)
async def test_journal_views_are_for_auditors_and_the_office(
    world: World, view: str, role: Role
) -> None:
    variables = {} if view == "journal" else {"id": world.a.commitment}
    refused = await world.roles[role].error(JOURNAL_VIEWS[view], variables)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    for reader in (Role.AUDITOR, Role.SUPERVISION_OFFICE):
        await world.roles[reader].data(JOURNAL_VIEWS[view], variables)


async def test_chain_head_and_verification_also_for_the_administrator(world: World) -> None:
    admin = world.roles[Role.SYSTEM_ADMIN]
    checked = await admin.data("{ journalHead { seq } journalVerify { ok } }")
    assert checked["journalVerify"]["ok"] is True
    refused = await world.roles[Role.UNIT_LEADER].error("{ journalHead { seq } }")
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_public_submissions_are_for_the_credit_readers(world: World) -> None:
    query = "{ publicSubmissions { totalCount } }"
    for role in (Role.UNIT_STAFF, Role.UNIT_LEADER, Role.SYSTEM_ADMIN):
        refused = await world.roles[role].error(query)
        assert refused["extensions"]["code"] == "FORBIDDEN"
    assert (await world.roles[Role.CREDIT_ADMIN].data(query))["publicSubmissions"] == {
        "totalCount": 0
    }


def cells(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


async def test_downloads_need_an_account_and_show_only_own_progress(world: World) -> None:
    await make(
        world.b.staff,
        "progressReportSubmit",
        inputs(
            commitmentId=world.b.commitment,
            period="2018-Q2",
            text="古浪县独有的进展",
            percentComplete=60,
            reportedOn="2018-06-29",
        ),
        "progressReport",
    )
    plan = (await world.office.data("{ plans(first: 1) { nodes { id } } }"))["plans"]["nodes"][0]
    path = f"/exports/plans/{plan['id']}/matrix.xlsx"
    anonymous = await world.office.http.get(path, auth=None)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    office = await world.office.http.get(path)
    assert "古浪县独有的进展" in cells(office.content)
    staff = world.roles[Role.UNIT_STAFF]
    mine = await staff.http.get(path, auth=BearerToken(str(staff.token)))
    assert mine.status_code == 200
    assert "古浪县独有的进展" not in cells(mine.content)
    overdue = await staff.http.get(
        "/exports/overdue.xlsx", params={"asOf": "2019-06-01"}, auth=BearerToken(str(staff.token))
    )
    assert overdue.status_code == 200
    assert "古浪县人民政府" not in cells(overdue.content)
    assert "古浪县人民政府" in cells(
        (
            await world.office.http.get("/exports/overdue.xlsx", params={"asOf": "2019-06-01"})
        ).content
    )
