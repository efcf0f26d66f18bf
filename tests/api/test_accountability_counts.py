"""Accountability tallies counted in SQL equal the same tallies counted row by row."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from bench.dataset import SIZES
from bench.generate import generate
from models import Commitment, CommitmentStatus, DishonestyRecord, Evidence, RecordStatus
from resolvers.global_ids import pk_of
from resolvers.reporting_period import parse_period
from server.database import open_database
from tests.conftest import running
from tests.databases import DatabaseFactory

UNITS = """
query($period: String!) {
  units(first: 100) {
    nodes {
      id
      accountability(period: $period) {
        commitments { total onTime late overdue broken withdrawn open }
        evidence { accepted rejected pending }
        openDishonestyRecords
      }
    }
  }
}
"""


def tallies(
    starts_on: date,
    ends_on: date,
    commitments: list[Commitment],
    evidence: list[Evidence],
    records: list[DishonestyRecord],
) -> dict[int, dict]:
    """Per unit, counted from whole rows as the office sees them (every row)."""
    due = [c for c in commitments if starts_on <= c.due_on <= ends_on]
    outcome: dict[int, Counter[str]] = {}
    for c in due:
        name = c.status.value
        if c.status == CommitmentStatus.FULFILLED:
            name = "LATE" if c.fulfilled_late else "ON_TIME"
        outcome.setdefault(c.unit_id, Counter())[name] += 1
    unit_of = {c.id: c.unit_id for c in due}
    reviewed: dict[int, Counter[str]] = {}
    for e in evidence:
        if e.commitment_id in unit_of:
            reviewed.setdefault(unit_of[e.commitment_id], Counter())[e.status.value] += 1
    standing = Counter(
        r.unit_id
        for r in records
        if r.unit_id is not None and r.status == RecordStatus.ACTIVE and r.occurred_on <= ends_on
    )
    units = set(outcome) | set(reviewed) | set(standing)
    return {
        unit: {
            "commitments": outcome.get(unit, Counter()),
            "evidence": reviewed.get(unit, Counter()),
            "records": standing.get(unit, 0),
        }
        for unit in units
    }


@pytest.mark.parametrize("period", ["2018", "2018-H2", "2019-Q1"])
async def test_counts_in_sql_equal_counts_of_rows(databases: DatabaseFactory, period: str) -> None:
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        await generate(SIZES["T"])
    span = parse_period(period)
    async with running(url) as (_, office):
        nodes = (await office.data(UNITS, {"period": period}))["units"]["nodes"]
        # Counted after the app started: its deadline clock may have moved commitments on.
        expected = tallies(
            span.starts_on,
            span.ends_on,
            await Commitment.all(),
            await Evidence.all(),
            await DishonestyRecord.all(),
        )
    assert len(nodes) == 100
    seen_work = 0
    for node in nodes:
        got = node["accountability"]
        want = expected.get(pk_of(node["id"], "Unit"))
        commitments = want["commitments"] if want else Counter()
        evidence = want["evidence"] if want else Counter()
        assert got["commitments"] == {
            "total": sum(commitments.values()),
            "onTime": commitments["ON_TIME"],
            "late": commitments["LATE"],
            "overdue": commitments["OVERDUE"],
            "broken": commitments["BROKEN"],
            "withdrawn": commitments["WITHDRAWN"],
            "open": commitments["PLEDGED"],
        }, node["id"]
        assert got["evidence"] == {
            "accepted": evidence["ACCEPTED"],
            "rejected": evidence["REJECTED"],
            "pending": evidence["PENDING"],
        }, node["id"]
        assert got["openDishonestyRecords"] == (want["records"] if want else 0)
        seen_work += got["commitments"]["total"] + sum(got["evidence"].values())
    # The generated data gives the units work in every period asked here.
    assert seen_work > 0
