"""Commitments through the HTTP API: who may pledge, checked transitions that change nothing when
refused, overdue and due-soon lists on real working days (调休), progress, SQL statement counts."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from resolvers.actor import Role
from tests.conftest import GraphQLClient, StatementCounter

SETUP = """
query Setup($title: String!) {
  tasks(filter: {search: $title}, first: 5) { nodes { id title } }
  county: unitByName(name: "凉州区政府") { id }
  outsider: unitByName(name: "市财政局") { id }
}
"""

CHAIN = """
query Chain($taskId: ID!) {
  responsibilityChain(taskId: $taskId) {
    lead { assignment { id } unit { id name } }
    coResponsible { assignment { id } unit { id name kind } }
  }
}
"""

PERSON = """
mutation Person($name: String!) {
  personCreate(input: {name: $name}) { person { id } }
}
"""

APPOINT = """
mutation Appoint($personId: ID!, $unitId: ID!) {
  positionCreate(input: {personId: $personId, unitId: $unitId, title: "主任",
                         role: PRINCIPAL, validFrom: "2017-01-01"}) { position { id } }
}
"""

PLEDGE = """
mutation Pledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) {
    commitment { id status dueOn unit { name } task { title } responsiblePerson { name } }
  }
}
"""

FULFILL = """
mutation Fulfill($id: ID!, $on: Date!) {
  commitmentFulfill(input: {id: $id, fulfilledOn: $on, note: "完成"}) {
    commitment { status closedOn fulfilledLate version }
  }
}
"""

APPLY = """
mutation Apply($id: ID!, $on: Date!) {
  commitmentCloseApply(input: {id: $id, fulfilledOn: $on, appliedOn: $on, note: "完成"}) {
    application { id status } commitment { status pendingApplication }
  }
}
"""

ACCEPT = """
mutation Accept($id: ID!, $on: Date!) {
  commitmentApplicationDecide(input: {id: $id, decision: ACCEPTED, decidedOn: $on}) {
    commitment { status closedOn fulfilledLate version pendingApplication }
  }
}
"""

EVIDENCE = """
mutation Evidence($id: ID!, $on: Date!) {
  evidenceSubmit(input: {commitmentId: $id, title: "督查报告", kind: WEB_PAGE,
                         url: "https://www.gswuwei.gov.cn/dc.html", submittedOn: $on}) {
    evidence { id }
  }
}
"""

WITHDRAW = """
mutation Withdraw($id: ID!, $on: Date!) {
  commitmentWithdraw(input: {id: $id, on: $on, reason: "任务调整"}) { commitment { status } }
}
"""

BREAK = """
mutation Break($id: ID!, $on: Date!) {
  commitmentBreak(input: {id: $id, on: $on, reason: "未按期建立"}) { commitment { status } }
}
"""

HEAD = "query { journalHead { seq hash } }"

OVERDUE = """
query Overdue($asOf: Date!, $unitId: ID) {
  overdueCommitments(asOf: $asOf, unitId: $unitId) { totalCount nodes { id dueOn } }
}
"""

DUE_WITHIN = """
query DueWithin($days: Int!, $asOf: Date!) {
  commitmentsDueWithin(workingDays: $days, asOf: $asOf) { nodes { id } }
}
"""

MARK = """
mutation Mark($asOf: Date!) {
  commitmentsMarkOverdue(asOf: $asOf) { commitments { id status overdueSince } }
}
"""

PROGRESS = """
mutation Progress($input: ProgressReportSubmitInput!) {
  progressReportSubmit(input: $input) { progressReport { period percentComplete } }
}
"""

CALENDAR = """
query Calendar($year: Int!) {
  workingCalendar(year: $year) { covered basis warning makeUpWorkingDays holidays }
}
"""

PAGE = """
query Page($first: Int!) {
  commitments(first: $first) {
    nodes {
      content
      unit { name }
      task { title plan { title } }
      assignment { role }
      responsiblePerson { name }
      evidence { title status }
    }
  }
}
"""


class Scene:
    """The task 建立专项督导机制: 市政府督查室 leads, 各县区政府 (a collective) shares it."""

    def __init__(self, client: GraphQLClient) -> None:
        self.client = client

    async def load(self) -> Scene:
        found = await self.client.data(SETUP, {"title": "建立专项督导机制"})
        task = found["tasks"]["nodes"][0]
        chain = (await self.client.data(CHAIN, {"taskId": task["id"]}))["responsibilityChain"]
        self.lead = chain["lead"][0]["assignment"]["id"]
        self.lead_unit = chain["lead"][0]["unit"]["id"]
        shared = [c for c in chain["coResponsible"] if c["unit"]["kind"] == "COLLECTIVE"]
        self.counties = shared[0]["assignment"]["id"]
        self.county = found["county"]["id"]
        self.outsider = found["outsider"]["id"]
        # Each unit's leader pledges for it (leader submits); the office only reads and sweeps.
        self.leader = await self.client.as_unit(self.lead_unit, Role.UNIT_LEADER)
        self.county_leader = await self.client.as_unit(self.county, Role.UNIT_LEADER)
        return self

    async def person(self, name: str, unit_id: str) -> str:
        made = await self.client.data(PERSON, {"name": name})
        person_id = str(made["personCreate"]["person"]["id"])
        await self.client.data(APPOINT, {"personId": person_id, "unitId": unit_id})
        return person_id

    async def fulfil(self, commitment_id: str, on: str) -> dict[str, Any]:
        """The new flow: the unit submits evidence and applies; the office accepts."""
        variables = {"id": commitment_id, "on": on}
        await self.leader.data(EVIDENCE, variables)
        applied = (await self.leader.data(APPLY, variables))["commitmentCloseApply"]
        assert applied["commitment"] == {"status": "PLEDGED", "pendingApplication": "CLOSE"} or (
            applied["commitment"] == {"status": "OVERDUE", "pendingApplication": "CLOSE"}
        )
        accepted = await self.client.data(ACCEPT, {"id": applied["application"]["id"], "on": on})
        return dict(accepted["commitmentApplicationDecide"]["commitment"])

    async def pledge(self, due_on: str, **extra: Any) -> dict[str, Any]:
        values = {
            "assignmentId": self.lead,
            "content": "每季度督查县区政务诚信工作",
            "target": "每季度督查报告1份",
            "pledgedOn": "2018-01-05",
            "dueOn": due_on,
        } | extra
        leader = self.county_leader if values.get("unitId") == self.county else self.leader
        data = await leader.data(PLEDGE, {"input": values})
        return dict(data["commitmentPledge"]["commitment"])


async def test_lead_and_county_units_pledge(seeded: GraphQLClient) -> None:
    scene = await Scene(seeded).load()
    chief = await scene.person("张督查", scene.lead_unit)
    lead = await scene.pledge("2018-06-30", responsiblePersonId=chief, public=True)
    assert lead["unit"]["name"] == "市政府督查室"
    assert lead["task"]["title"] == "建立专项督导机制"
    assert lead["responsiblePerson"]["name"] == "张督查"
    county = await scene.pledge("2018-06-30", assignmentId=scene.counties, unitId=scene.county)
    assert county["unit"]["name"] == "凉州区人民政府"
    assert county["status"] == "PLEDGED"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"assignmentId": "counties"}, "unitId"),  # a collective must name its member
        ({"assignmentId": "counties", "unitId": "outsider"}, "unitId"),  # not a member
        ({"unitId": "outsider"}, "unitId"),  # not the assigned unit
        ({"responsiblePersonId": "stranger"}, "responsiblePersonId"),  # no post in the unit
        ({"dueOn": "2017-12-31"}, "dueOn"),  # due before the pledge
    ],
)
async def test_refused_pledges_change_nothing(
    seeded: GraphQLClient, extra: dict[str, str], field: str
) -> None:
    scene = await Scene(seeded).load()
    names = {"counties": scene.counties, "outsider": scene.outsider}
    if "responsiblePersonId" in extra:
        names["stranger"] = await scene.person("李无关", scene.outsider)
    values = {key: names.get(value, value) for key, value in extra.items()}
    head = await seeded.data(HEAD)
    error = await scene.leader.error(
        PLEDGE,
        {
            "input": {
                "assignmentId": scene.lead,
                "content": "c",
                "target": "t",
                "pledgedOn": "2018-01-05",
                "dueOn": "2018-06-30",
            }
            | values
        },
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await seeded.data(HEAD) == head


async def test_invalid_transitions_and_dates_change_nothing(seeded: GraphQLClient) -> None:
    scene = await Scene(seeded).load()
    withdrawn = await scene.pledge("2018-06-29")
    await scene.leader.data(WITHDRAW, {"id": withdrawn["id"], "on": "2018-03-01"})
    late = await scene.pledge("2018-06-29")
    head = await seeded.data(HEAD)
    error = await scene.leader.error(APPLY, {"id": withdrawn["id"], "on": "2018-06-01"})
    assert error["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    assert "WITHDRAWN" in error["message"]
    error = await scene.leader.error(WITHDRAW, {"id": late["id"], "on": "2018-07-02"})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
    error = await scene.leader.error(APPLY, {"id": late["id"], "on": "2017-12-01"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "fulfilledOn"}
    error = await scene.leader.error(APPLY, {"id": late["id"], "on": "2018-02-30"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    # The old shortcut is refused: a unit no longer marks its own commitment fulfilled.
    error = await scene.leader.error(FULFILL, {"id": late["id"], "on": "2018-07-02"})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await seeded.data(HEAD) == head
    fulfilled = await scene.fulfil(late["id"], "2018-07-02")
    assert fulfilled["fulfilledLate"] is True
    error = await scene.leader.error(BREAK, {"id": late["id"], "on": "2018-07-03"})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"


async def test_overdue_on_the_right_working_day_across_a_make_up_weekend(
    seeded: GraphQLClient,
) -> None:
    # 2018-02-10 is a Saturday off; Sunday 2018-02-11 is worked (调休 before Spring Festival),
    # so the commitment falls due on Sunday and is overdue on Monday 2018-02-12. Counting
    # weekends only, it would fall due on Monday and be overdue only on Tuesday.
    scene = await Scene(seeded).load()
    target = await scene.pledge("2018-02-10")
    holiday = await scene.pledge("2018-10-03")  # 国庆: falls due Monday 2018-10-08

    async def overdue(day: str) -> list[str]:
        data = await seeded.data(OVERDUE, {"asOf": day, "unitId": scene.lead_unit})
        return [node["id"] for node in data["overdueCommitments"]["nodes"]]

    async def due_within(days: int, day: str) -> list[str]:
        data = await seeded.data(DUE_WITHIN, {"days": days, "asOf": day})
        return [node["id"] for node in data["commitmentsDueWithin"]["nodes"]]

    assert await overdue("2018-02-11") == []
    assert await overdue("2018-02-12") == [target["id"]]
    assert await due_within(1, "2018-02-09") == [target["id"]]  # next working day: Sunday
    assert await due_within(0, "2018-02-11") == [target["id"]]
    assert await due_within(0, "2018-02-10") == []
    assert holiday["id"] not in await overdue("2018-10-08")
    assert holiday["id"] in await overdue("2018-10-09")
    assert await due_within(0, "2018-10-08") == [holiday["id"]]

    marked = (await seeded.data(MARK, {"asOf": "2018-02-20"}))["commitmentsMarkOverdue"]
    assert marked["commitments"] == [
        {"id": target["id"], "status": "OVERDUE", "overdueSince": "2018-02-12"}
    ]
    head = await seeded.data(HEAD)
    again = (await seeded.data(MARK, {"asOf": "2018-02-21"}))["commitmentsMarkOverdue"]
    assert again["commitments"] == []
    assert await seeded.data(HEAD) == head
    late = await scene.fulfil(target["id"], "2018-03-01")
    assert late["fulfilledLate"] is True
    # History stays true: on 2018-02-12 it was overdue, on 2018-03-02 it no longer is.
    assert await overdue("2018-02-12") == [target["id"]]
    assert target["id"] not in await overdue("2018-03-02")


async def test_progress_reports(seeded: GraphQLClient) -> None:
    scene = await Scene(seeded).load()
    commitment = await scene.pledge("2018-06-30")
    report = {
        "commitmentId": commitment["id"],
        "period": "2018年第一季度",
        "text": "已督查两县",
        "percentComplete": 50,
        "reportedOn": "2018-03-30",
    }
    data = await scene.leader.data(PROGRESS, {"input": report})
    assert data["progressReportSubmit"]["progressReport"] == {
        "period": "2018-Q1",
        "percentComplete": 50,
    }
    for bad, field in (
        ({"period": "2018-Q5"}, "period"),
        ({"percentComplete": 120}, "percentComplete"),
        ({"reportedOn": "2017-12-01"}, "reportedOn"),
    ):
        error = await scene.leader.error(PROGRESS, {"input": report | bad})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    await scene.leader.data(WITHDRAW, {"id": commitment["id"], "on": "2018-04-02"})
    error = await scene.leader.error(PROGRESS, {"input": report})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"


async def test_working_calendar_coverage_and_fallback_warning(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    known = (await client.data(CALENDAR, {"year": 2018}))["workingCalendar"]
    assert known["covered"] is True
    assert known["warning"] is None
    assert "2018-02-11" in known["makeUpWorkingDays"]
    assert "2018-09-29" in known["makeUpWorkingDays"]
    assert "2018-02-16" in known["holidays"]
    with caplog.at_level(logging.WARNING, logger="dutygraph.calendar"):
        unknown = (await client.data(CALENDAR, {"year": 2097}))["workingCalendar"]
    assert unknown["covered"] is False
    assert "statutory holidays by rule" in unknown["warning"]
    assert unknown["makeUpWorkingDays"] == []
    assert "2097-01-01" in unknown["holidays"]
    assert "2097-10-01" in unknown["holidays"]
    assert any("2097" in record.getMessage() for record in caplog.records)


async def test_commitment_page_costs_the_same_for_10_and_50(
    seeded: GraphQLClient, sql_statements: StatementCounter
) -> None:
    scene = await Scene(seeded).load()
    for n in range(50):
        if n % 2:
            await scene.pledge("2018-06-30")
        else:
            await scene.pledge("2018-06-30", assignmentId=scene.counties, unitId=scene.county)
    counts = []
    for size in (10, 50):
        sql_statements.statements.clear()
        data = await seeded.data(PAGE, {"first": size})
        assert len(data["commitments"]["nodes"]) == size
        counts.append(len(sql_statements.statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8, sql_statements.statements
