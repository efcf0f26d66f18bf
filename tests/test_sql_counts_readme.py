"""No N+1 in the README's nested queries: on bench data (size T), each costs the same number of
SQL statements for 10 and for 100 items, and at most one per relation level plus one (statements
every request makes, such as authentication, measured with ``{ __typename }``, not counted).

Queries that the README asks for one object (``unitByName``, ``responsibilityChain``,
``responsibleAt``) are asked here for a page of objects (or as aliased root fields, which
batch the same way), so a per-object query would show as a growing count.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bench.dataset import SIZES
from bench.generate import generate
from models import Evidence, PppProject, Task
from resolvers.global_ids import to_global_id
from server.database import open_database
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import DatabaseFactory

PLANS = """
query($n: Int!) { plans(first: $n) { nodes { title issuedOn tasks { totalCount } } } }
"""

CHAIN_FIELDS = """
  task { code title }
  lead { unit { name shortName } assignment { writtenName rule }
         responsiblePersons { title person { name } } }
  coResponsible {
    unit { name kind }
    actingUnits { name }
    responsiblePersons { title role person { name } }
    commitments { status evidence { status } }
  }
  guiding { unit { name } }
"""

UNIT_TASKS = """
query($n: Int!) {
  units(first: $n, filter: {search: "合成"}) {
    nodes {
      name
      memberOf { name }
      tasks(role: CO_RESPONSIBLE, throughCollectives: true, first: 5) {
        totalCount
        nodes { code title plan { title } }
      }
    }
  }
}
"""

TASK_PAGE = """
query($n: Int!) {
  tasks(first: $n, filter: {role: LEAD}, orderBy: {field: PLAN_ORDER, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id code title status section { code title } assignments { role unit { shortName } } }
  }
}
"""

JOURNAL = """
query($n: Int!) {
  journalHead { seq hash }
  journal(filter: {entityType: "Assignment"}, first: $n, direction: DESC) {
    nodes { seq recordedAt actor action entityId before after hash }
  }
}
"""

DAILY_LISTS = """
query($n: Int!) {
  overdueCommitments(asOf: "2020-06-30", first: $n) {
    totalCount nodes { content dueOn unit { name } }
  }
  commitmentsDueWithin(workingDays: 250, asOf: "2018-03-01", first: $n) {
    nodes { content dueOn }
  }
}
"""

ACCOUNTABILITY = """
query($n: Int!) {
  units(first: $n, filter: {search: "合成"}) {
    nodes {
      name
      accountability(period: "2018年度") {
        tasksLed tasksShared
        commitments { total onTime late overdue broken withdrawn open }
        evidence { accepted rejected pending }
        averageScore openDishonestyRecords
      }
    }
  }
}
"""

RESPONSIBLE_AT_FIELDS = """
  person { name } unit { name } validFrom validTo startReason predecessor { person { name } }
