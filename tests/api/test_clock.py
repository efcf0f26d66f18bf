"""The deadline clock: overdue transitions and due-soon notices once per row and due date,
sanctions past their deadline, concurrent runs, events, the lifespan job and the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date

import pytest

from models import Commitment, CommitmentStatus, JournalEntry
from resolvers.clock.tick import tick
from resolvers.global_ids import pk_of, to_global_id
from server.live_settings import LiveSettings
from tests.api.subscribers import Scene, open_scene, subscribed
from tests.api.test_events import EVENTS, REPORT, pledge
from tests.wsclient import connect_in_process

SANCTION = """
mutation Sanction($recordId: ID!) {
  dishonestySanctionImpose(input: {recordId: $recordId, kind: WRITTEN_EXPLANATION,
                                   imposedOn: "2018-10-16", dueOn: "2018-11-17"}) {
    sanction { id }
  }
}
"""
STATUS = "query Status($id: ID!) { commitment(id: $id) { status overdueSince } }"


@pytest.fixture
async def scene(seeded_url: str) -> AsyncIterator[Scene]:
    """The app with its own clock off: these tests run the clock themselves."""
    async with open_scene(seeded_url) as opened:
        yield opened


async def entries(action: str, entity_type: str = "Commitment") -> list[int]:
    rows = await JournalEntry.filter(action=action, entity_type=entity_type).order_by("seq")
    return [row.entity_id for row in rows]


async def test_overdue_and_due_soon_happen_once_per_commitment_and_due_date(
    scene: Scene,
) -> None:
    app, client, assignment = scene.app, scene.office, scene.assignment_a
    late = await pledge(client, assignment, "2018-06-29")  # a Friday
    soon = await pledge(client, assignment, "2018-07-05")
    later = await pledge(client, assignment, "2018-07-20")
    late_pk, soon_pk = pk_of(late, "Commitment"), pk_of(soon, "Commitment")
    async with connect_in_process(app, scene.office_token) as ws:
        operation = await ws.subscribe(EVENTS)
        await subscribed(app)
        first = await tick(date(2018, 7, 3), due_soon_days=3)
        events = [(await ws.next_data(operation))["events"] for _ in range(2)]
    assert (first.overdue_commitments, first.due_soon_commitments) == ([late_pk], [soon_pk])
    assert [(e["type"], e["entityId"]) for e in events] == [
        ("COMMITMENT_OVERDUE", late),
        ("COMMITMENT_DUE_SOON", soon),
    ]
    for as_of in (date(2018, 7, 3), date(2018, 7, 4)):
        again = await tick(as_of, due_soon_days=3)
        assert not again.changed, again
    assert await entries("commitment.overdue") == [late_pk]
    assert await entries("commitment.due_soon") == [soon_pk]
    status = (await client.data(STATUS, {"id": late}))["commitment"]
    assert status == {"status": "OVERDUE", "overdueSince": "2018-06-30"}
    assert (await client.data(STATUS, {"id": later}))["commitment"]["status"] == "PLEDGED"
    # The notice leaves the row as it was: same version, and its history still reads whole.
    row = await Commitment.get(pk=soon_pk)
    assert (row.status, row.version) == (CommitmentStatus.PLEDGED, 1)


async def test_a_sanction_past_its_working_day_deadline_is_noticed_once(scene: Scene) -> None:
    client, unit = scene.office, to_global_id("Unit", scene.unit_a)
    record = (await client.data(REPORT, {"unitId": unit}))["dishonestyRecordReport"]["record"]
    sanction = (await client.data(SANCTION, {"recordId": record["id"]}))[
        "dishonestySanctionImpose"
    ]["sanction"]["id"]
    # Due Saturday 2018-11-17: it falls due on Monday the 19th, so it is late from the 20th.
    assert not (await tick(date(2018, 11, 19), due_soon_days=0)).overdue_sanctions
    assert (await tick(date(2018, 11, 20), due_soon_days=0)).overdue_sanctions == [
        pk_of(sanction, "DishonestySanction")
    ]
    assert not (await tick(date(2018, 11, 21), due_soon_days=0)).overdue_sanctions
    assert await entries("dishonesty_sanction.overdue", "DishonestySanction") == [
        pk_of(sanction, "DishonestySanction")
    ]


async def test_concurrent_runs_transition_and_notice_each_commitment_once(scene: Scene) -> None:
    late = [await pledge(scene.office, scene.assignment_a) for _ in range(6)]
    soon = [await pledge(scene.office, scene.assignment_a, "2018-07-05") for _ in range(6)]
    reports = await asyncio.gather(*(tick(date(2018, 7, 3), 3) for _ in range(4)))
    marked = [pk for report in reports for pk in report.overdue_commitments]
    noticed = [pk for report in reports for pk in report.due_soon_commitments]
    assert sorted(marked) == sorted(pk_of(c, "Commitment") for c in late)
    assert sorted(noticed) == sorted(pk_of(c, "Commitment") for c in soon)
    assert sorted(await entries("commitment.overdue")) == sorted(marked)
    assert sorted(await entries("commitment.due_soon")) == sorted(noticed)


async def test_concurrent_runs_with_only_notices_to_give_give_each_once(scene: Scene) -> None:
    # Nothing is overdue, so no row lock orders the runs: only the journal lock does.
    soon = [await pledge(scene.office, scene.assignment_a, "2018-07-05") for _ in range(10)]
    reports = await asyncio.gather(*(tick(date(2018, 7, 3), 3) for _ in range(4)))
    noticed = [pk for report in reports for pk in report.due_soon_commitments]
    assert sorted(noticed) == sorted(pk_of(c, "Commitment") for c in soon)
    assert sorted(await entries("commitment.due_soon")) == sorted(noticed)


async def test_the_server_runs_the_clock_in_its_lifespan(seeded_url: str) -> None:
    async with open_scene(seeded_url, LiveSettings(clock_interval=0.05)) as scene:
        commitment = await pledge(scene.office, scene.assignment_a)
        for _ in range(400):
            status = (await scene.office.data(STATUS, {"id": commitment}))["commitment"]
            if status["status"] == "OVERDUE":
                break
            await asyncio.sleep(0.025)
    assert status == {"status": "OVERDUE", "overdueSince": "2018-06-30"}


async def test_clock_tick_command(scene: Scene, seeded_url: str) -> None:
    commitment = await pledge(scene.office, scene.assignment_a)
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server.cli", "clock", "tick", "--as-of", "2018-07-03"],
        env={**os.environ, "DATABASE_URL": seeded_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["asOf"] == "2018-07-03"
    assert report["overdueCommitments"] == [commitment]  # global IDs, as node(id:) takes


WARNING_EVENTS = """
subscription Warnings {
  events(types: [WARNING_LEVEL_CHANGED]) {
    type action entityId warningLevel unit { id } entity { ... on Commitment { status } }
  }
}
"""


async def test_a_warning_card_change_is_an_event_once(scene: Scene) -> None:
    app, client, assignment = scene.app, scene.office, scene.assignment_a
    soon = await pledge(client, assignment, "2018-07-05")  # yellow on 07-03, red from 07-06
    later = await pledge(client, assignment, "2018-07-20")  # green throughout
    async with connect_in_process(app, scene.office_token) as ws:
        operation = await ws.subscribe(WARNING_EVENTS)
        await subscribed(app)
        first = await tick(date(2018, 7, 3), due_soon_days=3)
        yellow = (await ws.next_data(operation))["events"]
        assert not (await tick(date(2018, 7, 4), due_soon_days=3)).warning_changes
        second = await tick(date(2018, 7, 6), due_soon_days=3)
        red = (await ws.next_data(operation))["events"]
    soon_pk = pk_of(soon, "Commitment")
    assert first.warning_changes == [("Commitment", soon_pk, "YELLOW")]
    assert first.as_dict()["warningChanges"] == [{"id": soon, "level": "YELLOW"}]
    assert (yellow["type"], yellow["entityId"], yellow["warningLevel"]) == (
        "WARNING_LEVEL_CHANGED",
        soon,
        "YELLOW",
    )
    assert yellow["action"] == "commitment.warning_yellow"
    assert yellow["unit"] == {"id": to_global_id("Unit", scene.unit_a)}
    assert second.warning_changes == [("Commitment", soon_pk, "RED")]
    assert (red["entityId"], red["warningLevel"], red["entity"]["status"]) == (
        soon,
        "RED",
        "OVERDUE",
    )
    assert await entries("commitment.warning_yellow") == [soon_pk]
    assert await entries("commitment.warning_red") == [soon_pk]
    assert pk_of(later, "Commitment") not in await entries("commitment.warning_green")
    # The notices leave the row as the overdue sweep left it.
    row = await Commitment.get(pk=soon_pk)
    assert (row.status, row.version) == (CommitmentStatus.OVERDUE, 2)


async def test_concurrent_runs_notice_each_card_change_once(scene: Scene) -> None:
    soon = [await pledge(scene.office, scene.assignment_a, "2018-07-05") for _ in range(5)]
    reports = await asyncio.gather(*(tick(date(2018, 7, 3), 3) for _ in range(4)))
    changed = [pk for report in reports for _, pk, _ in report.warning_changes]
    assert sorted(changed) == sorted(pk_of(c, "Commitment") for c in soon)
    assert sorted(await entries("commitment.warning_yellow")) == sorted(changed)


ITEM_OPEN = """
mutation Open($unitId: ID!) {
  supervisionItemOpen(input: {title: "落实批示", instructionSource: "市长批示",
      instructionOn: "2018-06-01", openedOn: "2018-06-01", dueOn: "2018-07-05", rhythm: MONTHLY,
      feedbackDay: 25, units: [{unitId: $unitId, role: LEAD}]}) { item { id } }
}
"""
ITEM_FEEDBACK = """
mutation Feedback($itemId: ID!) {
  supervisionFeedbackSubmit(input: {itemId: $itemId, period: "2018-07", text: "推进中",
      percentComplete: 60, reportedOn: "2018-07-04"}) { feedback { period } }
}
"""


async def test_a_supervision_items_card_changes_are_events_too(scene: Scene) -> None:
    unit_b = to_global_id("Unit", scene.unit_b)
    item = (await scene.office.data(ITEM_OPEN, {"unitId": unit_b}))["supervisionItemOpen"]
    item_id = item["item"]["id"]
    item_pk = pk_of(item_id, "SupervisionItem")
    async with connect_in_process(scene.app, scene.office_token) as ws:
        operation = await ws.subscribe(WARNING_EVENTS)
        await subscribed(scene.app)
        # Due Thursday 07-05 with no July feedback: yellow on 07-03.
        first = await tick(date(2018, 7, 3), due_soon_days=3)
        yellow = (await ws.next_data(operation))["events"]
        # The lead unit reports for July: green again on 07-04; overdue on 07-06: red.
        await scene.leader_b.data(ITEM_FEEDBACK, {"itemId": item_id})
        second = await tick(date(2018, 7, 4), due_soon_days=3)
        green = (await ws.next_data(operation))["events"]
        third = await tick(date(2018, 7, 6), due_soon_days=3)
        red = (await ws.next_data(operation))["events"]
    assert first.warning_changes == [("SupervisionItem", item_pk, "YELLOW")]
    assert second.warning_changes == [("SupervisionItem", item_pk, "GREEN")]
    assert third.warning_changes == [("SupervisionItem", item_pk, "RED")]
    assert [(e["entityId"], e["warningLevel"]) for e in (yellow, green, red)] == [
        (item_id, "YELLOW"),
        (item_id, "GREEN"),
        (item_id, "RED"),
    ]
    assert yellow["action"] == "supervision_item.warning_yellow"
    assert yellow["unit"] == {"id": unit_b}
    assert not (await tick(date(2018, 7, 9), due_soon_days=3)).warning_changes
    assert await entries("supervision_item.warning_red", "SupervisionItem") == [item_pk]
