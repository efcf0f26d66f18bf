"""PPP projects through the HTTP API: stages in two vocabularies, hand-overs, who was
responsible on every day, auditor queries, timelines, and the seeded example projects."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest

from models import PositionRole, PppPlanStage, UnitKind
from resolvers.journal.writer import journaled
from resolvers.person.operations import PositionDraft, appoint, create_person
from resolvers.ppp import handover, operations
from resolvers.unit.operations import UnitDraft, create_unit
from seed.load import SEED_ACTOR, load_default
from server.database import open_database
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import DatabaseFactory

PROJECTS = """
query($example: Boolean) {
  pppProjects(first: 10, filter: {isExample: $example}) {
    totalCount
    nodes {
      id name code isExample totalInvestment
      implementingAgency { name }
      task { code }
      regimes { regime validFrom validTo }
      stages { id planStage lifecycleStage responsibilities { id person { name } validTo } }
      timeline { on kind summary }
    }
  }
}
"""
HEAD = "{ journalHead { seq hash } }"
UNIT = "query($name: String!) { unitByName(name: $name) { id name } }"
PERSONS = "query($s: String!) { persons(first: 5, filter: {search: $s}) { nodes { id name } } }"
CREATE_PROJECT = """
mutation($input: PppProjectCreateInput!) {
  pppProjectCreate(input: $input) { project { id code regime { regime } } }
}
"""
CREATE_STAGE = """
mutation($input: PppStageCreateInput!) {
  pppStageCreate(input: $input) { stage { id planStage lifecycleStage } }
}
"""
ASSIGN = """
mutation($input: PppStageResponsibilityAssignInput!) {
  pppStageResponsibilityAssign(input: $input) { responsibility { id validFrom validTo } }
}
"""
HAND_OVER = """
mutation($input: PppStageResponsibilityHandOverInput!) {
  pppStageResponsibilityHandOver(input: $input) {
    ended { id validTo endReason endNote person { name } }
    responsibility { id validFrom startReason person { name } unit { name }
                     predecessor { id } }
  }
}
"""
RESPONSIBLE_AT = """
query($p: ID!, $stage: PppStageSelector!, $d: Date!) {
  responsibleAt(projectId: $p, stage: $stage, date: $d) { person { name } unit { name } }
}
"""
COVERAGE = """
query($id: ID!) {
  node(id: $id) { ... on PppStage { coverageIssues { kind start end
                                                     responsibilities { person { name } } } } }
}
"""
PERSON_DUTIES = """
query($id: ID!, $asOf: Date, $from: Date, $to: Date) {
  person(id: $id) {
    responsibilities(asOf: $asOf, from: $from, to: $to) {
      kind validFrom validTo description unit { name } viaCollective { name }
      assignment { role task { code } }
      pppResponsibility { stage { planStage project { code } } }
    }
  }
}
"""
CREATE_PERSON = "mutation($n: String!) { personCreate(input: {name: $n}) { person { id } } }"


async def unit_id(client: GraphQLClient, name: str) -> str:
    return str((await client.data(UNIT, {"name": name}))["unitByName"]["id"])


async def person_id(client: GraphQLClient, name: str) -> str:
    nodes = (await client.data(PERSONS, {"s": name}))["persons"]["nodes"]
    assert [n["name"] for n in nodes] == [name]
    return str(nodes[0]["id"])


async def new_person(client: GraphQLClient, name: str) -> str:
    return str((await client.data(CREATE_PERSON, {"n": name}))["personCreate"]["person"]["id"])


async def new_project(client: GraphQLClient, code: str) -> str:
    data = await client.data(
        CREATE_PROJECT,
        {
            "input": {
                "name": f"测试项目{code}",
                "code": code,
                "regimeFrom": "2019-01-01",
                "implementingAgencyId": await unit_id(client, "市财政局"),
                "totalInvestment": "1000",
            }
        },
    )
    return str(data["pppProjectCreate"]["project"]["id"])


async def new_stage(client: GraphQLClient, project: str, **names: Any) -> str:
    data = await client.data(CREATE_STAGE, {"input": {"projectId": project, **names}})
    return str(data["pppStageCreate"]["stage"]["id"])


async def holders(
    client: GraphQLClient, project: str, stage: dict[str, str], on: date
) -> list[str]:
    data = await client.data(RESPONSIBLE_AT, {"p": project, "stage": stage, "d": on.isoformat()})
    return [r["person"]["name"] for r in data["responsibleAt"]]


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def test_seeded_examples_are_marked_and_complete(seeded: GraphQLClient) -> None:
    projects = (await seeded.data(PROJECTS, {"example": True}))["pppProjects"]
    assert projects["totalCount"] == 2
    for project in projects["nodes"]:
        assert project["name"].startswith("【示例】")
        assert project["isExample"] is True
        assert project["task"]["code"] == "一.(三).2"
        assert len(project["stages"]) >= 4
        kinds = [event["kind"] for event in project["timeline"]]
        assert "HAND_OVER" in kinds
        ons = [event["on"] for event in project["timeline"]]
        assert ons == sorted(ons)
    road = next(p for p in projects["nodes"] if p["code"] == "WW-PPP-EX-002")
    assert [(r["regime"], r["validTo"]) for r in road["regimes"]] == [
        ("PPP", "2019-06-30"),
        ("CONCESSION", None),
    ]
    sewage = next(p for p in projects["nodes"] if p["code"] == "WW-PPP-EX-001")
    assert {s["planStage"] for s in sewage["stages"] if s["lifecycleStage"] == "EXECUTION"} == {
        "FINANCING",
        "IMPLEMENTATION",
    }
    breach = [e for e in sewage["timeline"] if e["kind"] == "BREACH"]
    assert len(breach) == 1
    assert "马文涛（示例）" in breach[0]["summary"]
    assert (await seeded.data(PROJECTS, {"example": False}))["pppProjects"]["totalCount"] == 0


async def test_loading_the_seed_twice_changes_nothing(seeded_url: str) -> None:
    async with running(seeded_url) as (_, client):
        before = (await client.data(HEAD))["journalHead"]
    async with open_database(seeded_url):
        await load_default()
    async with running(seeded_url) as (_, client):
        assert (await client.data(HEAD))["journalHead"] == before
        assert (await client.data(PROJECTS))["pppProjects"]["totalCount"] == 2


async def test_responsible_at_every_day_across_hand_overs(seeded: GraphQLClient) -> None:
    project = await new_project(seeded, "T-1")
    stage = await new_stage(seeded, project, lifecycleStage="EXECUTION")
    a, b, c = [await new_person(seeded, name) for name in ("甲", "乙", "丙")]
    finance, reform = await unit_id(seeded, "市财政局"), await unit_id(seeded, "市发改委")
    first = (
        await seeded.data(
            ASSIGN,
            {
                "input": {
                    "stageId": stage,
                    "personId": a,
                    "unitId": finance,
                    "validFrom": "2020-01-10",
                }
            },
        )
    )["pppStageResponsibilityAssign"]["responsibility"]
    moved = (
        await seeded.data(
            HAND_OVER,
            {
                "input": {
                    "responsibilityId": first["id"],
                    "personId": b,
                    "effectiveOn": "2020-03-01",
                    "reason": "TERM_CHANGE",
                    "note": "换届",
                }
            },
        )
    )["pppStageResponsibilityHandOver"]
    assert moved["ended"]["validTo"] == "2020-02-29"
    assert moved["ended"]["endReason"] == "TERM_CHANGE"
    assert moved["responsibility"]["predecessor"]["id"] == first["id"]
    # A one-day holder: handed over again the very next day, to another unit.
    again = (
        await seeded.data(
            HAND_OVER,
            {
                "input": {
                    "responsibilityId": moved["responsibility"]["id"],
                    "personId": c,
                    "unitId": reform,
                    "effectiveOn": "2020-03-02",
                    "reason": "TRANSFER",
                    "note": "调动",
                }
            },
        )
    )["pppStageResponsibilityHandOver"]
    assert again["responsibility"]["unit"]["name"] == "市发展和改革委员会"
    for vocabulary in ({"planStage": "IMPLEMENTATION"}, {"lifecycleStage": "EXECUTION"}):
        for on in days(date(2020, 1, 5), date(2020, 3, 8)):
            expected = (
                []
                if on < date(2020, 1, 10)
                else ["甲"]
                if on < date(2020, 3, 1)
                else ["乙"]
                if on == date(2020, 3, 1)
                else ["丙"]
            )
            assert await holders(seeded, project, vocabulary, on) == expected, on
    assert await holders(seeded, project, {"planStage": "FINANCING"}, date(2020, 2, 1)) == []


async def test_seeded_boundaries_hold_day_by_day(seeded: GraphQLClient) -> None:
    projects = (await seeded.data(PROJECTS, {"example": True}))["pppProjects"]["nodes"]
    sewage = next(p["id"] for p in projects if p["code"] == "WW-PPP-EX-001")
    road = next(p["id"] for p in projects if p["code"] == "WW-PPP-EX-002")
    checks = [
        (
            sewage,
            {"lifecycleStage": "PREPARATION"},
            date(2017, 1, 1),
            "赵丽华（示例）",
            "孙建国（示例）",
        ),
        (
            sewage,
            {"planStage": "IMPLEMENTATION"},
            date(2018, 9, 1),
            "孙建国（示例）",
            "马文涛（示例）",
        ),
        (
            road,
            {"planStage": "IMPLEMENTATION"},
            date(2018, 7, 1),
            "马文涛（示例）",
            "王志强（示例）",
        ),
    ]
    for project, stage, boundary, old, new in checks:
        for on in days(boundary - timedelta(days=4), boundary + timedelta(days=4)):
            assert await holders(seeded, project, stage, on) == [old if on < boundary else new]
    # The preparation period was ended with the stage: nobody answers for it afterwards.
    prep = {"lifecycleStage": "PREPARATION"}
    assert await holders(seeded, sewage, prep, date(2017, 3, 31)) == ["孙建国（示例）"]
    assert await holders(seeded, sewage, prep, date(2017, 4, 1)) == []


async def test_hand_over_refuses_bad_input_and_writes_nothing(seeded: GraphQLClient) -> None:
    project = await new_project(seeded, "T-2")
    stage = await new_stage(seeded, project, planStage="BIDDING")
    a, b = await new_person(seeded, "甲"), await new_person(seeded, "乙")
    finance = await unit_id(seeded, "市财政局")
    first = (
        await seeded.data(
            ASSIGN,
            {
                "input": {
                    "stageId": stage,
                    "personId": a,
                    "unitId": finance,
                    "validFrom": "2020-05-01",
                }
            },
        )
    )["pppStageResponsibilityAssign"]["responsibility"]
    head = (await seeded.data(HEAD))["journalHead"]
    base = {"responsibilityId": first["id"], "personId": b, "reason": "OTHER", "note": "x"}
    early = await seeded.error(HAND_OVER, {"input": {**base, "effectiveOn": "2020-04-01"}})
    assert early["extensions"] == {"code": "BAD_USER_INPUT", "field": "effectiveOn"}
    same = await seeded.error(
        HAND_OVER,
        {
            "input": {
                **base,
                "personId": a,
                "effectiveOn": "2020-06-01",
            }
        },
    )
    assert same["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await seeded.data(HEAD))["journalHead"] == head
    await seeded.data(HAND_OVER, {"input": {**base, "effectiveOn": "2020-06-01"}})
    twice = await seeded.error(HAND_OVER, {"input": {**base, "effectiveOn": "2020-07-01"}})
    assert twice["extensions"] == {"code": "CONFLICT", "field": "responsibilityId"}
    coverage = (await seeded.data(COVERAGE, {"id": stage}))["node"]["coverageIssues"]
    assert coverage == []


async def test_one_holder_cannot_hold_a_stage_twice_at_once(seeded: GraphQLClient) -> None:
    """Overlaps between different holders are reported (below); the same person in the same
    unit answering twice for one day is a CONFLICT, and nothing is written."""
    project = await new_project(seeded, "T-2b")
    stage = await new_stage(seeded, project, planStage="BIDDING")
    a = await new_person(seeded, "甲")
    finance = await unit_id(seeded, "市财政局")

    def period(start: str, end: str | None) -> dict[str, object]:
        return {
            "input": {
                "stageId": stage,
                "personId": a,
                "unitId": finance,
                "validFrom": start,
                **({"validTo": end} if end else {}),
            }
        }

    await seeded.data(ASSIGN, period("2020-05-01", "2020-08-31"))
    head = (await seeded.data(HEAD))["journalHead"]
    for start, end in (
        ("2020-08-31", None),
        ("2020-01-01", "2020-05-01"),
        ("2020-06-01", "2020-06-30"),
        ("2019-01-01", None),
    ):
        clash = await seeded.error(ASSIGN, period(start, end))
        assert clash["extensions"] == {"code": "CONFLICT", "field": "validFrom"}, (start, end)
    assert (await seeded.data(HEAD))["journalHead"] == head
    later = await seeded.data(ASSIGN, period("2020-09-01", None))
    assert later["pppStageResponsibilityAssign"]["responsibility"]["validFrom"] == "2020-09-01"


async def test_gaps_and_overlaps_are_reported(seeded: GraphQLClient) -> None:
    project = await new_project(seeded, "T-3")
    stage = await new_stage(
        seeded,
        project,
        planStage="GOVERNMENT_PROCUREMENT",
        startedOn="2020-01-01",
        endedOn="2020-12-31",
    )
    finance = await unit_id(seeded, "市财政局")
    periods = [
        ("甲", "2020-01-05", "2020-03-31"),
        ("乙", "2020-03-20", "2020-06-30"),
        ("丙", "2020-08-01", "2020-10-31"),
    ]
    for name, start, end in periods:
        await seeded.data(
            ASSIGN,
            {
                "input": {
                    "stageId": stage,
                    "personId": await new_person(seeded, name),
                    "unitId": finance,
                    "validFrom": start,
                    "validTo": end,
                }
            },
        )
    issues = (await seeded.data(COVERAGE, {"id": stage}))["node"]["coverageIssues"]
    assert [(i["kind"], i["start"], i["end"]) for i in issues] == [
        ("GAP", "2020-01-01", "2020-01-04"),
        ("OVERLAP", "2020-03-20", "2020-03-31"),
        ("GAP", "2020-07-01", "2020-07-31"),
        ("GAP", "2020-11-01", "2020-12-31"),
    ]
    assert [r["person"]["name"] for r in issues[1]["responsibilities"]] == ["甲", "乙"]


IN_CHARGE = """
query($t: ID!) {
  responsibilityChain(taskId: $t) {
    lead { assignment { id } unit { name } }
    coResponsible { assignment { id } unit { name } }
  }
}
"""
SET_IN_CHARGE = """
mutation($input: AssignmentInChargeSetInput!) {
  assignmentInChargeSet(input: $input) { assignment { inChargePost } }
}
"""


async def name_posts_in_charge(client: GraphQLClient, code: str, posts: dict[str, str]) -> None:
    """Name the post in charge (分管领导) of a task's assignments, by assigned unit."""
    found = await client.data("query { tasks(first: 50) { nodes { id code } } }")
    [task] = [t["id"] for t in found["tasks"]["nodes"] if t["code"] == code]
    chain = (await client.data(IN_CHARGE, {"t": task}))["responsibilityChain"]
    for link in chain["lead"] + chain["coResponsible"]:
        if link["unit"]["name"] in posts:
            post = posts[link["unit"]["name"]]
            await client.data(
                SET_IN_CHARGE, {"input": {"assignmentId": link["assignment"]["id"], "post": post}}
            )


