"""Supervision items close and extend like commitments (issue 13): the lead handling unit (主办)
applies to close with its completion report or for a later due date, only the office's decision
closes the item or moves the due date (the original kept), and a closed item is corrected by the
office with a reason, keeping the old values. Bad input writes nothing; two deciders at once: one
wins."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from models import JournalEntry, SupervisionItem
from resolvers.actor import Role
from resolvers.global_ids import from_global_id, to_global_id
from tests.conftest import GraphQLClient, StatementCounter

SETUP = """
query {
  liangzhou: unitByName(name: "凉州区政府") { id }
  gulang: unitByName(name: "古浪县政府") { id }
}
"""
OPEN = """
mutation Open($input: SupervisionItemOpenInput!) {
  supervisionItemOpen(input: $input) { item { id dueOn version } }
}
"""
ITEM = """
fragment Fields on SupervisionItem {
  status dueOn originalDueOn pendingApplication closedOn closedLate closingSummary version
}
"""
CLOSE_APPLY = (
    ITEM
    + """
mutation CloseApply($input: SupervisionItemCloseApplyInput!) {
  supervisionItemCloseApply(input: $input) {
    application { id kind status reason completedOn evidenceUrl unit { name } }
    item { ...Fields }
  }
}
"""
)
EXTENSION_APPLY = (
    ITEM
    + """
mutation ExtensionApply($input: SupervisionItemExtensionApplyInput!) {
  supervisionItemExtensionApply(input: $input) {
    application { id kind status requestedDueOn previousDueOn }
    item { ...Fields }
  }
}
"""
)
DECIDE = (
    ITEM
    + """
mutation Decide($input: SupervisionItemApplicationDecideInput!) {
  supervisionItemApplicationDecide(input: $input) {
    application { status decidedOn decidedBy decisionReason }
    item { ...Fields }
  }
}
"""
)
CORRECT = (
    ITEM
    + """
mutation Correct($input: SupervisionItemCorrectInput!) {
  supervisionItemCorrect(input: $input) {
    correction { correctedOn reason values { field oldValue newValue } }
    item { ...Fields }
  }
}
"""
)
READ = (
    ITEM
    + """
