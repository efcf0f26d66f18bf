"""Live events over graphql-transport-ws: the right events in journal order, unit scoping,
resuming after a seq, refused foreign origins, and who may hear what."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from resolvers.context import Actor, Role
from resolvers.errors import DomainError
from resolvers.events.audience import Audience
from resolvers.events.hub import EventRecord, Inbox
from resolvers.events.subscription import admits
from resolvers.global_ids import pk_of, to_global_id
from schema.events import EventType
from server.app import create_app
from server.live_settings import LiveSettings
from server.settings import Settings
from tests.api.subscribers import Scene, client_of, open_scene, subscribed, token_for
from tests.conftest import GraphQLClient
from tests.wsclient import Refused, connect_in_process

PLEDGE = """
mutation Pledge($assignmentId: ID!, $dueOn: Date!) {
  commitmentPledge(input: {assignmentId: $assignmentId, content: "建立督导台账",
                           target: "台账1套", pledgedOn: "2018-01-05", dueOn: $dueOn}) {
    commitment { id }
  }
}
"""
SUBMIT = """
mutation Submit($commitmentId: ID!) {
  evidenceSubmit(input: {commitmentId: $commitmentId, title: "督导台账", kind: DOCUMENT,
                         url: "https://example.gov.cn/taizhang", submittedOn: "2018-03-01"}) {
    evidence { id }
  }
}
"""
REVIEW = """
mutation Review($id: ID!) {
  evidenceReview(input: {id: $id, decision: ACCEPTED, reviewedOn: "2018-03-05"}) {
    evidence { id }
  }
}
"""
EVALUATE = """
mutation Evaluate($unitId: ID!) {
  evaluationCreate(input: {unitId: $unitId, period: "2018年度", evaluatorKind: THIRD_PARTY,
                           score: 92.5, evaluatedOn: "2019-01-20"}) { evaluation { id } }
}
"""
REPORT = """
mutation Report($unitId: ID!) {
  dishonestyRecordReport(input: {unitId: $unitId, category: ADMINISTRATIVE_PENALTY,
      severity: SERIOUS, facts: "拖欠工程款被处罚", occurredOn: "2018-09-25",
      reportedOn: "2018-10-09"}) { record { id } }
}
"""
PUBLISH = """
mutation Publish($id: ID!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: "2018-10-15", channel: "信用甘肃"}) {
    publication { id }
  }
}
"""
MARK_OVERDUE = """
mutation { commitmentsMarkOverdue(asOf: "2018-07-03") { commitments { id } } }
"""
RESPONSIBILITIES = """
query { pppProjects(first: 5) { nodes { stages { responsibilities {
  id validTo person { id } unit { id } } } } } }