async def test_auditor_sees_a_person_in_two_units(seeded: GraphQLClient) -> None:
    ma = await person_id(seeded, "马文涛（示例）")
    # A deputy answers for a task only through a named post in charge (issue 14), not as any
    # deputy of an assigned unit: before the posts are named, no task names him.
    unnamed = (await seeded.data(PERSON_DUTIES, {"id": ma}))["person"]["responsibilities"]
    assert [d for d in unnamed if d["kind"] == "TASK_ASSIGNMENT"] == []
    await name_posts_in_charge(
        seeded, "一.(三).2", {"各县区政府": "副县长", "市发展和改革委员会": "副主任"}
    )
    duties = (await seeded.data(PERSON_DUTIES, {"id": ma}))["person"]["responsibilities"]
    ppp = [d for d in duties if d["kind"] == "PPP_STAGE"]
    assert {d["unit"]["name"] for d in ppp} == {"古浪县人民政府", "市发展和改革委员会"}
    assert {d["pppResponsibility"]["stage"]["project"]["code"] for d in ppp} == {
        "WW-PPP-EX-001",
        "WW-PPP-EX-002",
    }
    tasks = [d for d in duties if d["kind"] == "TASK_ASSIGNMENT"]
    ppp_task = [d for d in tasks if d["assignment"]["task"]["code"] == "一.(三).2"]
    assert {
        (d["unit"]["name"], (d["viaCollective"] or {}).get("name"), d["validTo"]) for d in ppp_task
    } == {
        ("古浪县人民政府", "各县区政府", "2018-06-30"),
        ("市发展和改革委员会", None, None),
    }
    assert {d["unit"]["name"] for d in duties if d["kind"] == "UNIT_POSITION"} == {
        "古浪县人民政府",
        "市发展和改革委员会",
    }
    # After the move, on one day: only what he held in the new unit.
    then = (await seeded.data(PERSON_DUTIES, {"id": ma, "asOf": "2018-09-01"}))["person"]
    assert {d["unit"]["name"] for d in then["responsibilities"]} == {"市发展和改革委员会"}
    before = (await seeded.data(PERSON_DUTIES, {"id": ma, "asOf": "2018-06-30"}))["person"]
    assert {d["unit"]["name"] for d in before["responsibilities"]} == {"古浪县人民政府"}
    window = (
        await seeded.data(PERSON_DUTIES, {"id": ma, "from": "2016-01-01", "to": "2016-12-31"})
    )["person"]["responsibilities"]
    # The plan was issued on 2017-12-12: in 2016 no task assignment held yet (issue 14).
    assert {d["kind"] for d in window} == {"PPP_STAGE", "UNIT_POSITION"}
    assert min(d["validFrom"] for d in tasks) == "2017-12-12"
    assert all(d["unit"]["name"] == "古浪县人民政府" for d in window)
    both = await seeded.error(PERSON_DUTIES, {"id": ma, "asOf": "2018-01-01", "from": "2017-01-01"})
    assert both["extensions"]["code"] == "BAD_USER_INPUT"


