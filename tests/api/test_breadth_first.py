"""Breadth-first execution (resolvers/execution/breadth_first.py) answers exactly as graphql-core
does.

Every document below runs on the same data through two apps: the default one, which executes
queries a level at a time, and one with ``breadth_first=False`` (graphql-core's field-by-field
executor). The response bodies must be equal byte for byte; the documents that should take the
breadth-first pass must not step aside (else this test would compare the standard executor with
itself), and the erroneous ones must step aside so that graphql-core shapes their errors.
"""

from __future__ import annotations

import gc
import json
import logging
from collections import Counter
from typing import Any

import pytest

import models
import schema.task
from bench.dataset import SIZES
from bench.generate import generate
from bench.shapes import ACCOUNTABILITY, CHAIN, COMMITMENT_CHAIN, FLAT, JOURNAL, NODE
from models import PppProject, Task
from resolvers.actor import Role
from resolvers.execution.breadth_first import FALLBACKS, Fallback
from resolvers.global_ids import to_global_id
from server.database import open_database
from tests.conftest import running
from tests.databases import DatabaseFactory
from tests.test_sql_counts_readme import (
    CHAIN_FIELDS,
    DAILY_LISTS,
    PERSONS,
    PLANS,
    RESPONSIBLE_AT_FIELDS,
    TASK_PAGE,
    TIMELINE,
    UNIT_TASKS,
    aliased,
)

SHAPES = """
query Shapes($n: Int!, $withUnits: Boolean!, $skipSection: Boolean = true) {
  kinds: __typename
  tasks(first: $n, after: null) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename id ...TaskBits } }
  }
  again: tasks(last: 3) { nodes { code ... on Task { title } } }
}
fragment TaskBits on Task {
  code
  deadline { kind text dueOn rule }
  section @skip(if: $skipSection) { code }
  sourceSpan { start end text }
  assignments {
    role
    unit @include(if: $withUnits) { __typename id name shortName kind validFrom validTo }
  }
}
"""

NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id ... on Task { code } ... on PppProject { name code } }
}
"""

RELATIONS = """
query Relations($n: Int!) {
  plans(first: 5) {
    nodes {
      title issuer { name } previousEdition { title }
      sections {
        code plan { title } parent { code } children { code } tasks { code plan { title } }
      }
    }
  }
  units(first: $n) {
    nodes {
      name parent { name } successor { name } children { name } predecessors { name }
      memberships { member { name } } positions { title person { name } }
    }
  }
  commitments(first: $n) {
    nodes {
      content unit { name } responsiblePerson { name } task { code }
      assignment { role task { code } unit { name } }
      progressReports { commitment { content } submittedBy { name } evidence { title } }
      evaluations { score }
      evidence(status: ACCEPTED) { title }
    }
  }
}
"""

BAD_NODE = 'query { node(id: "bm90LWEtbm9kZQ==") { id } }'
MISSING_TASK = 'query { responsibilityChain(taskId: "VGFzazo5OTk5OTk5") { task { code } } }'


@pytest.fixture(scope="module")
async def bench_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        await generate(SIZES["T"])
    return url


async def documents() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, document, variables) of every case, from the open database."""
    tasks = await Task.all().order_by("id").limit(30).values_list("id", flat=True)
    projects = await PppProject.all().order_by("id").limit(10).values_list("id", flat=True)
    task_ids = [to_global_id("Task", pk) for pk in tasks]
    project_ids = [to_global_id("PppProject", pk) for pk in projects]
    n = {"n": 25}
    return [
        ("flat", FLAT, n),
        ("chain", CHAIN, n),
        ("commitment chain", COMMITMENT_CHAIN, n),
        ("accountability", ACCOUNTABILITY, {"n": 10}),
        ("journal", JOURNAL, {"n": 50, "after": None}),
        ("node", NODE, {"id": task_ids[0]}),
        ("no node", NODE, {"id": to_global_id("Task", 9_999_999)}),
        ("nodes", NODES, {"ids": [*task_ids[:3], *project_ids[:2]]}),
        ("plans", PLANS, n),
        ("unit tasks", UNIT_TASKS, n),
        ("task page", TASK_PAGE, n),
        ("daily lists", DAILY_LISTS, n),
        ("timeline", TIMELINE, {"n": 5}),
        ("persons", PERSONS, n),
        (
            "responsibility chains",
            aliased(CHAIN_FIELDS, "responsibilityChain", "taskId", task_ids[:8]),
            {},
        ),
        (
            "responsible at",
            aliased(
                RESPONSIBLE_AT_FIELDS,
                "responsibleAt",
                "projectId",
                project_ids[:5],
                ', stage: {planStage: IMPLEMENTATION}, date: "2019-06-30"',
            ),
            {},
        ),
        ("shapes", SHAPES, {"n": 7, "withUnits": True}),
        ("relations", RELATIONS, n),
        ("shapes without units", SHAPES, {"n": 7, "withUnits": False, "skipSection": False}),
    ]


ERRONEOUS = [
    ("not a global id", BAD_NODE, {}),
    ("no such task", MISSING_TASK, {}),
    ("introspection", "{ __schema { queryType { name } } tasks(first: 1) { totalCount } }", {}),
]


Bodies = dict[str, tuple[bytes, bytes]]


