"""The supervision cycle (issue 13) over HTTP: a unit applies to close, withdraw or extend its
commitment and only the office's decision changes it; corrections keep the old values; event
dates may not lie in the future or before the record they follow; refused steps write nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from resolvers import workdays
from resolvers.actor import Role
from tests.conftest import GraphQLClient, StatementCounter

SETUP = """
query {
  tasks(filter: {search: "建立专项督导机制"}, first: 1) { nodes { id } }
  county: unitByName(name: "凉州区政府") { id }
}
"""
CHAIN = """
query Chain($taskId: ID!) {
  responsibilityChain(taskId: $taskId) {
    coResponsible { assignment { id } unit { kind } }
  }
}
"""
PLEDGE = """
mutation Pledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id } }
}
"""
EVIDENCE = """
mutation Evidence($id: ID!, $on: Date!) {
  evidenceSubmit(input: {commitmentId: $id, title: "台账", kind: WEB_PAGE,
                         url: "https://www.liangzhou.gov.cn/tz", submittedOn: $on}) {
    evidence { id }
  }
}
"""
REVIEW = """
mutation Review($id: ID!, $on: Date!) {
  evidenceReview(input: {id: $id, decision: REJECTED, reviewedOn: $on, reason: "无盖章"}) {
    evidence { status }
  }
}
"""
FIELDS = """
  application { id kind status appliedOn fulfilledOn requestedDueOn previousDueOn decidedOn
                decidedBy decisionReason }
  commitment { status dueOn originalDueOn closedOn fulfilledLate lateAgainstOriginal
               pendingApplication }
"""
APPLY = f"""
mutation Apply($input: CommitmentCloseApplyInput!) {{
  commitmentCloseApply(input: $input) {{ {FIELDS} }}
}}
"""
WITHDRAW_APPLY = f"""
mutation WithdrawApply($input: CommitmentWithdrawApplyInput!) {{
  commitmentWithdrawApply(input: $input) {{ {FIELDS} }}
}}
"""
EXTEND = f"""
mutation Extend($input: CommitmentExtensionApplyInput!) {{
  commitmentExtensionApply(input: $input) {{ {FIELDS} }}
}}
"""
DECIDE = f"""
mutation Decide($input: CommitmentApplicationDecideInput!) {{
  commitmentApplicationDecide(input: $input) {{ {FIELDS} }}
}}
"""
FULFILL = """
mutation Fulfill($id: ID!) {
  commitmentFulfill(input: {id: $id, fulfilledOn: "2018-05-01"}) { commitment { status } }
}
"""
WITHDRAW = """
mutation Withdraw($id: ID!, $on: Date!) {
  commitmentWithdraw(input: {id: $id, on: $on, reason: "调整"}) { commitment { status } }
}
"""
CORRECT = """
mutation Correct($input: CommitmentCorrectInput!) {
  commitmentCorrect(input: $input) {
    correction { id reason correctedBy values { field oldValue newValue } }
    commitment { status closedOn fulfilledLate version }
  }
}
"""
CORRECTIONS = """
query { corrections { totalCount nodes { reason commitment { id }
                                          values { field oldValue newValue } } } }
"""
QUEUE = """
query Queue($status: ApplicationStatus) {
  commitmentApplications(status: $status) { totalCount nodes { id kind commitment { id } } }
}
"""
HISTORY = """
query History($id: ID!) { journal(filter: {entityId: $id, entityType: "Commitment"}) {
  nodes { action before after } } }