STAGE_PAIRS = "{ pppStagePairs { planStage lifecycleStage } }"
REGIME_CHANGE = """
mutation($p: ID!, $d: Date!) {
  pppProjectRegimeChange(
    projectId: $p, regime: CONCESSION, effectiveOn: $d, reason: "改为特许经营"
  ) {
    ended { regime validTo } regime { regime validFrom }
  }
}
"""
REGIME_ON = """
query($id: ID!, $d: Date) { pppProject(id: $id) { regime(asOf: $d) { regime } regimes { regime } } }
"""


async def test_stage_vocabularies_and_regime_history(seeded: GraphQLClient) -> None:
    pairs = (await seeded.data(STAGE_PAIRS))["pppStagePairs"]
    assert {"planStage": "FINANCING", "lifecycleStage": "EXECUTION"} in pairs
    assert len(pairs) == 7
    project = await new_project(seeded, "T-4")
    data = await seeded.data(
        CREATE_STAGE, {"input": {"projectId": project, "planStage": "BIDDING"}}
    )
    assert data["pppStageCreate"]["stage"]["lifecycleStage"] == "PROCUREMENT"
    wrong = await seeded.error(
        CREATE_STAGE,
        {
            "input": {
                "projectId": project,
                "planStage": "FINANCING",
                "lifecycleStage": "IDENTIFICATION",
            }
        },
    )
    assert wrong["extensions"] == {"code": "BAD_USER_INPUT", "field": "lifecycleStage"}
    changed = await seeded.data(REGIME_CHANGE, {"p": project, "d": "2021-07-01"})
    assert changed["pppProjectRegimeChange"]["ended"] == {"regime": "PPP", "validTo": "2021-06-30"}
    old = (await seeded.data(REGIME_ON, {"id": project, "d": "2021-06-30"}))["pppProject"]
    new = (await seeded.data(REGIME_ON, {"id": project, "d": "2021-07-01"}))["pppProject"]
    assert (old["regime"]["regime"], new["regime"]["regime"]) == ("PPP", "CONCESSION")
    assert [r["regime"] for r in new["regimes"]] == ["PPP", "CONCESSION"]
    again = await seeded.error(REGIME_CHANGE, {"p": project, "d": "2022-01-01"})
    assert again["extensions"]["code"] == "BAD_USER_INPUT"


