"""Defects an acceptance probe found in the supervision cycle, each driven over HTTP as the
probe did: units never close their own work, whatever roles their account holds."""

from __future__ import annotations

import io

import openpyxl
import pytest

from resolvers.actor import Role
from tests.api import test_supervision as cycle
from tests.api import test_supervision_item_closing as closing
from tests.conftest import BearerToken, GraphQLClient

ACCEPT_EVIDENCE = """
mutation Review($id: ID!, $on: Date!) {
  evidenceReview(input: {id: $id, decision: ACCEPTED, reviewedOn: $on}) {
    evidence { status reviewedBy }
  }
}
"""


@pytest.fixture
async def office(seeded: GraphQLClient) -> cycle.Office:
    return await cycle.Office(seeded).load()


@pytest.fixture
async def scene(seeded: GraphQLClient) -> closing.Scene:
    return await closing.Scene(seeded).load()


async def test_a_combined_account_never_signs_off_its_own_units_work(office: cycle.Office) -> None:
    both = await office.office.as_roles(
        Role.SUPERVISION_OFFICE, Role.UNIT_LEADER, unit="凉州区政府"
    )
    desk = await office.office.as_roles(Role.SUPERVISION_OFFICE, unit="凉州区政府")
    other_desk = await office.office.as_roles(Role.SUPERVISION_OFFICE, unit="古浪县政府")
    office.leader = both  # the combined account pledges, shows evidence and applies itself
    commitment = await office.pledge()
    evidence = await office.evidence(commitment, "2018-05-02")
    for decider in (both, desk):
        refused = await decider.error(ACCEPT_EVIDENCE, {"id": evidence, "on": "2018-05-03"})
        assert refused["extensions"]["code"] == "FORBIDDEN"
        assert "own work" in refused["message"]
    applied = await office.apply(commitment, "2018-05-04")
    application = applied["application"]["id"]
    head = await office.office.data(cycle.HEAD)
    decide = {"id": application, "decision": "ACCEPTED", "decidedOn": "2018-05-07"}
    for decider in (both, desk):
        refused = await decider.error(cycle.DECIDE, {"input": decide})
        assert refused["extensions"]["code"] == "FORBIDDEN", decider
        assert "own work" in refused["message"]
    assert await office.office.data(cycle.HEAD) == head
    # Another unit's office account, or one of no unit, decides.
    reviewed = await other_desk.data(ACCEPT_EVIDENCE, {"id": evidence, "on": "2018-05-03"})
    assert reviewed["evidenceReview"]["evidence"]["status"] == "ACCEPTED"
    closed = (await office.office.data(cycle.DECIDE, {"input": decide}))[
        "commitmentApplicationDecide"
    ]
    assert closed["commitment"]["status"] == "FULFILLED"
    correct = {"id": commitment, "reason": "日期有误", "closedOn": "2018-05-03"}
    refused = await desk.error(cycle.CORRECT, {"input": correct})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    fixed = await other_desk.data(cycle.CORRECT, {"input": correct})
    assert fixed["commitmentCorrect"]["commitment"]["closedOn"] == "2018-05-03"


async def test_the_applicant_never_decides_even_for_another_unit(office: cycle.Office) -> None:
    """An office account that also holds a unit role applies and may not decide its own
    application (here: a withdrawal) even though it decides other units' work."""
    both = await office.office.as_roles(
        Role.SUPERVISION_OFFICE, Role.UNIT_LEADER, unit="凉州区政府"
    )
    office.leader = both
    commitment = await office.pledge(public=True)
    values = {"id": commitment, "on": "2018-06-28", "reason": "任务调整"}
    applied = await both.data(cycle.WITHDRAW_APPLY, {"input": values})
    application = applied["commitmentWithdrawApply"]["application"]["id"]
    decide = {"id": application, "decision": "ACCEPTED", "decidedOn": "2018-06-29"}
    refused = await both.error(cycle.DECIDE, {"input": decide})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    done = await office.office.data(cycle.DECIDE, {"input": decide})
    assert done["commitmentApplicationDecide"]["commitment"]["status"] == "WITHDRAWN"