"""
HEAD = "query { journalHead { seq hash } }"


class Office:
    """The office (the test's client) and the leader of 凉州区政府 pledging on 各县区政府."""

    def __init__(self, client: GraphQLClient) -> None:
        self.office = client

    async def load(self) -> Office:
        found = await self.office.data(SETUP)
        chain = await self.office.data(CHAIN, {"taskId": found["tasks"]["nodes"][0]["id"]})
        links = chain["responsibilityChain"]["coResponsible"]
        self.counties = next(
            c["assignment"]["id"] for c in links if c["unit"]["kind"] == "COLLECTIVE"
        )
        self.county = found["county"]["id"]
        self.leader = await self.office.as_unit(self.county, Role.UNIT_LEADER)
        self.auditor = await self.office.as_roles(Role.AUDITOR)
        self.other = await self.office.as_unit("古浪县政府", Role.UNIT_LEADER)
        return self

    async def pledge(self, due_on: str = "2018-06-29", public: bool = False) -> str:
        values = {
            "assignmentId": self.counties,
            "unitId": self.county,
            "content": "建立县级督导台账",
            "target": "台账上线",
            "pledgedOn": "2018-01-08",
            "dueOn": due_on,
            "public": public,
        }
        made = await self.leader.data(PLEDGE, {"input": values})
        return str(made["commitmentPledge"]["commitment"]["id"])

    async def evidence(self, commitment: str, on: str = "2018-05-02") -> str:
        made = await self.leader.data(EVIDENCE, {"id": commitment, "on": on})
        return str(made["evidenceSubmit"]["evidence"]["id"])

    async def apply(self, commitment: str, on: str = "2018-05-02", **extra: Any) -> dict[str, Any]:
        values = {"id": commitment, "fulfilledOn": on, "appliedOn": on, "note": "已上线"} | extra
        return dict((await self.leader.data(APPLY, {"input": values}))["commitmentCloseApply"])

    async def decide(self, application: str, decision: str, on: str, reason: str = "") -> Any:
        values = {"id": application, "decision": decision, "decidedOn": on, "reason": reason}
        return (await self.office.data(DECIDE, {"input": values}))["commitmentApplicationDecide"]


@pytest.fixture
async def office(seeded: GraphQLClient) -> Office:
    return await Office(seeded).load()


async def test_a_unit_applies_and_only_the_office_closes(office: Office) -> None:
    commitment = await office.pledge()
    head = await office.office.data(HEAD)
    # The old shortcut is refused, and so is applying without evidence.
    refused = await office.leader.error(FULFILL, {"id": commitment})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    values = {"id": commitment, "fulfilledOn": "2018-05-02", "appliedOn": "2018-05-02"}
    refused = await office.leader.error(APPLY, {"input": values})
    assert refused["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    assert "evidence" in refused["message"]
    rejected_evidence = await office.evidence(commitment)
    await office.office.data(REVIEW, {"id": rejected_evidence, "on": "2018-05-03"})
    head = await office.office.data(HEAD)
    refused = await office.leader.error(APPLY, {"input": values})
    assert refused["extensions"]["code"] == "INVALID_TRANSITION"
    assert await office.office.data(HEAD) == head

    await office.evidence(commitment, "2018-05-04")
    applied = await office.apply(commitment, "2018-05-04")
    assert applied["commitment"]["status"] == "PLEDGED"
    assert applied["commitment"]["pendingApplication"] == "CLOSE"
    application = applied["application"]["id"]
    # A second application while one is pending is out of order; so is the unit deciding.
    head = await office.office.data(HEAD)
    again = await office.leader.error(APPLY, {"input": values | {"fulfilledOn": "2018-05-04"}})
    assert again["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    extend = {"id": commitment, "appliedOn": "2018-05-04", "newDueOn": "2018-09-28", "reason": "x"}
    again = await office.leader.error(EXTEND, {"input": extend})
    assert again["extensions"]["code"] == "INVALID_TRANSITION"
    decide = {"id": application, "decision": "ACCEPTED", "decidedOn": "2018-05-07"}
    refused = await office.leader.error(DECIDE, {"input": decide})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    # Rejection needs a reason; then the commitment goes back to work.
    no_reason = await office.office.error(DECIDE, {"input": decide | {"decision": "REJECTED"}})
    assert no_reason["extensions"] == {"code": "BAD_USER_INPUT", "field": "reason"}
    assert await office.office.data(HEAD) == head
    queue = (await office.office.data(QUEUE, {"status": "PENDING"}))["commitmentApplications"]
    assert {"id": application, "kind": "CLOSE", "commitment": {"id": commitment}} in queue["nodes"]
    back = await office.decide(application, "REJECTED", "2018-05-07", "台账未覆盖乡镇")
    assert back["application"]["status"] == "REJECTED"
    assert back["application"]["decisionReason"] == "台账未覆盖乡镇"
    assert back["commitment"]["status"] == "PLEDGED"
    assert back["commitment"]["pendingApplication"] is None
    twice = await office.office.error(DECIDE, {"input": decide})
    assert twice["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}

    # Applied again, accepted: FULFILLED on the day the unit said, late or not by the due date.
    second = (await office.apply(commitment, "2018-05-20"))["application"]["id"]
    closed = await office.decide(second, "ACCEPTED", "2018-05-22")
    assert closed["commitment"] | {"dueOn": None} == {
        "status": "FULFILLED",
        "dueOn": None,
        "originalDueOn": None,
        "closedOn": "2018-05-20",
        "fulfilledLate": False,
        "lateAgainstOriginal": False,
        "pendingApplication": None,
    }
    assert closed["application"]["decidedBy"].startswith("account:")
    history = (await office.office.data(HISTORY, {"id": commitment}))["journal"]["nodes"]
    assert [n["action"] for n in history] == [
        "commitment.pledge",
        "commitment.close_apply",
        "commitment.close_rejected",
        "commitment.close_apply",
        "commitment.fulfill",
    ]


async def test_a_public_commitment_is_withdrawn_only_with_approval(office: Office) -> None:
    commitment = await office.pledge(public=True)
    head = await office.office.data(HEAD)
    refused = await office.leader.error(WITHDRAW, {"id": commitment, "on": "2018-06-28"})
    assert refused["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    assert "公开承诺" in refused["message"]
    assert await office.office.data(HEAD) == head
    values = {"id": commitment, "on": "2018-06-28", "reason": "任务调整"}
    applied = await office.leader.data(WITHDRAW_APPLY, {"input": values})
    application = applied["commitmentWithdrawApply"]["application"]["id"]
    assert applied["commitmentWithdrawApply"]["commitment"]["status"] == "PLEDGED"
    done = await office.decide(application, "ACCEPTED", "2018-06-29")
    assert done["commitment"]["status"] == "WITHDRAWN"
    assert done["commitment"]["closedOn"] == "2018-06-28"
    # After it fell due it can no longer be withdrawn, not even by application.
    late = await office.pledge(public=True)
    error = await office.leader.error(
        WITHDRAW_APPLY, {"input": values | {"id": late, "on": "2018-07-02"}}
    )
    assert error["extensions"]["code"] == "INVALID_TRANSITION"


async def test_extension_moves_the_due_date_only_when_approved(office: Office) -> None:
    commitment = await office.pledge("2018-03-30")
    values = {
        "id": commitment,
        "appliedOn": "2018-03-20",
        "newDueOn": "2018-06-29",
        "reason": "资金未到位",
    }
    bad = await office.leader.error(EXTEND, {"input": values | {"newDueOn": "2018-03-01"}})
    assert bad["extensions"] == {"code": "BAD_USER_INPUT", "field": "newDueOn"}
    refused = (await office.leader.data(EXTEND, {"input": values}))["commitmentExtensionApply"]
    assert refused["commitment"]["dueOn"] == "2018-03-30"
    no = await office.decide(refused["application"]["id"], "REJECTED", "2018-03-22", "理由不充分")
    assert no["commitment"] | {"pendingApplication": 0} == no["commitment"] | {
        "dueOn": "2018-03-30",
        "originalDueOn": None,
        "pendingApplication": 0,
    }
    asked = await office.leader.data(EXTEND, {"input": values | {"appliedOn": "2018-03-23"}})
    application = asked["commitmentExtensionApply"]["application"]
    assert (application["previousDueOn"], application["requestedDueOn"]) == (
        "2018-03-30",
        "2018-06-29",
    )
    yes = await office.decide(application["id"], "ACCEPTED", "2018-03-26")
    assert (yes["commitment"]["dueOn"], yes["commitment"]["originalDueOn"]) == (
        "2018-06-29",
        "2018-03-30",
    )
    # Kept after the original date but before the approved one: on time, late against the original.
    await office.evidence(commitment, "2018-05-10")
    closing = (await office.apply(commitment, "2018-05-10"))["application"]["id"]
    closed = (await office.decide(closing, "ACCEPTED", "2018-05-11"))["commitment"]
    assert (closed["fulfilledLate"], closed["lateAgainstOriginal"]) == (False, True)


async def test_a_correction_keeps_the_old_values(office: Office) -> None:
    commitment = await office.pledge()
    open_one = await office.pledge()
    await office.evidence(commitment)
    application = (await office.apply(commitment, "2018-05-02"))["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-05-03")
    head = await office.office.data(HEAD)
    fix = {
        "id": commitment,
        "reason": "办结日期录入有误",
        "closedOn": "2018-07-05",
        "correctedOn": "2018-07-10",
    }
    refused = await office.leader.error(CORRECT, {"input": fix})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    refused = await office.office.error(CORRECT, {"input": fix | {"id": open_one}})
    assert refused["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    refused = await office.office.error(CORRECT, {"input": fix | {"reason": " "}})
    assert refused["extensions"] == {"code": "BAD_USER_INPUT", "field": "reason"}
    refused = await office.office.error(CORRECT, {"input": fix | {"closedOn": "2030-01-01"}})
    assert refused["extensions"] == {"code": "BAD_USER_INPUT", "field": "closedOn"}
    assert await office.office.data(HEAD) == head
    corrected = (await office.office.data(CORRECT, {"input": fix}))["commitmentCorrect"]
    assert corrected["commitment"]["closedOn"] == "2018-07-05"
    assert corrected["commitment"]["fulfilledLate"] is True
    assert corrected["correction"]["values"] == [
        {"field": "closedOn", "oldValue": "2018-05-02", "newValue": "2018-07-05"},
        {"field": "fulfilledLate", "oldValue": "false", "newValue": "true"},
        {"field": "lateAgainstOriginal", "oldValue": "false", "newValue": "true"},
    ]
    # Auditors read corrections; another unit does not see them.
    seen = (await office.auditor.data(CORRECTIONS))["corrections"]
    assert seen["nodes"][-1]["reason"] == "办结日期录入有误"
    assert (await office.other.data(CORRECTIONS))["corrections"]["totalCount"] == 0
    assert (await office.leader.data(CORRECTIONS))["corrections"]["totalCount"] == 1
    history = (await office.office.data(HISTORY, {"id": commitment}))["journal"]["nodes"]
    assert history[-1]["action"] == "commitment.correct"
    assert history[-1]["before"]["closed_on"] == "2018-05-02"


@pytest.mark.parametrize(
    ("document", "values", "field"),
    [
        (APPLY, {"fulfilledOn": "2030-01-01", "appliedOn": "2030-01-01"}, "fulfilledOn"),
        (APPLY, {"fulfilledOn": "2017-12-01"}, "fulfilledOn"),
        (APPLY, {"fulfilledOn": "2018-05-02", "appliedOn": "2018-05-01"}, "appliedOn"),
        (EXTEND, {"appliedOn": "2030-01-01", "newDueOn": "2031-01-01", "reason": "x"}, "appliedOn"),
        (WITHDRAW_APPLY, {"on": "2018-01-01", "reason": "x"}, "on"),
    ],
)
async def test_event_dates_are_checked_against_reality(
    office: Office, document: str, values: dict[str, str], field: str
) -> None:
    commitment = await office.pledge()
    await office.evidence(commitment)
    head = await office.office.data(HEAD)
    error = await office.leader.error(document, {"input": {"id": commitment} | values})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await office.office.data(HEAD) == head


PROGRESS = """
mutation Progress($id: ID!, $on: Date!) {
  progressReportSubmit(input: {commitmentId: $id, period: "2018年1月", text: "x",
                               percentComplete: 10, reportedOn: $on}) { progressReport { id } }
}
"""
EVALUATE = """
mutation Evaluate($unitId: ID!, $on: Date!) {
  evaluationCreate(input: {unitId: $unitId, period: "2018", evaluatorKind: THIRD_PARTY,
                           score: 80, evaluatedOn: $on}) { evaluation { id } }
}
"""
RECORD = """
mutation Record($unitId: ID!, $on: Date!) {
  dishonestyRecordReport(input: {unitId: $unitId, category: ACCOUNTABILITY, severity: GENERAL,
                                 facts: "x", occurredOn: $on, reportedOn: $on}) { record { id } }
}
"""
MARK = "mutation Mark($on: Date!) { commitmentsMarkOverdue(asOf: $on) { asOf } }"


async def test_a_future_day_is_refused_everywhere(office: Office) -> None:
    """A fulfilment dated 2030 used to be accepted; every event day is checked the same way."""
    tomorrow = date.fromordinal(workdays.today().toordinal() + 1).isoformat()
    commitment = await office.pledge()
    head = await office.office.data(HEAD)
    cases = [
        (office.leader, EVIDENCE, {"id": commitment, "on": tomorrow}, "submittedOn"),
        (office.office, EVALUATE, {"unitId": office.county, "on": tomorrow}, "evaluatedOn"),
        (office.office, RECORD, {"unitId": office.county, "on": tomorrow}, "occurredOn"),
        (office.office, MARK, {"on": tomorrow}, "asOf"),
    ]
    for client, document, variables, field in cases:
        error = await client.error(document, variables)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, field
    pledge = {
        "assignmentId": office.counties,
        "unitId": office.county,
        "content": "c",
        "target": "t",
        "pledgedOn": tomorrow,
        "dueOn": "2099-01-01",
    }
    error = await office.leader.error(PLEDGE, {"input": pledge})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "pledgedOn"}
    assert await office.office.data(HEAD) == head


async def test_unknown_and_foreign_ids_are_not_found(office: Office) -> None:
    theirs = await office.other.data(
        PLEDGE,
        {
            "input": {
                "assignmentId": office.counties,
                "unitId": (
                    await office.office.data('{ u: unitByName(name: "古浪县政府") { id } }')
                )["u"]["id"],
                "content": "c",
                "target": "t",
                "pledgedOn": "2018-01-08",
                "dueOn": "2018-06-29",
            }
        },
    )
    foreign = theirs["commitmentPledge"]["commitment"]["id"]
    head = await office.office.data(HEAD)
    error = await office.leader.error(
        APPLY, {"input": {"id": foreign, "fulfilledOn": "2018-05-02"}}
    )
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}
    missing = {
        "id": "Q29tbWl0bWVudEFwcGxpY2F0aW9uOjk5OTk5",
        "decision": "ACCEPTED",
        "decidedOn": "2018-05-02",
    }
    error = await office.office.error(DECIDE, {"input": missing})
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert await office.office.data(HEAD) == head


URGE = """
mutation Urge($input: UrgingRecordInput!) {
  urgingRecord(input: $input) { urging { id channel trigger unit { name } acknowledgedOn } }
}
"""
ACK = """
mutation Ack($id: ID!, $on: Date!) {
  urgingAcknowledge(input: {id: $id, acknowledgedOn: $on}) {
    urging { acknowledgedOn acknowledgedBy }
  }
}
"""
URGINGS = """
query Urgings($acknowledged: Boolean) {
  urgings(acknowledged: $acknowledged) {
    totalCount nodes { id trigger channel urgedOn commitment { id } }
  }
}
"""
COUNTS = """
query Counts($unitId: ID!) {
  unit(id: $unitId) {
    accountability(period: "2018") {
      commitments { total extended }
      urgings { total manual automatic acknowledged unacknowledged }
    }
  }
}
"""


async def test_urging_acknowledgement_and_accountability(office: Office) -> None:
    commitment = await office.pledge("2018-03-30")
    closed = await office.pledge()
    await office.evidence(closed)
    done = (await office.apply(closed, "2018-05-02"))["application"]["id"]
    await office.decide(done, "ACCEPTED", "2018-05-03")
    values = {
        "commitmentId": commitment,
        "urgedOn": "2018-03-20",
        "channel": "PHONE",
        "text": "请按期办结",
    }
    head = await office.office.data(HEAD)
    for bad, code, field in (
        ({"commitmentId": closed}, "INVALID_TRANSITION", "commitmentId"),
        ({"channel": "AUTOMATIC"}, "BAD_USER_INPUT", "channel"),
        ({"urgedOn": "2030-01-01"}, "BAD_USER_INPUT", "urgedOn"),
        ({"urgedOn": "2018-01-02"}, "BAD_USER_INPUT", "urgedOn"),
    ):
        error = await office.office.error(URGE, {"input": values | bad})
        assert error["extensions"] == {"code": code, "field": field}, bad
    refused = await office.leader.error(URGE, {"input": values})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert await office.office.data(HEAD) == head
    urged = (await office.office.data(URGE, {"input": values}))["urgingRecord"]["urging"]
    assert urged | {"id": None} == {
        "id": None,
        "channel": "PHONE",
        "trigger": "MANUAL",
        "unit": {"name": "凉州区人民政府"},
        "acknowledgedOn": None,
    }
    # Another unit cannot even see it; the urged unit acknowledges it once.
    unseen = await office.other.error(ACK, {"id": urged["id"], "on": "2018-03-21"})
    assert unseen["extensions"] == {"code": "NOT_FOUND", "field": "id"}
    early = await office.leader.error(ACK, {"id": urged["id"], "on": "2018-03-19"})
    assert early["extensions"] == {"code": "BAD_USER_INPUT", "field": "acknowledgedOn"}
    signed = await office.leader.data(ACK, {"id": urged["id"], "on": "2018-03-21"})
    assert signed["urgingAcknowledge"]["urging"]["acknowledgedOn"] == "2018-03-21"
    twice = await office.leader.error(ACK, {"id": urged["id"], "on": "2018-03-22"})
    assert twice["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}

    # The overdue sweep urges automatically, once; an extension counts as extended.
    await office.office.data(MARK, {"on": "2018-04-03"})
    await office.office.data(MARK, {"on": "2018-04-04"})
    pending = (await office.leader.data(URGINGS, {"acknowledged": False}))["urgings"]
    automatic = [n for n in pending["nodes"] if n["commitment"]["id"] == commitment]
    assert [(n["trigger"], n["channel"], n["urgedOn"]) for n in automatic] == [
        ("OVERDUE", "AUTOMATIC", "2018-04-03")
    ]
    extend = {
        "id": commitment,
        "appliedOn": "2018-04-04",
        "newDueOn": "2018-06-29",
        "reason": "资金",
    }
    asked = await office.leader.data(EXTEND, {"input": extend})
    back = await office.decide(
        asked["commitmentExtensionApply"]["application"]["id"], "ACCEPTED", "2018-04-08"
    )
    assert back["commitment"]["status"] == "PLEDGED"  # overdue no more: the date moved
    assert (await office.other.data(URGINGS))["urgings"]["totalCount"] == 0
    counts = (await office.office.data(COUNTS, {"unitId": office.county}))["unit"]["accountability"]
    assert counts["commitments"]["extended"] == 1
    assert counts["urgings"] == {
        "total": 2,
        "manual": 1,
        "automatic": 1,
        "acknowledged": 1,
        "unacknowledged": 1,
    }


WARNINGS = """
query Warnings($asOf: Date!, $levels: [WarningLevel!], $unitId: ID) {
  commitmentWarnings(asOf: $asOf, levels: $levels, unitId: $unitId) {
    totalCount
    nodes { level reasons fallsDueOn workingDaysLeft commitment { id } }
  }
}
"""
REPORT = """
mutation Report($id: ID!, $period: String!, $on: Date!) {
  progressReportSubmit(input: {commitmentId: $id, period: $period, text: "推进中",
                               percentComplete: 60, reportedOn: $on}) { progressReport { id } }
}
"""


async def test_red_yellow_and_green_cards(office: Office) -> None:
    yellow = await office.pledge("2018-03-30")
    green = await office.pledge("2018-03-30")
    await office.leader.data(REPORT, {"id": green, "period": "2018年3月", "on": "2018-03-20"})
    red_overdue = await office.pledge("2018-02-28")
    red_urged = await office.pledge("2018-12-28")
    for day in ("2018-03-10", "2018-03-20"):
        values = {
            "commitmentId": red_urged,
            "urgedOn": day,
            "channel": "DOCUMENT",
            "text": "请反馈",
        }
        await office.office.data(URGE, {"input": values})
    variables = {"asOf": "2018-03-26", "unitId": office.county}
    cards = (await office.office.data(WARNINGS, variables))["commitmentWarnings"]["nodes"]
    levels = {card["commitment"]["id"]: card["level"] for card in cards}
    assert [levels[c] for c in (red_overdue, red_urged, yellow, green)] == [
        "RED",
        "RED",
        "YELLOW",
        "GREEN",
    ]
    assert [card["level"] for card in cards] == sorted(
        (card["level"] for card in cards), key=["RED", "YELLOW", "GREEN"].index
    )
    card = next(card for card in cards if card["commitment"]["id"] == yellow)
    assert (card["fallsDueOn"], card["workingDaysLeft"]) == ("2018-03-30", 4)
    reds = await office.office.data(WARNINGS, variables | {"levels": ["RED"]})
    assert [n["commitment"]["id"] for n in reds["commitmentWarnings"]["nodes"]] == [
        red_overdue,
        red_urged,
    ]
    # Feedback after the urgings turns the urged card green again; another unit sees none.
    await office.leader.data(REPORT, {"id": red_urged, "period": "2018-Q1", "on": "2018-03-23"})
    again = (await office.office.data(WARNINGS, variables))["commitmentWarnings"]["nodes"]
    assert {n["commitment"]["id"]: n["level"] for n in again}[red_urged] == "GREEN"
    assert (await office.other.data(WARNINGS, {"asOf": "2018-03-26"}))["commitmentWarnings"][
        "totalCount"
    ] == 0


RANKING = """
query Ranking($by: RankBy!, $planId: ID) {
  unitRanking(period: "2018", by: $by, planId: $planId) {
    totalCount
    nodes { rank unit { name } total onTime overdue extended urged onTimeRate completionRate
            evidenceAccepted averageScore }
  }
  progress(planId: $planId, asOf: "2018-12-31") { total fulfilled overdue completionRate }
}
"""
PLAN = "query { plans(first: 1) { nodes { id } } }"


async def test_ranking_and_progress(office: Office) -> None:
    kept = await office.pledge("2018-06-29")
    await office.evidence(kept)
    done = (await office.apply(kept, "2018-05-02"))["application"]["id"]
    await office.decide(done, "ACCEPTED", "2018-05-03")
    await office.pledge("2018-03-30")  # never kept: overdue at the year's end
    gulang = (await office.office.data('{ u: unitByName(name: "古浪县政府") { id } }'))["u"]["id"]
    values = {
        "assignmentId": office.counties,
        "unitId": gulang,
        "content": "古浪县台账",
        "target": "上线",
        "pledgedOn": "2018-01-08",
        "dueOn": "2018-06-29",
    }
    theirs = (await office.other.data(PLEDGE, {"input": values}))["commitmentPledge"]["commitment"][
        "id"
    ]
    await office.other.data(EVIDENCE, {"id": theirs, "on": "2018-05-02"})
    applied = await office.other.data(
        APPLY, {"input": {"id": theirs, "fulfilledOn": "2018-05-02", "appliedOn": "2018-05-02"}}
    )
    await office.decide(
        applied["commitmentCloseApply"]["application"]["id"], "ACCEPTED", "2018-05-04"
    )
    await office.office.data(MARK, {"on": "2018-12-31"})
    plan = (await office.office.data(PLAN))["plans"]["nodes"][0]["id"]
    by_rate = await office.office.data(RANKING, {"by": "ON_TIME_RATE", "planId": plan})
    rows = [
        (n["rank"], n["unit"]["name"], n["onTimeRate"]) for n in by_rate["unitRanking"]["nodes"]
    ]
    assert rows == [(1, "古浪县人民政府", 1.0), (2, "凉州区人民政府", 0.5)]
    assert by_rate["progress"] == {
        "total": 3,
        "fulfilled": 2,
        "overdue": 1,
        "completionRate": 0.6667,
    }
    by_overdue = await office.office.data(RANKING, {"by": "OVERDUE"})
    first = by_overdue["unitRanking"]["nodes"][0]
    assert (first["unit"]["name"], first["overdue"], first["urged"]) == ("凉州区人民政府", 1, 1)
    own = (await office.leader.data(RANKING, {"by": "OVERDUE"}))["unitRanking"]
    assert [n["unit"]["name"] for n in own["nodes"]] == ["凉州区人民政府"]


def test_the_graphiql_tab_of_the_walkthrough_is_valid() -> None:
    from graphql import parse, validate

    from resolvers.root import graphql_schema
    from server.graphiql import EXAMPLES, SUPERVISION_CYCLE

    assert {"query": SUPERVISION_CYCLE} in EXAMPLES
    assert validate(graphql_schema._schema, parse(SUPERVISION_CYCLE)) == []


LIST_PAGES = {
    "commitmentWarnings": """
query($n: Int!) {
  commitmentWarnings(asOf: "2018-06-20", first: $n) {
    nodes { level commitment { content unit { name } } }
  }
}
""",
    "commitmentApplications": """
query($n: Int!) {
  commitmentApplications(first: $n) { nodes { kind commitment { content unit { name } } } }
}
""",
    "urgings": """
query($n: Int!) { urgings(first: $n) { nodes { text unit { name } commitment { content } } } }
""",
    "unitRanking": """
query($n: Int!) {
  unitRanking(period: "2018", by: URGED, first: $n) { nodes { rank unit { name } } }
}
""",
}


async def test_the_new_lists_cost_the_same_for_2_and_12(
    office: Office, sql_statements: StatementCounter
) -> None:
    for n in range(12):
        commitment = await office.pledge("2018-06-29")
        values = {
            "id": commitment,
            "appliedOn": "2018-05-02",
            "newDueOn": "2018-09-28",
            "reason": "x",
        }
        await office.leader.data(EXTEND, {"input": values})
        urge = {
            "commitmentId": commitment,
            "urgedOn": "2018-05-03",
            "channel": "SMS",
            "text": f"催{n}",
        }
        await office.office.data(URGE, {"input": urge})
    for field, document in LIST_PAGES.items():
        counts = []
        for size in (2, 12):
            runs = []
            for _ in range(2):  # the fewer of two runs: a background job's statement is noise
                sql_statements.statements.clear()
                data = await office.office.data(document, {"n": size})
                assert len(data[field]["nodes"]) == (1 if field == "unitRanking" else size)
                runs.append(len(sql_statements.statements))
            counts.append(min(runs))
        assert counts[0] == counts[1], (field, counts)