COMMITMENT = """
mutation($input: PppCommitmentCreateInput!) {
  pppCommitmentCreate(input: $input) { commitment { id status task { code } unit { name } } }
}
"""
BREACH = """
mutation($input: PppBreachRecordInput!) {
  pppBreachRecord(input: $input) { breach { commitment { status } citedReason } }
}
"""
FULFIL = """
mutation($id: ID!) {
  pppCommitmentFulfil(commitmentId: $id, fulfilledOn: "2021-02-01") { commitment { status } }
}
"""


async def test_commitments_fall_under_the_plan_task_and_breaches_stay(
    seeded: GraphQLClient,
) -> None:
    sewage = next(
        p
        for p in (await seeded.data(PROJECTS, {"example": True}))["pppProjects"]["nodes"]
        if p["code"] == "WW-PPP-EX-001"
    )
    made = (
        await seeded.data(
            COMMITMENT,
            {
                "input": {
                    "projectId": sewage["id"],
                    "kind": "PAYMENT",
                    "description": "2020年度付费",
                    "dueOn": "2020-12-31",
                    "amount": "100.5",
                }
            },
        )
    )["pppCommitmentCreate"]["commitment"]
    assert made["task"]["code"] == "一.(三).2"
    assert made["unit"]["name"] == "凉州区人民政府"
    breach = (
        await seeded.data(
            BREACH,
            {
                "input": {
                    "commitmentId": made["id"],
                    "occurredOn": "2021-01-01",
                    "description": "逾期未付",
                    "citedReason": "责任人更替",
                }
            },
        )
    )["pppBreachRecord"]["breach"]
    assert breach["commitment"]["status"] == "BREACHED"
    fulfilled = (await seeded.data(FULFIL, {"id": made["id"]}))["pppCommitmentFulfil"]
    assert fulfilled["commitment"]["status"] == "FULFILLED"
    late = await seeded.error(
        BREACH,
        {
            "input": {
                "commitmentId": made["id"],
                "occurredOn": "2021-03-01",
                "description": "再次违约",
            }
        },
    )
    assert late["extensions"]["code"] == "INVALID_TRANSITION"