async def test_an_item_is_never_decided_or_corrected_by_its_handling_units(
    scene: closing.Scene,
) -> None:
    item = await scene.item()
    lead_desk = await scene.office.as_roles(Role.SUPERVISION_OFFICE, unit=scene.liangzhou)
    co_desk = await scene.office.as_roles(Role.SUPERVISION_OFFICE, unit=scene.gulang)
    applied = await scene.lead.data(closing.CLOSE_APPLY, scene.close(item))
    application = applied["supervisionItemCloseApply"]["application"]["id"]
    decision = scene.decide(application, "ACCEPTED", "2018-03-22")
    for desk in (lead_desk, co_desk):
        refused = await desk.error(closing.DECIDE, decision)
        assert refused["extensions"]["code"] == "FORBIDDEN"
        assert "own work" in refused["message"]
    closed = await scene.office.data(closing.DECIDE, decision)
    assert closed["supervisionItemApplicationDecide"]["item"]["status"] == "CLOSED"
    correct = {"input": {"id": item, "reason": "日期有误", "closedOn": "2018-03-19"}}
    refused = await lead_desk.error(closing.CORRECT, correct)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    fixed = await scene.office.data(closing.CORRECT, correct)
    assert fixed["supervisionItemCorrect"]["item"]["closedOn"] == "2018-03-19"


async def test_an_extension_never_asks_for_a_day_already_past(
    office: cycle.Office, scene: closing.Scene
) -> None:
    commitment = await office.pledge("2018-03-30")
    head = await office.office.data(cycle.HEAD)
    values = {"id": commitment, "appliedOn": "2018-06-01", "reason": "资金未到位"}
    for past in ("2016-03-01", "2018-05-31"):  # before the due date; after it, before the day
        bad = await office.leader.error(cycle.EXTEND, {"input": values | {"newDueOn": past}})
        assert bad["extensions"] == {"code": "BAD_USER_INPUT", "field": "newDueOn"}, past
    assert await office.office.data(cycle.HEAD) == head
    applied = await office.leader.data(cycle.EXTEND, {"input": values | {"newDueOn": "2018-06-01"}})
    assert applied["commitmentExtensionApply"]["application"]["requestedDueOn"] == "2018-06-01"

    item = await scene.item()  # due 2018-03-30
    for past in ("2016-03-01", "2018-04-09"):
        bad = await scene.lead.error(
            closing.EXTENSION_APPLY, scene.extend(item, appliedOn="2018-04-10", newDueOn=past)
        )
        assert bad["extensions"] == {"code": "BAD_USER_INPUT", "field": "newDueOn"}, past
    applied = await scene.lead.data(
        closing.EXTENSION_APPLY, scene.extend(item, appliedOn="2018-04-10", newDueOn="2018-04-27")
    )
    assert applied["supervisionItemExtensionApply"]["item"]["pendingApplication"] == "EXTENSION"


SWEEP = """
mutation Sweep($on: Date!) { commitmentsMarkOverdue(input: {asOf: $on}) { commitments { id } } }
"""
STATE = """
query State($id: ID!) {
  node(id: $id) { ... on Commitment { status overdueSince fulfilledLate closedOn } }
}
"""


async def test_kept_on_time_while_the_office_decided_clears_the_overdue_mark(
    office: cycle.Office,
) -> None:
    commitment = await office.pledge("2018-02-28")
    await office.evidence(commitment, "2018-02-27")
    application = (await office.apply(commitment, "2018-02-27"))["application"]["id"]
    swept = await office.office.data(SWEEP, {"on": "2018-03-01"})
    assert {"id": commitment} in swept["commitmentsMarkOverdue"]["commitments"]
    marked = (await office.office.data(STATE, {"id": commitment}))["node"]
    assert (marked["status"], marked["overdueSince"]) == ("OVERDUE", "2018-03-01")
    await office.decide(application, "ACCEPTED", "2018-03-01")
    assert (await office.office.data(STATE, {"id": commitment}))["node"] == {
        "status": "FULFILLED",
        "overdueSince": None,
        "fulfilledLate": False,
        "closedOn": "2018-02-27",
    }
    history = (await office.office.data(cycle.HISTORY, {"id": commitment}))["journal"]["nodes"]
    assert history[-1]["action"] == "commitment.fulfill"
    assert "2018-03-01" in str(history[-1]["before"])
    assert "2018-03-01" not in str(history[-1]["after"])

    # Kept late: the mark stays.
    late = await office.pledge("2018-02-28")
    await office.evidence(late, "2018-03-01")
    application = (await office.apply(late, "2018-03-01"))["application"]["id"]
    await office.office.data(SWEEP, {"on": "2018-03-01"})
    await office.decide(application, "ACCEPTED", "2018-03-01")
    kept_late = (await office.office.data(STATE, {"id": late}))["node"]
    assert (kept_late["overdueSince"], kept_late["fulfilledLate"]) == ("2018-03-01", True)


