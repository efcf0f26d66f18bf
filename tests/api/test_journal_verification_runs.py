"""Journal verification as a job: started over GraphQL, answered at once, verified in the
background with its progress on record, its report when done; one run at a time (also across
workers), a run whose worker went quiet reads as abandoned and frees the slot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models import JournalVerificationRun, VerificationStatus
from resolvers.actor import Role
from resolvers.global_ids import to_global_id
from resolvers.journal.runs import STALE
from server.database import open_database
from tests.api.graph import small_graph
from tests.conftest import GraphQLClient, running
from tests.databases import execute_raw

START = """
mutation($input: JournalVerificationStartInput) {
  journalVerificationStart(input: $input) {
    run { id status requestedBy totalEntries checkedEntries finishedAt result { ok } }
  }
}
"""
RUN = """
query($id: ID!) {
  journalVerificationRun(id: $id) {
    id status requestedBy totalEntries checkedEntries finishedAt
    result {
      ok checkedEntries headSeq headHash firstBrokenSeq problem unproven
      pins { seq hash source matched problem }
    }
  }
}
"""
HEAD = "{ journalHead { seq hash } }"


async def finished(client: GraphQLClient, run_id: str) -> tuple[dict, list[int]]:
    """Poll the run until it is no longer RUNNING; the progress counts seen on the way."""
    seen = []
    for _ in range(400):
        run = (await client.data(RUN, {"id": run_id}))["journalVerificationRun"]
        seen.append(run["checkedEntries"])
        if run["status"] != "RUNNING":
            return run, seen
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} still running: {seen[-5:]}")


async def test_a_run_verifies_the_whole_journal_in_the_background(client: GraphQLClient) -> None:
    await small_graph(client)
    auditor = await client.as_roles(Role.AUDITOR)
    head = (await auditor.data(HEAD))["journalHead"]
    pin = f"{head['seq']}:{head['hash']}"
    started = await auditor.data(START, {"input": {"expectHead": [pin]}})
    run = started["journalVerificationStart"]["run"]
    assert run["status"] == "RUNNING"
    assert (run["result"], run["finishedAt"]) == (None, None)
    assert run["totalEntries"] == head["seq"]
    assert run["requestedBy"].startswith("account:")
    done, seen = await finished(auditor, run["id"])
    assert done["status"] == "FINISHED", done
    assert seen == sorted(seen)  # progress only grows
    report = done["result"]
    assert report["ok"] is True, report
    assert done["checkedEntries"] == report["checkedEntries"] >= head["seq"]
    assert report["firstBrokenSeq"] is None
    assert report["pins"] == [
        {"seq": head["seq"], "hash": head["hash"], "source": "expected head", "matched": True,
         "problem": None}
    ]  # fmt: skip
    assert done["finishedAt"] is not None
    # Nothing is running now: the next start is accepted.
    again = (await auditor.data(START))["journalVerificationStart"]["run"]
    assert again["id"] != run["id"]
    assert (await finished(auditor, again["id"]))[0]["status"] == "FINISHED"


async def test_a_tampered_journal_is_reported_by_the_run(database_url: str) -> None:
    async with running(database_url) as (_, client):
        await small_graph(client)
    await execute_raw(database_url, "UPDATE journal_entry SET actor = 'someone else' WHERE seq = 4")
    async with running(database_url) as (_, client):
        run = (await client.data(START))["journalVerificationStart"]["run"]
        done, _ = await finished(client, run["id"])
    assert done["status"] == "FINISHED"
    assert done["result"]["ok"] is False
    assert done["result"]["firstBrokenSeq"] == 4
    assert done["result"]["checkedEntries"] == 3
    assert "altered" in done["result"]["problem"]


async def test_one_run_at_a_time_and_a_quiet_worker_is_abandoned(database_url: str) -> None:
    now = datetime.now(UTC)
    async with open_database(database_url):
        # A run in progress on another worker (its heartbeat is fresh).
        other = await JournalVerificationRun.create(
            requested_by="account:other-worker",
            requested_at=now,
            status=VerificationStatus.RUNNING,
            running_slot=1,
            pins={},
            total_entries=10,
            checked_entries=3,
            heartbeat_at=now,
        )
    other_id = to_global_id("JournalVerificationRun", other.pk)
    async with running(database_url) as (_, client):
        error = await client.error(START)
        assert error["extensions"]["code"] == "CONFLICT", error
        assert other_id in error["message"]
        progress = (await client.data(RUN, {"id": other_id}))["journalVerificationRun"]
        assert (progress["status"], progress["checkedEntries"]) == ("RUNNING", 3)
    # That worker stops: no heartbeat for longer than STALE.
    quiet = now - STALE - timedelta(seconds=1)
    async with open_database(database_url):
        await JournalVerificationRun.filter(pk=other.pk).update(heartbeat_at=quiet)
    async with running(database_url) as (_, client):
        abandoned = (await client.data(RUN, {"id": other_id}))["journalVerificationRun"]
        assert (abandoned["status"], abandoned["result"]) == ("ABANDONED", None)
        run = (await client.data(START))["journalVerificationStart"]["run"]
        assert (await finished(client, run["id"]))[0]["status"] == "FINISHED"
        kept = (await client.data(RUN, {"id": other_id}))["journalVerificationRun"]
        assert kept["status"] == "ABANDONED"
        assert kept["finishedAt"] is not None  # recorded, not just read so


async def test_two_starts_at_once_give_one_run(client: GraphQLClient) -> None:
    await small_graph(client)
    answers = await asyncio.gather(*(client.run(START) for _ in range(4)))
    started = [a for a in answers if a.get("data") and a["data"]["journalVerificationStart"]]
    refused = [a["errors"][0]["extensions"]["code"] for a in answers if a.get("errors")]
    assert len(started) + len(refused) == 4
    assert started, answers
    assert set(refused) <= {"CONFLICT"}, answers
    for answer in started:
        run = answer["data"]["journalVerificationStart"]["run"]
        assert (await finished(client, run["id"]))[0]["status"] == "FINISHED"


async def test_runs_are_refused_what_they_should_be(seeded_url: str) -> None:
    async with running(seeded_url) as (_, client):
        leader = await client.as_unit("凉州区政府")
        assert (await leader.error(START))["extensions"]["code"] == "FORBIDDEN"
        bad_pin = await client.error(START, {"input": {"expectHead": ["not a pin"]}})
        assert (bad_pin["extensions"]["code"], bad_pin["extensions"]["field"]) == (
            "BAD_USER_INPUT",
            "expectHead",
        )
        unknown = to_global_id("JournalVerificationRun", 999_999)
        missing = await client.error(RUN, {"id": unknown})
        assert (missing["extensions"]["code"], missing["extensions"]["field"]) == (
            "NOT_FOUND",
            "id",
        )
        wrong = await client.error(RUN, {"id": to_global_id("Task", 1)})
        assert (wrong["extensions"]["code"], wrong["extensions"]["field"]) == (
            "BAD_USER_INPUT",
            "id",
        )
    async with open_database(seeded_url):
        assert await JournalVerificationRun.all().count() == 0  # nothing half-written