NESTED = """
query($n: Int!) {
  pppProjects(first: $n) {
    nodes { name stages { planStage responsibilities { person { name } unit { name } } } }
  }
}
"""


@pytest.fixture(scope="module")
async def many_projects_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh()
    async with open_database(url), journaled(SEED_ACTOR) as journal:
        agency = await create_unit(journal, UnitDraft(name="某县人民政府", kind=UnitKind.OTHER))
        for n in range(10):
            unit = await create_unit(journal, UnitDraft(name=f"某局{n}", kind=UnitKind.OTHER))
            person = await create_person(journal, f"责任人{n}")
            await appoint(
                journal, PositionDraft(person.pk, unit.pk, "局长", PositionRole.PRINCIPAL)
            )
            project = await operations.create_project(
                journal,
                operations.ProjectDraft(
                    name=f"项目{n}",
                    code=f"P{n}",
                    implementing_agency_pk=agency.pk,
                    regime_from=date(2020, 1, 1),
                ),
            )
            for stage_name in (PppPlanStage.BIDDING, PppPlanStage.IMPLEMENTATION):
                stage = await operations.create_stage(
                    journal, operations.StageDraft(project.pk, plan_stage=stage_name)
                )
                await handover.assign_responsibility(
                    journal,
                    handover.ResponsibilityDraft(
                        stage.pk,
                        person.pk,
                        unit.pk,
                        date(2020, 1, 1),
                    ),
                )
    return url