"""

TIMELINE = """
query($n: Int!) {
  pppProjects(first: $n) {
    nodes {
      name regimes { regime validFrom validTo }
      timeline { on kind summary node { id } }
      stages { planStage lifecycleStage coverageIssues { kind start end } }
    }
  }
}
"""

PERSONS = """
query($n: Int!) {
  persons(first: $n) {
    nodes {
      name
      responsibilities(from: "2016-01-01", to: "2019-12-31") {
        kind validFrom validTo description unit { name } viaCollective { name }
      }
    }
  }
}
"""


def aliased(fields: str, root: str, argument: str, ids: list[str], extra: str = "") -> str:
    """One document asking ``root`` for each id under its own alias (t0, t1, …)."""
    parts = [
        f'  t{i}: {root}({argument}: "{id_}"{extra}) {{{fields}}}' for i, id_ in enumerate(ids)
    ]
    return "query {\n" + "\n".join(parts) + "\n}"


@dataclass(frozen=True)
class Ids:
    tasks: list[str]
    projects: list[str]


@dataclass(frozen=True)
class Case:
    """A README query scaled to ``n`` items; ``levels`` relations below the root list."""

    name: str
    document: Callable[[Ids, int], str]
    items: Callable[[dict[str, Any]], int]
    levels: int
    #: Aliased root fields stop at the server's alias limit (30) instead of 100.
    sizes: tuple[int, int] = (10, 100)


ALIASED = (10, 30)
OVERHEAD = "query { __typename }"


def constant(document: str) -> Callable[[Ids, int], str]:
    return lambda ids, n: document


CASES = [
    pytest.param(
        Case("plans", constant(PLANS), lambda d: len(d["plans"]["nodes"]), 2),
        id="plans-tasks-totalCount",
    ),
    pytest.param(
        Case(
            "chain",
            lambda ids, n: aliased(CHAIN_FIELDS, "responsibilityChain", "taskId", ids.tasks[:n]),
            len,
            # task, assignments, units, memberships, member units, positions, persons,
            # commitments, evidence
            9,
            ALIASED,
        ),
        id="responsibilityChain",
    ),
    pytest.param(
        Case("unit-tasks", constant(UNIT_TASKS), lambda d: len(d["units"]["nodes"]), 6),
        id="unit-memberOf-tasks",
    ),
    pytest.param(
        Case("task-page", constant(TASK_PAGE), lambda d: len(d["tasks"]["nodes"]), 4),
        id="tasks-page",
    ),
    pytest.param(
        # Two levels: a filtered page reads its seqs from the filter's index, then the entries
        # by seq (issue 19: no primary-key walk with a filter on PostgreSQL).
        Case("journal", constant(JOURNAL), lambda d: len(d["journal"]["nodes"]), 2),
        id="journal",
    ),
    pytest.param(
        Case(
            "daily-lists",
            constant(DAILY_LISTS),
            lambda d: min(
                len(d[k]["nodes"]) for k in ("overdueCommitments", "commitmentsDueWithin")
            ),
            # Five: each list is one keyset page in SQL (issue 19), and `totalCount` is one
            # COUNT statement instead of the length of every match loaded; on a past day each
            # list first reads the extensions decided after it (one statement), so the page and
            # the count stay index ranges.
            5,
        ),
        id="overdue-and-due-within",
    ),
    pytest.param(
        # Seven levels: the urgings of the period (催办, issue 13) are one more grouped statement.
        Case("accountability", constant(ACCOUNTABILITY), lambda d: len(d["units"]["nodes"]), 7),
        id="unit-accountability",
    ),
    pytest.param(
        Case(
            "responsible-at",
            lambda ids, n: aliased(
                RESPONSIBLE_AT_FIELDS,
                "responsibleAt",
                "projectId",
                ids.projects[:n],
                ', stage: {planStage: IMPLEMENTATION}, date: "2019-06-30"',
            ),
            len,
            # project, stages, responsibilities, persons, units, predecessors
            6,
            ALIASED,
        ),
        id="ppp-responsibleAt",
    ),
    pytest.param(
        Case("timeline", constant(TIMELINE), lambda d: len(d["pppProjects"]["nodes"]), 9),
        id="ppp-timeline",
    ),
    pytest.param(
        # 10, and (issue 14) one batch each for the commitments, dishonesty records and PPP
        # breaches naming the persons of the page.
        Case("persons", constant(PERSONS), lambda d: len(d["persons"]["nodes"]), 13),
        id="person-responsibilities",
    ),
]


@pytest.fixture(scope="module")
async def bench_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        await generate(SIZES["T"])
    return url


@pytest.fixture
async def bench(bench_url: str) -> AsyncIterator[tuple[GraphQLClient, Ids]]:
    async with running(bench_url) as (_, client):
        # Tasks whose commitments have evidence first, so that 10 chains reach every level
        # (commitments, evidence) as 30 do: a level without rows sends no statement.
        with_evidence = await Evidence.all().values_list(
            "commitment__assignment__task_id", flat=True
        )
        first = sorted(set(with_evidence))
        rest = (
            await Task.exclude(id__in=first).order_by("id").limit(100).values_list("id", flat=True)
        )
        tasks = [*first, *rest][:100]
        projects = await PppProject.all().order_by("id").limit(100).values_list("id", flat=True)
        yield (
            client,
            Ids(
                tasks=[to_global_id("Task", pk) for pk in tasks],
                projects=[to_global_id("PppProject", pk) for pk in projects],
            ),
        )


@pytest.mark.parametrize("case", CASES)
async def test_statements_do_not_grow_with_the_page(
    bench: tuple[GraphQLClient, Ids], sql_statements: StatementCounter, case: Case
) -> None:
    client, ids = bench
    # What every request costs whatever it asks (e.g. authentication) is not the query's.
    sql_statements.statements.clear()
    await client.data(OVERHEAD)
    overhead = len(sql_statements.statements)
    counts, sizes = [], []
    for n in case.sizes:
        document = case.document(ids, n)
        sql_statements.statements.clear()
        data = await client.data(document, {"n": n} if "$n" in document else None)
        counts.append(len(sql_statements.statements) - overhead)
        sizes.append(case.items(data))
    assert sizes == list(case.sizes), sizes
    assert counts[0] == counts[1], (counts, sql_statements.statements)
    assert counts[1] <= case.levels + 1, sql_statements.statements
