"""Query plans of the polled lists at a generated size: after ANALYZE, every page statement of
the journal (each filter, both directions) and of the office's commitment lists reads an index,
never a sequential scan of the big table nor a primary-key walk with a filter (EXPLAIN on
PostgreSQL after VACUUM ANALYZE, EXPLAIN QUERY PLAN on SQLite after ANALYZE)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from tortoise import connections

from server.database import open_database
from tests.conftest import GraphQLClient, running
from tests.databases import BACKEND, DatabaseFactory

ENTRIES = 60_000
COMMITMENTS = 20_000

JOURNAL_ROWS = f"""
INSERT INTO journal_entry (seq, recorded_at, actor, action, entity_type, entity_id,
                           before, after, prev_hash, hash)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ENTRIES})
SELECT (SELECT MAX(seq) FROM journal_entry) + i, '2018-06-01 00:00:00+00:00',
       'actor' || (i % 50), 'generated.' || (i % 40),
       CASE WHEN i <= {ENTRIES // 20} THEN 'Plan'
            ELSE CASE i % 5 WHEN 0 THEN 'Task' WHEN 1 THEN 'Commitment' WHEN 2 THEN 'Unit'
                            WHEN 3 THEN 'Evidence' ELSE 'Urging' END END,
       i % 1000, NULL, NULL, 'p' || i, 'h' || i
FROM n
"""

DUE = {
    "postgres": "DATE '2017-01-01' + (i % 730)",
    "sqlite": "date('2017-01-01', '+' || (i % 730) || ' days')",
}
COMMITMENT_ROWS = """
INSERT INTO commitment (created_at, updated_at, version, assignment_id, unit_id, content, target,
                        pledged_on, due_on, public, status, fulfilled_late, status_reason,
                        late_against_original)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
SELECT '2018-01-01 00:00:00+00:00', '2018-01-01 00:00:00+00:00', 1,
       (SELECT MIN(id) FROM assignment), (SELECT unit_id FROM assignment
                                          WHERE id = (SELECT MIN(id) FROM assignment)),
       '生成', '目标', {due}, {due}, FALSE,
       CASE i % 5 WHEN 0 THEN 'PLEDGED' WHEN 1 THEN 'OVERDUE' WHEN 2 THEN 'FULFILLED'
                  WHEN 3 THEN 'BROKEN' ELSE 'WITHDRAWN' END, FALSE, '', FALSE
FROM n
"""

SHAPES = [
    "query { journal(first: 50) { nodes { seq } } }",
    "query { journal(last: 50) { nodes { seq } } }",
    "query { journal(first: 50, direction: DESC) { nodes { seq } } }",
    'query { journal(filter: {entityType: "Task"}, direction: DESC, first: 50) { nodes { seq } } }',
    'query { journal(filter: {entityType: "Task"}, first: 50) { nodes { seq } } }',
    # the case: every match is old, so walking the key back would cross the journal
    'query { journal(filter: {entityType: "Plan"}, direction: DESC, first: 50) { nodes { seq } } }',
    'query { journal(filter: {entityType: "Task"}, last: 50) { nodes { seq } } }',
    'query { journal(filter: {actor: "actor7"}, direction: DESC, first: 50) { nodes { seq } } }',
    'query { journal(filter: {action: "generated.3"}, direction: DESC, first: 50) '
    "{ nodes { seq } } }",
    'query { journal(filter: {entityId: "VGFzazo3"}, direction: DESC, first: 50) '
    "{ nodes { seq } } }",
    'query { overdueCommitments(asOf: "2018-06-01", first: 50) { nodes { id } } }',
    'query { overdueCommitments(asOf: "2018-06-01", last: 50) { nodes { id } } }',
    'query { commitmentsDueWithin(workingDays: 5, asOf: "2018-06-01", first: 50) '
    "{ nodes { id } } }",
]

BIG_TABLES = ("journal_entry", "commitment")
#: A sort of at most this many estimated rows is a narrow window (e.g. a week of due dates).
SMALL_SORT = 1_000


class Statements(logging.Handler):
    """The statements (with their parameters) the ORM sends."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: list[tuple[str, list[Any]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "%s: %s" and isinstance(record.args, tuple) and len(record.args) == 2:
            query, values = record.args
            self.sent.append((str(query), list(values or [])))


@pytest.fixture
def statements() -> Iterator[Statements]:
    logger = logging.getLogger("tortoise.db_client")
    handler, previous = Statements(), logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.fixture(scope="module")
async def big_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        db = connections.get("default")
        await db.execute_script(JOURNAL_ROWS)
        due = DUE["postgres" if BACKEND == "postgres" else "sqlite"]
        await db.execute_script(COMMITMENT_ROWS.format(count=COMMITMENTS, due=due))
    # The app's first deadline-clock tick marks the generated commitments overdue and red
    # (16,000 new journal entries, none of them about a Task): let it run, then VACUUM and
    # ANALYZE as autovacuum would after such a batch — the visibility map lets the planner
    # read a filtered page's seqs from its index alone, and the statistics see the batch.
    async with running(url):
        db = connections.get("default")
        await db.execute_script("VACUUM ANALYZE" if BACKEND == "postgres" else "ANALYZE")
    return url


@pytest.fixture
async def big(big_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(big_url) as (_, client):
        yield client


def page_statements(sent: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
    return [
        (query, values)
        for query, values in sent
        if "LIMIT" in query and any(f'"{table}"' in query for table in BIG_TABLES)
    ]


def bad_postgres_plan(plan: list[str]) -> str | None:
    """Why a PostgreSQL plan is refused, or None."""
    for n, line in enumerate(plan):
        if any(re.search(rf"Seq Scan on {table}\b", line) for table in BIG_TABLES):
            return line
        sorted_rows = re.search(r"rows=(\d+)", line)
        if line.lstrip(" ->").startswith("Sort  (") and (
            sorted_rows is None or int(sorted_rows[1]) > SMALL_SORT
        ):  # every match of a large list sorted for one page
            return line
        if "journal_entry_pkey" in line or "commitment_pkey" in line:
            node = plan[n + 1 :]
            rest = next((i for i, x in enumerate(node) if "->" in x), len(node))
            if any("Filter:" in x for x in node[:rest]):
                return line + " with a filter"
    return None


def bad_sqlite_plan(plan: list[str], filtered: bool = True) -> str | None:
    """Why a SQLite plan is refused, or None: a scan of a big table in rowid (primary-key)
    order is the whole table unless nothing filters it (then it stops at the page)."""
    for line in plan:
        if any(line.startswith(f"SCAN {table}") for table in BIG_TABLES) and (
            "INDEX" not in line and filtered
        ):
            return line
        if "USE TEMP B-TREE FOR ORDER BY" in line:  # every match sorted for one page
            return line
    return None


async def test_every_list_page_reads_an_index(big: GraphQLClient, statements: Statements) -> None:
    checked = 0
    db = connections.get("default")
    for shape in SHAPES:
        statements.sent.clear()
        data = await big.data(shape)
        assert data, shape
        pages = page_statements(statements.sent)
        assert pages, (shape, statements.sent)
        for query, values in pages:
            if BACKEND == "postgres":
                rows = await db.execute_query_dict("EXPLAIN " + query, values)
                plan = [row["QUERY PLAN"] for row in rows]
                refused = bad_postgres_plan(plan)
            else:
                rows = await db.execute_query_dict("EXPLAIN QUERY PLAN " + query, values)
                plan = [row["detail"] for row in rows]
                refused = bad_sqlite_plan(plan, " WHERE " in query)
            assert refused is None, (shape, refused, plan)
            checked += 1
    assert checked >= len(SHAPES)


def test_the_plan_checks_refuse_what_they_should() -> None:
    assert bad_postgres_plan(["Limit", "  ->  Seq Scan on journal_entry"]) is not None
    # A small table whose name starts like a big one's is not that table.
    assert bad_postgres_plan(["Limit", "  ->  Seq Scan on commitment_application"]) is None
    backward = [
        "Limit",
        "  ->  Index Scan Backward using journal_entry_pkey on journal_entry",
        "        Filter: ((entity_type)::text = 'Task'::text)",
    ]
    assert bad_postgres_plan(backward) is not None
    assert bad_postgres_plan(backward[:2]) is None
    assert bad_sqlite_plan(["SCAN journal_entry"]) is not None
    assert bad_sqlite_plan(["SCAN journal_entry"], filtered=False) is None
    assert bad_sqlite_plan(["SEARCH journal_entry USING INDEX i", "USE TEMP B-TREE FOR ORDER BY"])
    assert bad_postgres_plan(["Limit", "  ->  Sort  (cost=1 rows=9000)", "    ->  Bitmap Heap"])
    assert bad_postgres_plan(["Limit", "  ->  Sort  (cost=1 rows=74)"]) is None
    assert bad_postgres_plan(["Limit", "  ->  Incremental Sort  (cost=1)"]) is None
    assert bad_sqlite_plan(["SCAN journal_entry USING INDEX idx_x"]) is None