@pytest.fixture
async def many(many_projects_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(many_projects_url) as (_, client):
        yield client


async def test_nested_projects_cost_the_same_at_2_and_10(
    many: GraphQLClient, sql_statements: StatementCounter
) -> None:
    counts = {}
    for n in (2, 10):
        sql_statements.statements.clear()
        nodes = (await many.data(NESTED, {"n": n}))["pppProjects"]["nodes"]
        assert len(nodes) == n
        assert all(len(s["responsibilities"]) == 1 for p in nodes for s in p["stages"])
        counts[n] = len(sql_statements.statements)
    assert counts[2] == counts[10]
    assert counts[10] <= 5


REPORT_DISHONESTY = """
mutation($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) { record { id } }
}
"""
TIMELINE = """
query($example: Boolean) {
  pppProjects(first: 10, filter: {isExample: $example}) {
    nodes { code timeline { on kind summary node { id } } }
  }
}
"""


async def test_timeline_lists_holders_dishonesty_within_their_period(
    seeded: GraphQLClient,
) -> None:
    sun = await person_id(seeded, "孙建国（示例）")
    ids = []
    for occurred in ("2018-05-10", "2019-05-10"):
        data = await seeded.data(
            REPORT_DISHONESTY,
            {
                "input": {
                    "personId": sun,
                    "category": "BREACH_OF_PROMISE",
                    "severity": "GENERAL",
                    "facts": f"示例失信事实{occurred}",
                    "occurredOn": occurred,
                    "reportedOn": occurred,
                }
            },
        )
        ids.append(data["dishonestyRecordReport"]["record"]["id"])
    projects = (await seeded.data(TIMELINE, {"example": True}))["pppProjects"]["nodes"]
    found = {
        p["code"]: [e for e in p["timeline"] if e["kind"] == "DISHONESTY_RECORD"] for p in projects
    }
    # He held the sewage project's implementation stage until 2018-08-31, never the road's.
    assert [(e["on"], e["node"]["id"]) for e in found["WW-PPP-EX-001"]] == [("2018-05-10", ids[0])]
    assert found["WW-PPP-EX-002"] == []
