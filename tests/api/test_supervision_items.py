"""Hand-off (交办) and feedback rhythm over HTTP: items on a leader's instruction and on plan
tasks (one, or a plan in bulk), monthly feedback by the 25th on real working days, the list of
units that have not reported (未报送清单) and of assignments not pledged (未承诺清单)."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.actor import Role
from tests.conftest import GraphQLClient, StatementCounter

SETUP = """
query {
  plans(first: 1) { nodes { id } }
  tasks(filter: {search: "建立专项督导机制"}, first: 1) { nodes { id } }
  liangzhou: unitByName(name: "凉州区政府") { id }
  gulang: unitByName(name: "古浪县政府") { id }
  office: unitByName(name: "市政府督查室") { id }
}
"""
OPEN = """
mutation Open($input: SupervisionItemOpenInput!) {
  supervisionItemOpen(input: $input) {
    item { id source title dueOn rhythm feedbackDay units { role unit { name } } }
  }
}
"""
BULK = """
mutation Bulk($input: SupervisionItemsOpenForPlanInput!) {
  supervisionItemsOpenForPlan(input: $input) { items { id task { id } units { role } } }
}
"""
FEEDBACK = """
mutation Feedback($input: SupervisionFeedbackSubmitInput!) {
  supervisionFeedbackSubmit(input: $input) { feedback { period reportedLate } }
}
"""
STATUS = """
query Status($id: ID!, $period: String!, $asOf: Date) {
  supervisionFeedbackStatus(itemId: $id, period: $period, asOf: $asOf) {
    period dueOn state reportedOn handlingUnit { role unit { name } }
  }
}
"""
UNREPORTED = """
query Unreported($period: String!, $first: Int) {
  unreportedFeedback(period: $period, first: $first) {
    totalCount nodes { id role unit { name } item { id title } }
  }
}
"""
UNPLEDGED = """
query Unpledged($planId: ID, $first: Int) {
  unpledgedAssignments(planId: $planId, first: $first) {
    totalCount nodes { id role unit { name } task { title } }
  }
}
"""
PLEDGE = """
mutation Pledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id } }
}
"""
ITEMS = "query { supervisionItems { totalCount nodes { id } } }"
HEAD = "query { journalHead { seq hash } }"


class Scene:
    def __init__(self, office: GraphQLClient) -> None:
        self.office = office

    async def load(self) -> Scene:
        found = await self.office.data(SETUP)
        self.plan = found["plans"]["nodes"][0]["id"]
        self.task = found["tasks"]["nodes"][0]["id"]
        self.liangzhou, self.gulang = found["liangzhou"]["id"], found["gulang"]["id"]
        self.office_unit = found["office"]["id"]
        self.lz = await self.office.as_unit(self.liangzhou, Role.UNIT_STAFF)
        self.gl = await self.office.as_unit(self.gulang, Role.UNIT_LEADER)
        self.outsider = await self.office.as_unit("市财政局", Role.UNIT_LEADER)
        return self

    def instruction(self, **extra: Any) -> dict[str, Any]:
        return {
            "title": "落实市长关于政务失信专项治理的批示",
            "instructionSource": "市长批示",
            "instructionOn": "2018-01-03",
            "instructionText": "请督查室牵头督办，每月报送进展。",
            "openedOn": "2018-01-05",
            "dueOn": "2018-06-29",
            "rhythm": "MONTHLY",
            "feedbackDay": 25,
            "units": [
                {"unitId": self.liangzhou, "role": "LEAD"},
                {"unitId": self.gulang, "role": "CO_RESPONSIBLE"},
            ],
        } | extra

    def feedback(self, item: str, period: str, on: str, **extra: Any) -> dict[str, Any]:
        return {
            "input": {
                "itemId": item,
                "period": period,
                "text": "已部署",
                "percentComplete": 20,
                "reportedOn": on,
            }
            | extra
        }


@pytest.fixture
async def scene(seeded: GraphQLClient) -> Scene:
    return await Scene(seeded).load()


async def test_hand_off_an_instruction_and_its_monthly_feedback(scene: Scene) -> None:
    head = await scene.office.data(HEAD)
    for bad, field in (
        ({"taskId": scene.task}, "taskId"),  # a task and an instruction at once
        ({"units": [{"unitId": scene.gulang, "role": "CO_RESPONSIBLE"}]}, "units"),  # no 主办
        ({"openedOn": "2030-01-05"}, "openedOn"),
        ({"openedOn": "2018-01-02"}, "openedOn"),  # before the instruction
        ({"feedbackDay": 40}, "feedbackDay"),
        ({"dueOn": "2017-12-31"}, "dueOn"),
    ):
        error = await scene.office.error(OPEN, {"input": scene.instruction(**bad)})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, bad
    refused = await scene.gl.error(OPEN, {"input": scene.instruction()})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert await scene.office.data(HEAD) == head
    item = (await scene.office.data(OPEN, {"input": scene.instruction()}))["supervisionItemOpen"]
    item = item["item"]
    assert item["source"] == "INSTRUCTION"
    assert item["units"] == [
        {"role": "LEAD", "unit": {"name": "凉州区人民政府"}},
        {"role": "CO_RESPONSIBLE", "unit": {"name": "古浪县人民政府"}},
    ]

    # January: 凉州 reports by the 25th (`2018年1月` is the month 2018-01); 古浪 does not.
    made = await scene.lz.data(FEEDBACK, scene.feedback(item["id"], "2018年1月", "2018-01-20"))
    assert made["supervisionFeedbackSubmit"]["feedback"] == {
        "period": "2018-01",
        "reportedLate": False,
    }
    head = await scene.office.data(HEAD)
    for variables, code, field in (
        (scene.feedback(item["id"], "2018-01", "2018-01-22"), "INVALID_TRANSITION", "period"),
        (scene.feedback(item["id"], "2018-Q1", "2018-01-22"), "BAD_USER_INPUT", "period"),
        (scene.feedback(item["id"], "2018-02", "2030-02-01"), "BAD_USER_INPUT", "reportedOn"),
        (scene.feedback(item["id"], "2018-02", "2018-01-04"), "BAD_USER_INPUT", "reportedOn"),
    ):
        error = await scene.lz.error(FEEDBACK, variables)
        assert error["extensions"] == {"code": code, "field": field}, variables
    unseen = await scene.outsider.error(
        FEEDBACK, scene.feedback(item["id"], "2018-01", "2018-01-22")
    )
    assert unseen["extensions"] == {"code": "NOT_FOUND", "field": "itemId"}
    assert await scene.office.data(HEAD) == head

    status = await scene.office.data(
        STATUS, {"id": item["id"], "period": "2018-01", "asOf": "2018-01-31"}
    )
    assert [
        (s["handlingUnit"]["role"], s["state"], s["dueOn"])
        for s in status["supervisionFeedbackStatus"]
    ] == [
        ("LEAD", "REPORTED", "2018-01-25"),
        ("CO_RESPONSIBLE", "MISSING", "2018-01-25"),
    ]
    before = await scene.office.data(
        STATUS, {"id": item["id"], "period": "2018-01", "asOf": "2018-01-24"}
    )
    assert before["supervisionFeedbackStatus"][1]["state"] == "NOT_DUE"
    unreported = (await scene.office.data(UNREPORTED, {"period": "2018年1月"}))[
        "unreportedFeedback"
    ]
    assert [(n["unit"]["name"], n["item"]["id"]) for n in unreported["nodes"]] == [
        ("古浪县人民政府", item["id"])
    ]
    # 古浪 sees its own gap; an outsider sees nothing.
    assert (await scene.gl.data(UNREPORTED, {"period": "2018-01"}))["unreportedFeedback"][
        "totalCount"
    ] == 1
    assert (await scene.outsider.data(UNREPORTED, {"period": "2018-01"}))["unreportedFeedback"][
        "totalCount"
    ] == 0

    # February: the 25th is a Sunday off (2018-02-24 was the worked Saturday), so feedback is due
    # on Monday 02-26; 02-27 is late.
    late = await scene.gl.data(FEEDBACK, scene.feedback(item["id"], "2018-02", "2018-02-27"))
    assert late["supervisionFeedbackSubmit"]["feedback"]["reportedLate"] is True
    feb = await scene.office.data(
        STATUS, {"id": item["id"], "period": "2018-02", "asOf": "2018-03-01"}
    )
    assert [(s["state"], s["dueOn"]) for s in feb["supervisionFeedbackStatus"]] == [
        ("MISSING", "2018-02-26"),
        ("LATE", "2018-02-26"),
    ]


async def test_bulk_hand_off_of_a_plan(scene: Scene) -> None:
    values = {
        "planId": scene.plan,
        "openedOn": "2018-01-05",
        "dueOn": "2018-12-28",
        "rhythm": "QUARTERLY",
        "feedbackDay": 25,
    }
    opened = (await scene.office.data(BULK, {"input": values}))["supervisionItemsOpenForPlan"]
    assert len(opened["items"]) > 10
    assert all("LEAD" in {u["role"] for u in item["units"]} for item in opened["items"])
    assert scene.task in {item["task"]["id"] for item in opened["items"]}
    head = await scene.office.data(HEAD)
    again = (await scene.office.data(BULK, {"input": values}))["supervisionItemsOpenForPlan"]
    assert again["items"] == []
    assert await scene.office.data(HEAD) == head
    quarter = (await scene.office.data(UNREPORTED, {"period": "2018年第一季度"}))[
        "unreportedFeedback"
    ]
    assert quarter["totalCount"] >= len(opened["items"])
    assert (await scene.office.data(UNREPORTED, {"period": "2018-01"}))["unreportedFeedback"][
        "totalCount"
    ] == 0


async def test_unpledged_assignments(scene: Scene) -> None:
    listed = await scene.office.data(UNPLEDGED, {"planId": scene.plan, "first": 100})
    nodes = listed["unpledgedAssignments"]["nodes"]
    lead = next(
        n for n in nodes if n["task"]["title"] == "建立专项督导机制" and n["role"] == "LEAD"
    )
    assert lead["unit"]["name"] == "市政府督查室"
    leader = await scene.office.as_unit(scene.office_unit, Role.UNIT_LEADER)
    mine = (await leader.data(UNPLEDGED, {"first": 100}))["unpledgedAssignments"]
    assert {n["unit"]["name"] for n in mine["nodes"]} == {"市政府督查室"}
    pledge = {
        "assignmentId": lead["id"],
        "content": "全年开展4次专项督查",
        "target": "督查报告4份",
        "pledgedOn": "2018-01-08",
        "dueOn": "2018-12-28",
    }
    await leader.data(PLEDGE, {"input": pledge})
    after = await scene.office.data(UNPLEDGED, {"planId": scene.plan, "first": 100})
    assert (
        after["unpledgedAssignments"]["totalCount"]
        == listed["unpledgedAssignments"]["totalCount"] - 1
    )
    assert lead["id"] not in {n["id"] for n in after["unpledgedAssignments"]["nodes"]}


async def test_the_lists_cost_the_same_for_5_and_20(
    scene: Scene, sql_statements: StatementCounter
) -> None:
    values = {
        "planId": scene.plan,
        "openedOn": "2018-01-05",
        "dueOn": "2018-12-28",
        "rhythm": "QUARTERLY",
        "feedbackDay": 25,
    }
    await scene.office.data(BULK, {"input": values})
    for document, field, variables in (
        (UNREPORTED, "unreportedFeedback", {"period": "2018-Q1"}),
        (UNPLEDGED, "unpledgedAssignments", {"planId": scene.plan}),
    ):
        counts = []
        for size in (5, 20):
            runs = []
            for _ in range(2):  # the fewer of two runs: a background job's statement is noise
                sql_statements.statements.clear()
                data = await scene.office.data(document, variables | {"first": size})
                assert len(data[field]["nodes"]) == size
                runs.append(len(sql_statements.statements))
            counts.append(min(runs))
        assert counts[0] == counts[1], (field, counts, [s[:160] for s in sql_statements.statements])