"""
HAND_OVER = """
mutation HandOver($input: PppStageResponsibilityHandOverInput!) {
  pppStageResponsibilityHandOver(input: $input) { responsibility { id } }
}
"""
HEAD = "query { journalHead { seq } }"

EVENTS = """
subscription Events($types: [EventType!], $unitId: ID, $afterSeq: Int) {
  events(types: $types, unitId: $unitId, afterSeq: $afterSeq) {
    seq type action entityId
    unit { id }
    entity { id ... on Commitment { status } ... on Evidence { review: status } }
  }
}
"""


@pytest.fixture
async def scene(seeded_url: str) -> AsyncIterator[Scene]:
    async with open_scene(seeded_url) as opened:
        yield opened


async def pledge(client: GraphQLClient, assignment: str, due: str = "2018-06-29") -> str:
    data = await client.data(PLEDGE, {"assignmentId": assignment, "dueOn": due})
    return str(data["commitmentPledge"]["commitment"]["id"])


async def test_a_subscriber_receives_the_workflow_in_journal_order(scene: Scene) -> None:
    office, unit = scene.office, to_global_id("Unit", scene.unit_a)
    commitment = await pledge(office, scene.assignment_a)
    async with connect_in_process(scene.app, scene.office_token) as ws:
        operation = await ws.subscribe(EVENTS)
        await subscribed(scene.app)
        evidence = (await office.data(SUBMIT, {"commitmentId": commitment}))["evidenceSubmit"]
        # The scene's office account is also unit a's leader: another office account reviews
        # (units never close their own work).
        async with client_of(scene.app, await token_for(Role.SUPERVISION_OFFICE)) as reviewer:
            await reviewer.data(REVIEW, {"id": evidence["evidence"]["id"]})
        await office.data(MARK_OVERDUE)
        await office.data(EVALUATE, {"unitId": unit})
        record = (await office.data(REPORT, {"unitId": unit}))["dishonestyRecordReport"]
        await office.data(PUBLISH, {"id": record["record"]["id"]})
        received = [(await ws.next_data(operation))["events"] for _ in range(6)]
    assert [e["type"] for e in received] == [
        "EVIDENCE_SUBMITTED",
        "EVIDENCE_REVIEWED",
        "COMMITMENT_OVERDUE",
        "EVALUATION_RECORDED",
        "DISHONESTY_RECORD_CREATED",
        "DISHONESTY_RECORD_PUBLISHED",
    ]
    seqs = [e["seq"] for e in received]
    assert seqs == sorted(set(seqs))
    assert len(seqs) == 6
    assert {e["unit"]["id"] for e in received} == {unit}
    assert received[1]["entity"] == {"id": evidence["evidence"]["id"], "review": "ACCEPTED"}
    assert received[2]["entity"] == {"id": commitment, "status": "OVERDUE"}
    assert received[2]["action"] == "commitment.overdue"


async def test_a_unit_hears_only_its_own_work_and_unit_id_narrows_the_office(
    scene: Scene,
) -> None:
    theirs = await pledge(scene.leader_b, scene.assignment_b)
    mine = await pledge(scene.office, scene.assignment_a)
    staff_a = await token_for(Role.UNIT_STAFF, unit_pk=scene.unit_a)
    async with (
        connect_in_process(scene.app, scene.office_token) as office_ws,
        connect_in_process(scene.app, staff_a) as staff_ws,
    ):
        everything = await office_ws.subscribe(EVENTS)
        narrowed = await office_ws.subscribe(EVENTS, {"unitId": to_global_id("Unit", scene.unit_a)})
        own = await staff_ws.subscribe(EVENTS)
        await subscribed(scene.app, 3)
        await scene.office.data(MARK_OVERDUE)  # marks theirs, then mine (by due date and id)
        office_heard = [(await office_ws.receive()) for _ in range(3)]
        staff_heard = (await staff_ws.next_data(own))["events"]
    by_operation: dict[str, list[str]] = {everything: [], narrowed: []}
    for message in office_heard:
        assert message["type"] == "next", message
        by_operation[message["id"]].append(message["payload"]["data"]["events"]["entityId"])
    assert by_operation == {everything: [theirs, mine], narrowed: [mine]}
    assert staff_heard["entityId"] == mine


async def test_types_filter_and_resuming_after_a_seq(scene: Scene) -> None:
    office = scene.office
    commitment = await pledge(office, scene.assignment_a)
    before = (await office.data(HEAD))["journalHead"]["seq"]
    await office.data(SUBMIT, {"commitmentId": commitment})
    await office.data(MARK_OVERDUE)
    async with connect_in_process(scene.app, scene.office_token) as ws:
        # Both happened before subscribing: afterSeq replays them from the journal.
        resumed = await ws.subscribe(EVENTS, {"afterSeq": before})
        overdue_only = await ws.subscribe(EVENTS, {"types": ["COMMITMENT_OVERDUE"]})
        replayed = [(await ws.next_data(resumed))["events"]["type"] for _ in range(2)]
        await subscribed(scene.app, 2)
        second = await pledge(office, scene.assignment_a)
        await office.data(SUBMIT, {"commitmentId": second})
        await office.data(MARK_OVERDUE)
        live = (await ws.next_data(overdue_only))["events"]
        resumed_live = [(await ws.next_data(resumed))["events"]["type"] for _ in range(2)]
    assert replayed == ["EVIDENCE_SUBMITTED", "COMMITMENT_OVERDUE"]
    assert (live["type"], live["entityId"]) == ("COMMITMENT_OVERDUE", second)
    assert resumed_live == ["EVIDENCE_SUBMITTED", "COMMITMENT_OVERDUE"]


async def test_a_ppp_hand_over_is_an_event_of_the_new_holder(scene: Scene) -> None:
    stages = [
        stage
        for project in (await scene.office.data(RESPONSIBILITIES))["pppProjects"]["nodes"]
        for stage in project["stages"]
    ]
    current = next(r for s in stages for r in s["responsibilities"] if r["validTo"] is None)
    units = [to_global_id("Unit", pk) for pk in (scene.unit_a, scene.unit_b)]
    successor = next(unit for unit in units if unit != current["unit"]["id"])
    async with connect_in_process(scene.app, scene.office_token) as ws:
        operation = await ws.subscribe(EVENTS, {"types": ["PPP_RESPONSIBILITY_HANDED_OVER"]})
        await subscribed(scene.app)
        handed = await scene.office.data(
            HAND_OVER,
            {
                "input": {
                    "responsibilityId": current["id"],
                    "personId": current["person"]["id"],
                    "effectiveOn": "2030-01-02",
                    "reason": "OTHER",
                    "note": "测试交接",
                    "unitId": successor,
                }
            },
        )
        event = (await ws.next_data(operation))["events"]
    new = handed["pppStageResponsibilityHandOver"]["responsibility"]["id"]
    assert (event["type"], event["entityId"], event["entity"]) == (
        "PPP_RESPONSIBILITY_HANDED_OVER",
        new,
        {"id": new},
    )
    assert event["unit"] == {"id": successor}


async def test_a_foreign_origin_is_refused_and_a_configured_one_accepted(
    seeded_url: str,
) -> None:
    live = LiveSettings(clock_interval=0, allowed_origins=("https://dashboard.example.gov.cn",))
    app = create_app(Settings(database_url=seeded_url, live=live))
    async with app.router.lifespan_context(app):
        token = await token_for(Role.AUDITOR)
        with pytest.raises(Refused) as refused:
            async with connect_in_process(app, token, origin="https://evil.example.com"):
                pass
        assert refused.value.code == 1008
        async with connect_in_process(app, token, origin="https://dashboard.example.gov.cn") as ws:
            assert ws.channel.subprotocol == "graphql-transport-ws"
        async with connect_in_process(app, token, origin="http://test") as ws:  # same origin
            assert ws.channel.subprotocol == "graphql-transport-ws"


def record_about(unit_pk: int, commitment_pk: int = 1) -> EventRecord:
    return EventRecord(
        seq=1,
        type=EventType.COMMITMENT_OVERDUE,
        action="commitment.overdue",
        recorded_at=datetime(2018, 7, 3, tzinfo=UTC),
        entity_type="Commitment",
        entity_pk=commitment_pk,
        entity=None,
        audience=Audience(unit_pk, frozenset({unit_pk})),
    )


async def test_who_hears_an_event_about_a_unit(scene: Scene) -> None:
    commitment = pk_of(await pledge(scene.office, scene.assignment_a), "Commitment")
    record = record_about(scene.unit_a, commitment)
    a, b = scene.unit_a, scene.unit_b
    cases = [
        (Actor("office", frozenset({Role.SUPERVISION_OFFICE}), account_pk=1), True),
        (Actor("auditor", frozenset({Role.AUDITOR}), account_pk=1), True),
        (Actor("credit", frozenset({Role.CREDIT_ADMIN}), account_pk=1), True),
        (Actor("staff", frozenset({Role.UNIT_STAFF}), unit_pk=a, account_pk=1), True),
        (Actor("leader", frozenset({Role.UNIT_LEADER}), unit_pk=a, account_pk=1), True),
        (Actor("other staff", frozenset({Role.UNIT_STAFF}), unit_pk=b, account_pk=1), False),
        (Actor("admin", frozenset({Role.SYSTEM_ADMIN}), account_pk=1), False),
        (Actor("public", frozenset({Role.PUBLIC})), False),
    ]
    heard = {actor.name: await admits(record, actor, None, None) for actor, _ in cases}
    assert heard == {actor.name: hears for actor, hears in cases}
    office = cases[0][0]
    assert not await admits(record, office, frozenset({EventType.EVIDENCE_SUBMITTED}), None)
    assert not await admits(record, office, None, b)


def test_a_subscriber_that_falls_behind_is_told_to_resubscribe() -> None:
    inbox = Inbox(size=2)
    for _ in range(3):
        inbox.put(record_about(7))

    async def drain() -> None:
        await inbox.get()
        await inbox.get()
        await inbox.get()

    with pytest.raises(DomainError, match="subscribe again"):
        asyncio.run(drain())


async def test_an_anonymous_subscriber_is_rejected(scene: Scene) -> None:
    with pytest.raises(ConnectionError, match="4403"):
        async with connect_in_process(scene.app):
            pass


async def test_a_browser_authenticates_in_connection_params(scene: Scene) -> None:
    """Browsers cannot set WebSocket headers: the token may come in ``connection_init``."""
    params = {"Authorization": f"Bearer {scene.office_token}"}
    async with connect_in_process(scene.app, params=params) as ws:
        operation = await ws.subscribe("subscription { events { seq type } }")
        await ws.complete(operation)
    async with connect_in_process(scene.app, params={"token": scene.office_token}):
        pass
    with pytest.raises(ConnectionError, match="4403"):
        async with connect_in_process(scene.app, params={"token": "dg_" + "x" * 43}):
            pass