query Read($id: ID!) {
  node(id: $id) {
    ... on SupervisionItem {
      ...Fields
      applications { kind status }
      corrections { reason correctedBy values { field oldValue newValue } }
    }
  }
}
"""
)
FEEDBACK = """
mutation Feedback($input: SupervisionFeedbackSubmitInput!) {
  supervisionFeedbackSubmit(input: $input) { feedback { period } }
}
"""
HEAD = "query { journalHead { seq hash } }"


class Scene:
    def __init__(self, office: GraphQLClient) -> None:
        self.office = office

    async def load(self) -> Scene:
        found = await self.office.data(SETUP)
        self.liangzhou, self.gulang = found["liangzhou"]["id"], found["gulang"]["id"]
        self.lead = await self.office.as_unit(self.liangzhou, Role.UNIT_LEADER)
        self.staff = await self.office.as_unit(self.liangzhou, Role.UNIT_STAFF)
        self.co = await self.office.as_unit(self.gulang, Role.UNIT_LEADER)
        self.outsider = await self.office.as_unit("市财政局", Role.UNIT_LEADER)
        self.auditor = await self.office.as_roles(Role.AUDITOR)
        return self

    async def item(self) -> str:
        """An instruction handed off on 2018-01-05, due 2018-03-30, 凉州 主办 and 古浪 协办."""
        made = await self.office.data(
            OPEN,
            {
                "input": {
                    "title": "落实市长关于政务失信专项治理的批示",
                    "instructionSource": "市长批示",
                    "instructionOn": "2018-01-03",
                    "openedOn": "2018-01-05",
                    "dueOn": "2018-03-30",
                    "rhythm": "MONTHLY",
                    "feedbackDay": 25,
                    "units": [
                        {"unitId": self.liangzhou, "role": "LEAD"},
                        {"unitId": self.gulang, "role": "CO_RESPONSIBLE"},
                    ],
                }
            },
        )
        item: str = made["supervisionItemOpen"]["item"]["id"]
        return item

    @staticmethod
    def close(item: str, **extra: Any) -> dict[str, Any]:
        return {
            "input": {
                "id": item,
                "completedOn": "2018-03-20",
                "appliedOn": "2018-03-21",
                "summary": "专项治理已完成，整改台账已归档",
                "evidenceUrl": "https://example.gov.cn/zxzl",
            }
            | extra
        }

    @staticmethod
    def extend(item: str, **extra: Any) -> dict[str, Any]:
        return {
            "input": {
                "id": item,
                "appliedOn": "2018-03-15",
                "newDueOn": "2018-04-27",
                "reason": "乡镇机构调整",
            }
            | extra
        }

    @staticmethod
    def decide(application: str, decision: str, on: str, **extra: Any) -> dict[str, Any]:
        return {"input": {"id": application, "decision": decision, "decidedOn": on} | extra}


@pytest.fixture
async def scene(seeded: GraphQLClient) -> Scene:
    return await Scene(seeded).load()


async def test_the_lead_unit_applies_and_only_the_office_closes_an_item(scene: Scene) -> None:
    item = await scene.item()
    head = await scene.office.data(HEAD)
    for bad, field in (
        ({"completedOn": "2030-03-20"}, "completedOn"),
        ({"completedOn": "2018-01-04"}, "completedOn"),  # before the hand-off
        ({"appliedOn": "2018-03-19"}, "appliedOn"),  # before the completion
        ({"summary": "  "}, "summary"),
        ({"evidenceUrl": "ftp://example.gov.cn/x"}, "evidenceUrl"),
    ):
        error = await scene.lead.error(CLOSE_APPLY, scene.close(item, **bad))
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, bad
    # 协办 reports, it does not apply; staff may not apply; an outsider does not see the item.
    refused = await scene.co.error(CLOSE_APPLY, scene.close(item))
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert "主办" in refused["message"]
    assert (await scene.staff.error(CLOSE_APPLY, scene.close(item)))["extensions"][
        "code"
    ] == "FORBIDDEN"
    unseen = await scene.outsider.error(CLOSE_APPLY, scene.close(item))
    assert unseen["extensions"] == {"code": "NOT_FOUND", "field": "id"}
    assert await scene.office.data(HEAD) == head

    applied = (await scene.lead.data(CLOSE_APPLY, scene.close(item)))["supervisionItemCloseApply"]
    application = applied["application"]
    assert (application["kind"], application["status"], application["unit"]["name"]) == (
        "CLOSE",
        "PENDING",
        "凉州区人民政府",
    )
    assert application["evidenceUrl"] == "https://example.gov.cn/zxzl"
    assert (applied["item"]["status"], applied["item"]["pendingApplication"]) == ("OPEN", "CLOSE")
    # One application at a time; a unit never decides.
    second = await scene.lead.error(EXTENSION_APPLY, scene.extend(item))
    assert second["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    own = await scene.lead.error(DECIDE, scene.decide(application["id"], "ACCEPTED", "2018-03-22"))
    assert own["extensions"]["code"] == "FORBIDDEN"
    head = await scene.office.data(HEAD)
    for variables, field in (
        (scene.decide(application["id"], "REJECTED", "2018-03-22"), "reason"),
        (scene.decide(application["id"], "ACCEPTED", "2018-03-20"), "decidedOn"),
        (scene.decide(application["id"], "ACCEPTED", "2030-03-22"), "decidedOn"),
    ):
        error = await scene.office.error(DECIDE, variables)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, variables
    assert await scene.office.data(HEAD) == head

    rejected = await scene.office.data(
        DECIDE, scene.decide(application["id"], "REJECTED", "2018-03-22", reason="缺整改台账")
    )
    decided = rejected["supervisionItemApplicationDecide"]
    assert decided["application"]["status"] == "REJECTED"
    assert decided["application"]["decisionReason"] == "缺整改台账"
    assert (decided["item"]["status"], decided["item"]["pendingApplication"]) == ("OPEN", None)
    again = await scene.office.error(
        DECIDE, scene.decide(application["id"], "ACCEPTED", "2018-03-23")
    )
    assert again["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}

    retry = await scene.lead.data(
        CLOSE_APPLY, scene.close(item, completedOn="2018-04-02", appliedOn="2018-04-02")
    )
    accepted = await scene.office.data(
        DECIDE,
        scene.decide(
            retry["supervisionItemCloseApply"]["application"]["id"], "ACCEPTED", "2018-04-03"
        ),
    )
    closed = accepted["supervisionItemApplicationDecide"]["item"]
    assert closed["status"] == "CLOSED"
    assert (closed["closedOn"], closed["closedLate"]) == ("2018-04-02", True)  # due 03-30
    assert closed["closingSummary"] == "专项治理已完成，整改台账已归档"
    # Closed: no more applications, no more feedback.
    late = await scene.lead.error(CLOSE_APPLY, scene.close(item))
    assert late["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    feedback = {
        "itemId": item,
        "period": "2018-04",
        "text": "x",
        "percentComplete": 100,
        "reportedOn": "2018-04-04",
    }
    refused = await scene.lead.error(FEEDBACK, {"input": feedback})
    assert refused["extensions"]["code"] == "INVALID_TRANSITION"

    pk = from_global_id(item)[1]
    actions = [
        e.action
        for e in await JournalEntry.filter(entity_type="SupervisionItem", entity_id=pk).order_by(
            "seq"
        )
    ]
    assert actions == [
        "supervision_item.open",
        "supervision_item.close_apply",
        "supervision_item.close_rejected",
        "supervision_item.close_apply",
        "supervision_item.close",
    ]


async def test_an_extension_moves_the_due_date_only_when_approved(scene: Scene) -> None:
    item = await scene.item()
    head = await scene.office.data(HEAD)
    for bad, field in (
        ({"newDueOn": "2018-03-30"}, "newDueOn"),  # not after the current due date
        ({"appliedOn": "2030-03-15"}, "appliedOn"),
        ({"appliedOn": "2018-01-04"}, "appliedOn"),
        ({"reason": ""}, "reason"),
    ):
        error = await scene.lead.error(EXTENSION_APPLY, scene.extend(item, **bad))
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, bad
    assert await scene.office.data(HEAD) == head

    applied = await scene.lead.data(EXTENSION_APPLY, scene.extend(item))
    application = applied["supervisionItemExtensionApply"]["application"]
    assert (application["requestedDueOn"], application["previousDueOn"]) == (
        "2018-04-27",
        "2018-03-30",
    )
    assert applied["supervisionItemExtensionApply"]["item"]["dueOn"] == "2018-03-30"
    approved = await scene.office.data(
        DECIDE, scene.decide(application["id"], "ACCEPTED", "2018-03-16")
    )
    moved = approved["supervisionItemApplicationDecide"]["item"]
    assert (moved["dueOn"], moved["originalDueOn"], moved["pendingApplication"]) == (
        "2018-04-27",
        "2018-03-30",
        None,
    )
    # A refused second extension leaves the due date; the original stays the first one.
    second = await scene.lead.data(
        EXTENSION_APPLY, scene.extend(item, appliedOn="2018-04-20", newDueOn="2018-05-31")
    )
    refused = await scene.office.data(
        DECIDE,
        scene.decide(
            second["supervisionItemExtensionApply"]["application"]["id"],
            "REJECTED",
            "2018-04-23",
            reason="不符合延期条件",
        ),
    )
    kept = refused["supervisionItemApplicationDecide"]["item"]
    assert (kept["dueOn"], kept["originalDueOn"]) == ("2018-04-27", "2018-03-30")
    # Done after the original due date but before the approved one: on time.
    closing = await scene.lead.data(
        CLOSE_APPLY, scene.close(item, completedOn="2018-04-25", appliedOn="2018-04-25")
    )
    done = await scene.office.data(
        DECIDE,
        scene.decide(
            closing["supervisionItemCloseApply"]["application"]["id"], "ACCEPTED", "2018-04-26"
        ),
    )
    assert done["supervisionItemApplicationDecide"]["item"]["closedLate"] is False
    read = (await scene.auditor.data(READ, {"id": item}))["node"]
    assert [(a["kind"], a["status"]) for a in read["applications"]] == [
        ("EXTENSION", "ACCEPTED"),
        ("EXTENSION", "REJECTED"),
        ("CLOSE", "ACCEPTED"),
    ]


async def test_a_correction_of_a_closed_item_keeps_the_old_values(scene: Scene) -> None:
    item = await scene.item()
    head = await scene.office.data(HEAD)
    early = await scene.office.error(CORRECT, {"input": {"id": item, "reason": "更正"}})
    assert early["extensions"] == {"code": "INVALID_TRANSITION", "field": "id"}
    assert await scene.office.data(HEAD) == head
    applied = await scene.lead.data(CLOSE_APPLY, scene.close(item))
    await scene.office.data(
        DECIDE,
        scene.decide(
            applied["supervisionItemCloseApply"]["application"]["id"], "ACCEPTED", "2018-03-22"
        ),
    )
    head = await scene.office.data(HEAD)
    for bad, field in (
        ({"reason": " "}, "reason"),
        ({"closedOn": "2030-01-01"}, "closedOn"),
        ({"closedOn": "2018-01-04"}, "closedOn"),
        ({"closedOn": "2018-03-20"}, "id"),  # changes nothing
        ({"correctedOn": "2018-03-19"}, "correctedOn"),  # before the day it closed
    ):
        variables = {"input": {"id": item, "reason": "据签收单更正", "closedOn": "2018-04-02"}}
        variables["input"] |= bad
        error = await scene.office.error(CORRECT, variables)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, bad
    unit = await scene.lead.error(
        CORRECT, {"input": {"id": item, "reason": "x", "closedOn": "2018-03-19"}}
    )
    assert unit["extensions"]["code"] == "FORBIDDEN"
    assert await scene.office.data(HEAD) == head

    corrected = await scene.office.data(
        CORRECT,
        {"input": {"id": item, "reason": "据签收单，4月2日办结", "closedOn": "2018-04-02"}},
    )
    payload = corrected["supervisionItemCorrect"]
    assert (payload["item"]["closedOn"], payload["item"]["closedLate"]) == ("2018-04-02", True)
    assert {
        v["field"]: (v["oldValue"], v["newValue"]) for v in payload["correction"]["values"]
    } == {
        "closedOn": ("2018-03-20", "2018-04-02"),
        "closedLate": ("false", "true"),
    }
    read = (await scene.auditor.data(READ, {"id": item}))["node"]
    assert [c["reason"] for c in read["corrections"]] == ["据签收单，4月2日办结"]
    entry = (
        await JournalEntry.filter(entity_type="SupervisionItem", entity_id=from_global_id(item)[1])
        .order_by("-seq")
        .first()
    )
    assert entry is not None
    assert entry.action == "supervision_item.correct"
    assert entry.before is not None
    assert entry.before["closed_on"] == "2018-03-20"


async def test_unknown_ids_are_not_found(scene: Scene) -> None:
    missing_item = to_global_id("SupervisionItem", 999999)
    missing_application = to_global_id("SupervisionItemApplication", 999999)
    for document, variables in (
        (CLOSE_APPLY, Scene.close(missing_item)),
        (EXTENSION_APPLY, Scene.extend(missing_item)),
        (DECIDE, Scene.decide(missing_application, "ACCEPTED", "2018-03-22")),
        (CORRECT, {"input": {"id": missing_item, "reason": "x"}}),
    ):
        client = scene.lead if document in (CLOSE_APPLY, EXTENSION_APPLY) else scene.office
        error = await client.error(document, variables)
        assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}, document


async def test_two_deciders_at_once_exactly_one_wins(scene: Scene) -> None:
    item = await scene.item()
    applied = await scene.lead.data(CLOSE_APPLY, scene.close(item))
    application = applied["supervisionItemCloseApply"]["application"]["id"]
    calls = [
        scene.decide(application, "ACCEPTED", "2018-03-22")
        if n % 2
        else scene.decide(application, "REJECTED", "2018-03-22", reason=f"退回{n}")
        for n in range(8)
    ]
    bodies = await asyncio.gather(*(scene.office.run(DECIDE, v) for v in calls))
    winners = [b for b in bodies if not b.get("errors")]
    codes = Counter(b["errors"][0]["extensions"]["code"] for b in bodies if b.get("errors"))
    assert len(winners) == 1, bodies
    assert set(codes) <= {"INVALID_TRANSITION", "CONFLICT"}, codes
    assert sum(codes.values()) == len(calls) - 1
    won = winners[0]["data"]["supervisionItemApplicationDecide"]
    row = await SupervisionItem.get(pk=from_global_id(item)[1])
    accepted = won["application"]["status"] == "ACCEPTED"
    assert row.status.value == ("CLOSED" if accepted else "OPEN")
    assert row.pending_application is None
    assert row.version == won["item"]["version"]
    entries = await JournalEntry.filter(entity_type="SupervisionItem", entity_id=row.pk).order_by(
        "seq"
    )
    # open, apply, one decision: the journal chains the item's versions one by one.
    assert len(entries) == 3
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.before == previous.after


async def test_two_applications_at_once_one_is_pending(scene: Scene) -> None:
    item = await scene.item()
    calls = [(CLOSE_APPLY, scene.close(item)), (EXTENSION_APPLY, scene.extend(item))] * 3
    bodies = await asyncio.gather(*(scene.lead.run(doc, v) for doc, v in calls))
    assert sum(1 for b in bodies if not b.get("errors")) == 1, bodies
    codes = {b["errors"][0]["extensions"]["code"] for b in bodies if b.get("errors")}
    assert codes <= {"INVALID_TRANSITION", "CONFLICT"}, codes
    row = await SupervisionItem.get(pk=from_global_id(item)[1])
    assert row.pending_application is not None
    assert row.version == 2


QUEUE = """
query Queue($status: ApplicationStatus, $n: Int) {
  supervisionItemApplications(status: $status, first: $n) {
    totalCount
    nodes {
      kind status unit { name }
      item { title pendingApplication applications { kind } corrections { reason }
             units { role unit { name } } }
    }
  }
}
"""


async def test_the_office_queue_is_scoped_and_costs_the_same_for_2_and_12(
    scene: Scene, sql_statements: StatementCounter
) -> None:
    for _ in range(12):
        await scene.lead.data(CLOSE_APPLY, scene.close(await scene.item()))
    queue = (await scene.office.data(QUEUE, {"status": "PENDING"}))["supervisionItemApplications"]
    assert queue["totalCount"] == 12
    node = queue["nodes"][0]
    assert (node["kind"], node["unit"]["name"], node["item"]["pendingApplication"]) == (
        "CLOSE",
        "凉州区人民政府",
        "CLOSE",
    )
    assert (await scene.co.data(QUEUE))["supervisionItemApplications"]["totalCount"] == 12
    assert (await scene.outsider.data(QUEUE))["supervisionItemApplications"]["totalCount"] == 0
    assert (await scene.office.data(QUEUE, {"status": "ACCEPTED"}))["supervisionItemApplications"][
        "totalCount"
    ] == 0
    counts = []
    for size in (2, 12):
        runs = []
        for _ in range(2):  # the fewer of two runs: a background job's statement is noise
            sql_statements.statements.clear()
            data = await scene.office.data(QUEUE, {"n": size})
            assert len(data["supervisionItemApplications"]["nodes"]) == size
            runs.append(len(sql_statements.statements))
        counts.append(min(runs))
    assert counts[0] == counts[1], counts


ITEM_WARNINGS = """
query Cards($asOf: Date, $levels: [WarningLevel!], $n: Int) {
  supervisionItemWarnings(asOf: $asOf, levels: $levels, first: $n) {
    totalCount
    nodes { level reasons fallsDueOn item { id title units { unit { name } } } }
  }
}
"""


async def test_item_cards_red_yellow_green_scoped(
    scene: Scene, sql_statements: StatementCounter
) -> None:
    item = await scene.item()  # due Friday 2018-03-30, monthly by the 25th

    async def card(client: GraphQLClient, day: str) -> list[tuple[str, str]]:
        found = await client.data(ITEM_WARNINGS, {"asOf": day})
        nodes = found["supervisionItemWarnings"]["nodes"]
        return [(n["item"]["id"], n["level"]) for n in nodes if n["item"]["id"] == item]

    assert await card(scene.office, "2018-03-16") == [(item, "GREEN")]
    assert await card(scene.office, "2018-03-26") == [(item, "YELLOW")]  # no March feedback
    march = {
        "itemId": item,
        "period": "2018-03",
        "text": "推进中",
        "percentComplete": 80,
        "reportedOn": "2018-03-26",
    }
    await scene.co.data(FEEDBACK, {"input": march})  # any handling unit's feedback counts
    assert await card(scene.lead, "2018-03-26") == [(item, "GREEN")]
    red = await scene.office.data(ITEM_WARNINGS, {"asOf": "2018-04-02", "levels": ["RED"]})
    [node] = [n for n in red["supervisionItemWarnings"]["nodes"] if n["item"]["id"] == item]
    assert (node["fallsDueOn"], node["reasons"]) == (
        "2018-03-30",
        ["逾期 — overdue since 2018-03-31 (the day after its due working day 2018-03-30)"],
    )
    assert await card(scene.outsider, "2018-04-02") == []
    bad = await scene.office.error(
        "query { supervisionItemWarnings(yellowWithin: 99) { totalCount } }"
    )
    assert bad["extensions"] == {"code": "BAD_USER_INPUT", "field": "yellowWithin"}

    for _ in range(12):
        await scene.item()
    counts = []
    for size in (2, 12):
        runs = []
        for _ in range(2):  # the fewer of two runs: a background job's statement is noise
            sql_statements.statements.clear()
            data = await scene.office.data(ITEM_WARNINGS, {"asOf": "2018-03-26", "n": size})
            assert len(data["supervisionItemWarnings"]["nodes"]) == size
            runs.append(len(sql_statements.statements))
        counts.append(min(runs))
    assert counts[0] == counts[1], counts