async def test_the_red_card_says_the_overdue_day_the_commitment_and_bulletin_say(
    office: cycle.Office,
) -> None:
    commitment = await office.pledge("2018-02-11")  # a Sunday worked for the Spring Festival
    await office.office.data(SWEEP, {"on": "2018-02-13"})
    since = (await office.office.data(STATE, {"id": commitment}))["node"]["overdueSince"]
    assert since == "2018-02-12"
    cards = await office.office.data(cycle.WARNINGS, {"asOf": "2018-02-13", "levels": ["RED"]})
    [card] = [
        n for n in cards["commitmentWarnings"]["nodes"] if n["commitment"]["id"] == commitment
    ]
    assert card["fallsDueOn"] == "2018-02-11"
    assert card["reasons"][0].startswith(f"逾期 — overdue since {since} ")


RANKING = """
query Ranking($asOf: Date, $descending: Boolean! = true) {
  unitRanking(period: "2018", asOf: $asOf, descending: $descending) {
    nodes { rank unit { name } total onTime late overdue extended urged onTimeRate
            completionRate }
  }
}
"""


async def pledge_for_gulang(office: cycle.Office, due_on: str) -> str:
    gulang = (await office.office.data('{ u: unitByName(name: "古浪县政府") { id } }'))["u"]["id"]
    values = {
        "assignmentId": office.counties,
        "unitId": gulang,
        "content": "古浪县台账",
        "target": "上线",
        "pledgedOn": "2018-01-08",
        "dueOn": due_on,
    }
    made = await office.other.data(cycle.PLEDGE, {"input": values})
    return str(made["commitmentPledge"]["commitment"]["id"])