def operation_name(document: str) -> str:
    """The name the executor logs for ``document``'s operation."""
    head = document.strip().split("{", 1)[0].split("(", 1)[0].split()
    return head[1] if len(head) > 1 else "(anonymous)"


async def responses(
    url: str,
    breadth_first: bool,
    cases: list[tuple[str, str, dict[str, Any]]],
    unit_token: str,
    caplog: pytest.LogCaptureFixture,
) -> tuple[Bodies, dict[str, list[str]]]:
    """Each case's body as the office and as the unit's account; the step-asides per client."""
    bodies: Bodies = {}
    stepped_aside: dict[str, list[str]] = {"office": [], "unit": []}
    async with running(url, breadth_first=breadth_first) as (_, office):
        unit = office.with_token(unit_token)
        for name, document, variables in cases:
            seen = []
            for who, client in (("office", office), ("unit", unit)):
                caplog.clear()
                response = await client.post(document, variables)
                assert response.status_code == 200, (name, response.text)
                seen.append(response.content)
                for record in caplog.records:
                    if "stepped aside" in record.getMessage():
                        # Every fallback is visible: a WARNING naming the operation and reason.
                        assert record.levelno == logging.WARNING
                        assert record.args
                        operation, reason = record.args[0], record.args[1]
                        assert operation == operation_name(document), record.getMessage()
                        stepped_aside[who].append(f"{name} ({reason})")
            bodies[name] = (seen[0], seen[1])
    return bodies, stepped_aside


async def test_breadth_first_answers_as_graphql_core_does(
    bench_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(bench_url) as (_, office):
        unit = await office.as_unit("市发改委")
        assert unit.token
        cases = await documents()
    caplog.set_level(logging.DEBUG, logger="resolvers.execution.breadth_first")
    counted = FALLBACKS.copy()
    fast, stepped_aside = await responses(bench_url, True, cases, unit.token, caplog)
    assert FALLBACKS - counted == Counter({Fallback.ERROR: 2})
    # The office may read all of it; the unit is refused some (those errors step aside).
    # The office may read all of it; the unit is refused exactly these (refusals are errors,
    # which graphql-core shapes), and nothing falls back for a shape the pass does not handle.
    assert stepped_aside["office"] == []
    assert stepped_aside["unit"] == ["journal (error)", "responsible at (error)"], stepped_aside
    standard, _ = await responses(bench_url, False, cases, unit.token, caplog)
    for name, _, _ in cases:
        assert fast[name] == standard[name], name
        assert b'"errors"' not in fast[name][0], (name, fast[name][0][:500])
        refused = any(seen.startswith(f"{name} (") for seen in stepped_aside["unit"])
        assert (b'"errors"' in fast[name][1]) == refused, name
    # The cases are not empty.
    chain = json.loads(fast["chain"][0])["data"]["tasks"]["nodes"]
    assert len(chain) == 25
    assert sum(len(task["assignments"]) for task in chain) > 25
    assert json.loads(fast["no node"][0])["data"] == {"node": None}
    relations = json.loads(fast["relations"][0])["data"]
    sections = [s for plan in relations["plans"]["nodes"] for s in plan["sections"]]
    assert any(s["parent"] and s["tasks"] for s in sections)
    assert any(c["assignment"]["task"] for c in relations["commitments"]["nodes"])
    assert any(u["memberships"] for u in relations["units"]["nodes"])


async def test_errors_are_left_to_graphql_core(
    bench_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="resolvers.execution.breadth_first")
    async with running(bench_url) as (_, office):
        unit = await office.as_roles(Role.UNIT_STAFF, unit="市发改委")
        assert unit.token
    fast, stepped_aside = await responses(bench_url, True, ERRONEOUS, unit.token, caplog)
    names = ["not a global id (error)", "no such task (error)", "introspection (introspection)"]
    assert stepped_aside == {"office": names, "unit": names}
    standard, _ = await responses(bench_url, False, ERRONEOUS, unit.token, caplog)
    assert fast == standard
    assert b'"NOT_FOUND"' in fast["no such task"][0]
    assert b'"BAD_USER_INPUT"' in fast["not a global id"][0]
    assert b'"queryType"' in fast["introspection"][0]


def alive(*kinds: type) -> int:
    """Objects of ``kinds`` the cyclic collector still tracks: alive or in unreachable cycles."""
    return sum(1 for o in gc.get_objects() if isinstance(o, kinds))


@pytest.mark.parametrize("breadth_first", [True, False])
async def test_a_request_is_freed_as_it_ends(bench_url: str, breadth_first: bool) -> None:
    """Rows and GraphQL objects of an answered request are freed by reference counting, not
    left in reference cycles for the cyclic collector (server/collector.py keeps it out of
    requests; what it would have to walk afterwards is what requests leave in cycles)."""
    kinds = (models.Assignment, models.Task, schema.task.Assignment, schema.task.Task)
    async with running(bench_url, breadth_first=breadth_first) as (_, office):
        await office.data(CHAIN, {"n": 25})
        gc.collect()
        enabled = gc.isenabled()
        gc.disable()
        try:
            before = alive(*kinds)
            data = await office.data(CHAIN, {"n": 25})
            after = alive(*kinds)
        finally:
            if enabled:
                gc.enable()
    assert len(data["tasks"]["nodes"]) == 25
    assert sum(len(task["assignments"]) for task in data["tasks"]["nodes"]) > 25
    assert after - before == 0
