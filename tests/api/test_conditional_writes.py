"""Conditional writes: twenty concurrent writers of one row through the real app, exactly one
wins, every other is told why (CONFLICT / INVALID_TRANSITION), and the journal agrees with the
rows (each entry's ``before`` is the row the one before it left, no version written twice)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from models import Commitment, JournalEntry, Task
from resolvers.global_ids import from_global_id
from tests.api.graph import small_graph
from tests.conftest import GraphQLClient

WRITERS = 20

UPDATE_TASK = """
mutation($input: TaskUpdateInput!) { taskUpdate(input: $input) { task { title version } } }
"""
PLEDGE = """
mutation($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id version } }
}
"""
# A unit no longer fulfils its own commitment (issue 13: it applies, the office decides), so the
# two closing steps a leader races are breaking and withdrawing.
BREAK = """
mutation($id: ID!, $v: Int) {
  commitmentBreak(input: {id: $id, on: "2018-02-01", reason: "无法完成", expectedVersion: $v}) {
    commitment { status version }
  }
}
"""
WITHDRAW = """
mutation($id: ID!, $v: Int) {
  commitmentWithdraw(input: {id: $id, on: "2018-02-01", reason: "任务调整", expectedVersion: $v}) {
    commitment { status version }
  }
}
"""


async def outcomes(
    client: GraphQLClient, calls: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """All ``calls`` at once; each answer's body (HTTP 200 required)."""
    return list(await asyncio.gather(*(client.run(doc, variables) for doc, variables in calls)))


def winners_and_codes(bodies: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], Counter[str]]:
    winners = [body for body in bodies if not body.get("errors")]
    codes = Counter(
        body["errors"][0]["extensions"]["code"] for body in bodies if body.get("errors")
    )
    return winners, codes


async def journal_of(entity_type: str, pk: int) -> list[JournalEntry]:
    return await JournalEntry.filter(entity_type=entity_type, entity_id=pk).order_by("seq")


def assert_consistent(entries: list[JournalEntry], version: int) -> None:
    """Entries chain row versions one by one and end at the row's version."""
    befores = [entry.before["version"] for entry in entries if entry.before is not None]
    assert len(befores) == len(set(befores)), f"a version was overwritten twice: {befores}"
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.before == previous.after
    assert entries[-1].after is not None
    assert entries[-1].after["version"] == version


async def test_concurrent_versioned_updates_have_one_winner(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    pk = from_global_id(graph.task)[1]
    version = (await Task.get(pk=pk)).version
    calls = [
        (UPDATE_TASK, {"input": {"id": graph.task, "title": f"改{n}", "expectedVersion": version}})
        for n in range(WRITERS)
    ]
    winners, codes = winners_and_codes(await outcomes(client, calls))
    assert len(winners) == 1
    assert codes == Counter({"CONFLICT": WRITERS - 1})
    row = await Task.get(pk=pk)
    assert row.version == version + 1
    assert row.title == winners[0]["data"]["taskUpdate"]["task"]["title"]
    entries = await journal_of("Task", pk)
    assert [e.action for e in entries].count("task.update") == 1
    assert_consistent(entries, row.version)


async def test_concurrent_break_and_withdraw_have_one_winner(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    pledge = {
        "assignmentId": graph.assignment,
        "content": "建立台账",
        "target": "台账建立",
        "pledgedOn": "2018-01-05",
        "dueOn": "2030-06-30",
    }
    leader = await client.as_unit(graph.reform)
    made = (await leader.data(PLEDGE, {"input": pledge}))["commitmentPledge"]["commitment"]
    pk = from_global_id(made["id"])[1]
    # Half name the version they read, half do not: both must lose to the one that moved it.
    calls = [
        (
            BREAK if n % 2 else WITHDRAW,
            {"id": made["id"], "v": made["version"] if n < 10 else None},
        )
        for n in range(WRITERS)
    ]
    winners, codes = winners_and_codes(await outcomes(leader, calls))
    assert len(winners) == 1
    assert sum(codes.values()) == WRITERS - 1
    assert set(codes) <= {"CONFLICT", "INVALID_TRANSITION"}
    (payload,) = winners[0]["data"].values()
    row = await Commitment.get(pk=pk)
    assert row.status.value == payload["commitment"]["status"]
    assert row.version == made["version"] + 1
    entries = await journal_of("Commitment", pk)
    closing = [e for e in entries if e.action in ("commitment.break", "commitment.withdraw")]
    assert len(closing) == 1
    assert_consistent(entries, row.version)