async def test_a_unit_with_nothing_fallen_due_has_no_rate_and_ranks_last(
    office: cycle.Office,
) -> None:
    kept = await office.pledge("2018-06-29")
    await office.evidence(kept)
    application = (await office.apply(kept, "2018-05-02"))["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-05-03")
    await pledge_for_gulang(office, "2018-12-28")
    for descending in (True, False):
        found = await office.office.data(RANKING, {"asOf": "2018-07-02", "descending": descending})
        rows = [
            (n["rank"], n["unit"]["name"], n["onTimeRate"], n["completionRate"], n["overdue"])
            for n in found["unitRanking"]["nodes"]
        ]
        assert rows == [
            (1, "凉州区人民政府", 1.0, 1.0, 0),
            (2, "古浪县人民政府", None, None, 0),
        ], descending
    sheet = await office.office.http.get(
        "/exports/bulletin.xlsx",
        params={"period": "2018", "asOf": "2018-07-02"},
        auth=cycle_auth(office.office),
    )
    assert sheet.status_code == 200, sheet.text
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    rates = [(r[1], r[8]) for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert rates == [("凉州区人民政府", "100.00%"), ("古浪县人民政府", "—")]


def cycle_auth(client: GraphQLClient) -> BearerToken:
    return BearerToken(str(client.token))


async def test_the_bulletin_ranking_counts_as_its_as_of_day_knew_it(office: cycle.Office) -> None:
    kept = await office.pledge("2018-02-28")
    await office.evidence(kept, "2018-02-27")
    application = (await office.apply(kept, "2018-02-27"))["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-02-28")
    await pledge_for_gulang(office, "2018-02-09")  # never kept
    await pledge_for_gulang(office, "2018-02-28")  # never kept, not yet due on 02-15
    for as_of, expected in (
        (
            "2018-02-15",
            [
                (1, "古浪县人民政府", 2, 0, 0, 1, 0.0),
                (2, "凉州区人民政府", 1, 0, 0, 0, None),
            ],
        ),
        (
            "2018-03-01",
            [
                (1, "凉州区人民政府", 1, 1, 0, 0, 1.0),
                (2, "古浪县人民政府", 2, 0, 0, 2, 0.0),
            ],
        ),
    ):
        found = await office.office.data(RANKING, {"asOf": as_of})
        nodes = found["unitRanking"]["nodes"]
        api = [
            (n["rank"], n["unit"]["name"], n["total"], n["onTime"], n["late"], n["overdue"])
            for n in nodes
        ]
        assert [a + (n["onTimeRate"],) for a, n in zip(api, nodes, strict=True)] == expected
        sheet = await office.office.http.get(
            "/exports/bulletin.xlsx",
            params={"period": "2018", "asOf": as_of},
            auth=cycle_auth(office.office),
        )
        assert sheet.status_code == 200, sheet.text
        book = openpyxl.load_workbook(io.BytesIO(sheet.content))
        ranking = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
        assert [tuple(r[:4]) + (r[4], r[5]) for r in ranking] == api, as_of
        overdue = list(book.worksheets[3].iter_rows(min_row=2, values_only=True))
        assert sum(r[5] for r in ranking) == len(overdue), as_of


PROGRESS = """
mutation Report($id: ID!, $period: String!, $on: Date!) {
  progressReportSubmit(input: {commitmentId: $id, period: $period, text: "推进中",
                               percentComplete: 60, reportedOn: $on}) {
    progressReport { period }
  }
}
"""


async def test_feedback_is_for_a_begun_period_inside_the_works_span(
    office: cycle.Office, scene: closing.Scene
) -> None:
    item = await scene.item()  # handed off 2018-01-05, due 2018-03-30, monthly
    head = await scene.office.data(closing.HEAD)
    for period, on in (
        ("2018年12月", "2018-02-20"),  # not begun on the day reported
        ("2018年3月", "2018-02-20"),
        ("2017年12月", "2018-01-10"),  # wholly before the hand-off
        ("2018年4月", "2018-04-10"),  # wholly after the due date
    ):
        values = {"itemId": item, "period": period, "text": "x", "percentComplete": 10}
        refused = await scene.lead.error(closing.FEEDBACK, {"input": values | {"reportedOn": on}})
        assert refused["extensions"] == {"code": "BAD_USER_INPUT", "field": "period"}, period
    assert await scene.office.data(closing.HEAD) == head
    values = {"itemId": item, "period": "2018年2月", "text": "x", "percentComplete": 10}
    done = await scene.lead.data(closing.FEEDBACK, {"input": values | {"reportedOn": "2018-02-20"}})
    assert done["supervisionFeedbackSubmit"]["feedback"]["period"] == "2018-02"

    commitment = await office.pledge("2018-06-29")  # pledged 2018-01-08
    for period, on in (
        ("2019年1月", "2018-02-20"),
        ("2018-Q2", "2018-03-30"),
        ("2017年12月", "2018-01-10"),
        ("2018年7月", "2018-07-10"),
    ):
        refused = await office.leader.error(
            PROGRESS, {"id": commitment, "period": period, "on": on}
        )
        assert refused["extensions"] == {"code": "BAD_USER_INPUT", "field": "period"}, period
    done = await office.leader.data(
        PROGRESS, {"id": commitment, "period": "2018-Q1", "on": "2018-02-20"}
    )
    assert done["progressReportSubmit"]["progressReport"]["period"] == "2018-Q1"


BULK = """
mutation Bulk($input: SupervisionItemsOpenForPlanInput!) {
  supervisionItemsOpenForPlan(input: $input) {
    items { id task { id } units { role unit { name } } }
  }
}
"""
FIND = """
query {
  plans(first: 1) { nodes { id } }
  tasks(filter: {search: "建立专项督导机制"}, first: 1) { nodes { id } }
  counties: unitByName(name: "各县区政府") { id }
}
"""
READ_ITEM = "query Read($id: ID!) { node(id: $id) { ... on SupervisionItem { id title } } }"


async def test_a_hand_off_to_a_collective_is_worked_by_its_member_units(
    scene: closing.Scene,
) -> None:
    found = await scene.office.data(FIND)
    plan, task = found["plans"]["nodes"][0]["id"], found["tasks"]["nodes"][0]["id"]
    values = {
        "planId": plan,
        "openedOn": "2018-01-05",
        "dueOn": "2018-12-28",
        "rhythm": "QUARTERLY",
        "feedbackDay": 25,
    }
    opened = (await scene.office.data(BULK, {"input": values}))["supervisionItemsOpenForPlan"]
    [item] = [i for i in opened["items"] if i["task"]["id"] == task]
    units = {(u["unit"]["name"], u["role"]) for u in item["units"]}
    assert ("市政府督查室", "LEAD") in {(n.removeprefix("武威市"), r) for n, r in units}
    assert {("凉州区人民政府", "CO_RESPONSIBLE"), ("古浪县人民政府", "CO_RESPONSIBLE")} <= units
    assert "各县区政府" not in {n for n, _ in units}
    for member in (scene.lead, scene.co):
        read = await member.data(READ_ITEM, {"id": item["id"]})
        assert read["node"]["id"] == item["id"]
        feedback = {
            "itemId": item["id"],
            "period": "2018-Q1",
            "text": "推进中",
            "percentComplete": 30,
            "reportedOn": "2018-03-26",
        }
        done = await member.data(closing.FEEDBACK, {"input": feedback})
        assert done["supervisionFeedbackSubmit"]["feedback"]["period"] == "2018-Q1"
    assert (await scene.outsider.data(READ_ITEM, {"id": item["id"]}))["node"] is None

    # A collective as the lead: each member applies for its part of the work.
    made = await scene.office.data(
        closing.OPEN,
        {
            "input": {
                "title": "县区政务失信专项治理",
                "instructionSource": "市长批示",
                "instructionOn": "2018-01-03",
                "openedOn": "2018-01-05",
                "dueOn": "2018-03-30",
                "rhythm": "MONTHLY",
                "feedbackDay": 25,
                "units": [{"unitId": found["counties"]["id"], "role": "LEAD"}],
            }
        },
    )
    collective_item = made["supervisionItemOpen"]["item"]["id"]
    applied = await scene.lead.data(closing.CLOSE_APPLY, scene.close(collective_item))
    application = applied["supervisionItemCloseApply"]["application"]
    assert application["unit"]["name"] == "凉州区人民政府"


LEADS = """
query Leads($taskId: ID!) {
  responsibilityChain(taskId: $taskId) { lead { assignment { id } unit { id name } } }
}
"""


async def test_the_office_unit_does_not_sign_off_its_own_task(office: cycle.Office) -> None:
    """市政府督查室 leads plan tasks too: an office account attached to it does not decide its
    commitments; an office account of no unit does."""
    found = await office.office.data(cycle.SETUP)
    task = found["tasks"]["nodes"][0]["id"]
    chain = (await office.office.data(LEADS, {"taskId": task}))["responsibilityChain"]
    [lead] = [link for link in chain["lead"] if "督查室" in link["unit"]["name"]]
    unit = lead["unit"]["id"]
    leader = await office.office.as_unit(unit, Role.UNIT_LEADER)
    desk = await office.office.as_roles(Role.SUPERVISION_OFFICE, unit=unit)
    values = {
        "assignmentId": lead["assignment"]["id"],
        "content": "建立专项督导机制",
        "target": "督导制度印发",
        "pledgedOn": "2018-01-08",
        "dueOn": "2018-06-29",
    }
    made = await leader.data(cycle.PLEDGE, {"input": values})
    commitment = made["commitmentPledge"]["commitment"]["id"]
    await leader.data(cycle.EVIDENCE, {"id": commitment, "on": "2018-05-02"})
    close = {"id": commitment, "fulfilledOn": "2018-05-02", "appliedOn": "2018-05-02"}
    applied = await leader.data(cycle.APPLY, {"input": close})
    application = applied["commitmentCloseApply"]["application"]["id"]
    decide = {"id": application, "decision": "ACCEPTED", "decidedOn": "2018-05-03"}
    refused = await desk.error(cycle.DECIDE, {"input": decide})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert "own work" in refused["message"]
    done = await office.office.data(cycle.DECIDE, {"input": decide})
    assert done["commitmentApplicationDecide"]["commitment"]["status"] == "FULFILLED"


async def test_an_extension_counts_from_the_day_it_was_approved(office: cycle.Office) -> None:
    commitment = await office.pledge("2018-03-30")
    values = {
        "id": commitment,
        "appliedOn": "2018-03-20",
        "newDueOn": "2018-06-29",
        "reason": "资金未到位",
    }
    applied = await office.leader.data(cycle.EXTEND, {"input": values})
    application = applied["commitmentExtensionApply"]["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-03-22")
    for as_of, extended in (("2018-03-21", 0), ("2018-03-22", 1)):
        found = await office.office.data(RANKING, {"asOf": as_of})
        [row] = found["unitRanking"]["nodes"]
        assert (row["unit"]["name"], row["extended"]) == ("凉州区人民政府", extended), as_of


async def test_a_bulletin_as_of_a_day_out_of_range_names_the_field(office: cycle.Office) -> None:
    for as_of in ("9999-12-31", "2018-02-30"):
        refused = await office.office.http.get(
            "/exports/bulletin.xlsx",
            params={"period": "2018", "asOf": as_of},
            auth=cycle_auth(office.office),
        )
        assert refused.status_code == 400, refused.text
        error = refused.json()["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "asOf"}, error


async def test_warnings_as_of_a_day_list_what_was_open_on_it(office: cycle.Office) -> None:
    """A commitment signed off later was open (and red) on an earlier day: the warning list as
    of that day shows it, as the overdue list does; as of the sign-off it is gone."""
    commitment = await office.pledge("2018-03-30")
    await office.evidence(commitment, "2018-04-10")
    application = (await office.apply(commitment, "2018-04-10"))["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-04-12")
    overdue = """query($on: Date!) { overdueCommitments(asOf: $on) { nodes { id } } }"""
    for as_of, listed in (("2018-04-03", True), ("2018-04-12", False)):
        cards = await office.office.data(cycle.WARNINGS, {"asOf": as_of})
        levels = [
            n["level"]
            for n in cards["commitmentWarnings"]["nodes"]
            if n["commitment"]["id"] == commitment
        ]
        assert levels == (["RED"] if listed else []), as_of
        late = await office.office.data(overdue, {"on": as_of})
        assert (commitment in [n["id"] for n in late["overdueCommitments"]["nodes"]]) == listed


async def test_an_extension_approved_later_does_not_erase_the_overdue_past(
    office: cycle.Office,
) -> None:
    """Due 03-30, overdue from 03-31, extended to 06-29 by a decision of 04-10: as of 04-04 it
    was overdue and red (yellow as of 03-27, due within the week); from 04-10 it is neither."""
    commitment = await office.pledge("2018-03-30")
    values = {"id": commitment, "appliedOn": "2018-04-02", "newDueOn": "2018-06-29"}
    applied = await office.leader.data(cycle.EXTEND, {"input": values | {"reason": "资金未到位"}})
    application = applied["commitmentExtensionApply"]["application"]["id"]
    await office.decide(application, "ACCEPTED", "2018-04-10")
    lists = """query($on: Date!) { overdueCommitments(asOf: $on) { nodes { id } } }"""
    for as_of, overdue, level in (
        ("2018-03-27", False, "YELLOW"),
        ("2018-04-04", True, "RED"),
        ("2018-04-10", False, "GREEN"),
    ):
        found = await office.office.data(lists, {"on": as_of})
        ids = [n["id"] for n in found["overdueCommitments"]["nodes"]]
        assert (commitment in ids) == overdue, as_of
        cards = await office.office.data(cycle.WARNINGS, {"asOf": as_of})
        [card] = [
            n for n in cards["commitmentWarnings"]["nodes"] if n["commitment"]["id"] == commitment
        ]
        assert card["level"] == level, (as_of, card)
        if level == "RED":
            assert card["fallsDueOn"] == "2018-03-30"
            assert card["reasons"][0].startswith("逾期 — overdue since 2018-03-31 "), card
