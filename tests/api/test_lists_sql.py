"""The office's daily lists answered in SQL: overdue and due-within-N-working-days give exactly
what the former load-everything-and-filter path gave (kept here as the oracle) on a generated
year of deadlines across holidays and 调休 weekends, page by page in both directions, with a
statement count that does not grow with the page."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
from tortoise.expressions import Q, Subquery

from models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    ProgressReport,
    Unit,
    UnitKind,
    Urging,
    UrgingChannel,
)
from resolvers.commitment.due import open_on
from resolvers.commitment.operations import falls_due_on
from resolvers.global_ids import to_global_id
from resolvers.permissions.scopes import RowScopes
from resolvers.supervision.warning_queries import warnings_on
from resolvers.supervision.warnings import RANK
from schema.pagination import encode_cursor
from server.database import open_database
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import SETUP_ACTOR, DatabaseFactory

OVERDUE = """
query($asOf: Date, $first: Int, $after: String, $last: Int, $before: String) {
  overdueCommitments(asOf: $asOf, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id dueOn }
  }
}
"""

DUE_WITHIN = """
query($days: Int!, $asOf: Date, $first: Int, $after: String, $last: Int, $before: String) {
  commitmentsDueWithin(workingDays: $days, asOf: $asOf, first: $first, after: $after,
                       last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id dueOn }
  }
}
"""

OVERDUE_NESTED = """
query($asOf: Date, $n: Int!) {
  overdueCommitments(asOf: $asOf, first: $n) {
    totalCount nodes { content unit { name } task { title } responsiblePerson { name } }
  }
}
"""

#: Days that look at the edges: Spring Festival 2018 with its worked Sunday 02-11, Qingming,
#: Labour Day with its worked Sunday 04-28, National Day with its worked weekend 09-29/30.
DAYS = [
    "2018-02-09", "2018-02-10", "2018-02-11", "2018-02-12", "2018-02-15", "2018-02-22",
    "2018-02-24", "2018-02-26", "2018-04-05", "2018-04-08", "2018-04-28", "2018-05-02",
    "2018-09-29", "2018-09-30", "2018-10-01", "2018-10-08", "2018-12-31", "2019-01-02",
]  # fmt: skip
STATUSES = list(CommitmentStatus)


async def old_overdue(day: date) -> list[int]:
    """The former Python path of ``overdueCommitments``, as it was."""
    rows = await Commitment.filter(open_on(day) & Q(due_on__lt=day)).order_by("due_on", "id")
    return [row.pk for row in rows if falls_due_on(row) < day]


async def old_due_within(day: date, working_days: int) -> list[int]:
    """The former Python path of ``commitmentsDueWithin``, as it was."""
    from resolvers import workdays

    limit = workdays.add_workdays(day, working_days)
    condition = open_on(day) & Q(due_on__gte=day - timedelta(days=12), due_on__lte=limit)
    rows = await Commitment.filter(condition).order_by("due_on", "id")
    return [row.pk for row in rows if day <= falls_due_on(row) <= limit]


@pytest.fixture(scope="module")
async def year_url(databases: DatabaseFactory) -> str:
    """The seed plus 600 commitments due on every day of 2018, in every status."""
    url = await databases.fresh(seeded=True)
    draw = random.Random(19)
    async with open_database(url):
        collectives = Unit.filter(kind=UnitKind.COLLECTIVE).values("id")
        assignments = await Assignment.exclude(unit_id__in=Subquery(collectives)).order_by("id")
        rows = []
        for n in range(600):
            assignment = assignments[n % len(assignments)]
            due = date(2018, 1, 1) + timedelta(days=n % 370)
            pledged = due - timedelta(days=draw.randint(0, 60))
            status = draw.choice(STATUSES)
            closed = None
            if status not in (CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE):
                closed = pledged + timedelta(days=draw.randint(0, 120))
            rows.append(
                Commitment(
                    assignment_id=assignment.pk,
                    unit_id=assignment.unit_id,
                    content=f"生成承诺{n}",
                    target="目标",
                    pledged_on=pledged,
                    due_on=due,
                    status=status,
                    closed_on=closed,
                )
            )
        await Commitment.bulk_create(rows)
        await add_reports_and_urgings(draw)
    return url


async def add_reports_and_urgings(draw: random.Random) -> None:
    """Progress reports (by month, quarter, half or year) and urgings on a third of them."""
    reports, urgings = [], []
    for row in await Commitment.all().order_by("id"):
        if draw.random() < 0.35:
            on = row.pledged_on + timedelta(days=draw.randint(0, 90))
            period = draw.choice(
                [f"{on.year}", f"{on.year}-Q{(on.month - 1) // 3 + 1}", f"{on.year}-{on.month:02d}"]
            )
            reports.append(
                ProgressReport(
                    commitment_id=row.pk,
                    period=period,
                    text="进展",
                    percent_complete=50,
                    reported_on=on,
                )
            )
        for _ in range(draw.choice([0, 0, 1, 2, 2, 3])):
            urgings.append(
                Urging(
                    commitment_id=row.pk,
                    unit_id=row.unit_id,
                    urged_on=row.pledged_on + timedelta(days=draw.randint(0, 45)),
                    channel=UrgingChannel.PHONE,
                    text="请抓紧办理",
                    urged_by="督查室",
                )
            )
    await ProgressReport.bulk_create(reports)
    await Urging.bulk_create(urgings)


@pytest.fixture
async def year(year_url: str) -> AsyncIterator[tuple[GraphQLClient, str]]:
    async with running(year_url) as (_, client):
        yield client, year_url


def node_id(node: dict[str, Any]) -> str:
    return str(node["commitment"]["id"] if "commitment" in node else node["id"])


async def walk(client: GraphQLClient, document: str, field: str, **given: Any) -> list[str]:
    """Every node ID of a list, 7 at a time forward; checks the backward walk matches."""
    forward: list[str] = []
    cursor = None
    while True:
        page = (await client.data(document, given | {"first": 7, "after": cursor}))[field]
        forward += [node_id(node) for node in page["nodes"]]
        assert page["totalCount"] >= len(forward)
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == len(forward)
    backward: list[str] = []
    cursor = None
    while True:
        page = (await client.data(document, given | {"last": 7, "before": cursor}))[field]
        backward = [node_id(node) for node in page["nodes"]] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        cursor = page["pageInfo"]["startCursor"]
    assert backward == forward
    return forward


def ids(pks: list[int]) -> list[str]:
    return [to_global_id("Commitment", pk) for pk in pks]


async def test_overdue_in_sql_equals_the_former_python_path(
    year: tuple[GraphQLClient, str],
) -> None:
    client, url = year
    for day in DAYS:
        listed = await walk(client, OVERDUE, "overdueCommitments", asOf=day)
        async with open_database(url):
            expected = ids(await old_overdue(date.fromisoformat(day)))
        assert listed == expected, day
        assert len(expected) > 20, day  # the generated year really gives each day a list


async def test_due_within_in_sql_equals_the_former_python_path(
    year: tuple[GraphQLClient, str],
) -> None:
    client, url = year
    seen = 0
    for day in DAYS:
        for days in (0, 1, 3, 10):
            listed = await walk(client, DUE_WITHIN, "commitmentsDueWithin", asOf=day, days=days)
            async with open_database(url):
                expected = ids(await old_due_within(date.fromisoformat(day), days))
            assert listed == expected, (day, days)
            seen += len(expected)
    assert seen > 200


async def test_overdue_statements_do_not_grow_with_the_page(
    year: tuple[GraphQLClient, str], sql_statements: StatementCounter
) -> None:
    client, _ = year
    counts = []
    for n in (5, 50):
        await client.data(OVERDUE_NESTED, {"asOf": "2018-12-31", "n": n})  # warm
        sql_statements.statements.clear()
        data = await client.data(OVERDUE_NESTED, {"asOf": "2018-12-31", "n": n})
        assert len(data["overdueCommitments"]["nodes"]) == n
        counts.append(len(sql_statements.statements))
    assert counts[0] == counts[1], sql_statements.statements
    page = [s for s in sql_statements.statements if '"commitment"' in s and "LIMIT" in s]
    assert len(page) == 1, sql_statements.statements  # one keyset statement for the page


WARNINGS_NESTED = """
query($n: Int!) {
  commitmentWarnings(asOf: "2018-06-01", first: $n) {
    totalCount nodes { level reasons commitment { content unit { name } } }
  }
}
"""


async def test_warning_statements_do_not_grow_with_the_page(
    year: tuple[GraphQLClient, str], sql_statements: StatementCounter
) -> None:
    client, _ = year
    counts = []
    for n in (5, 50):
        await client.data(WARNINGS_NESTED, {"n": n})  # warm
        sql_statements.statements.clear()
        data = await client.data(WARNINGS_NESTED, {"n": n})
        assert len(data["commitmentWarnings"]["nodes"]) == n
        counts.append(len(sql_statements.statements))
    assert counts[0] == counts[1], sql_statements.statements
    assert counts[1] <= 6, sql_statements.statements  # page, count, reports, urgings, unit


WARNINGS = """
query($asOf: Date, $levels: [WarningLevel!], $yellow: Int!, $first: Int, $after: String,
      $last: Int, $before: String) {
  commitmentWarnings(asOf: $asOf, levels: $levels, yellowWithin: $yellow, first: $first,
                     after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { level reasons fallsDueOn workingDaysLeft commitment { id } }
  }
}
"""


async def test_warnings_in_sql_equal_the_former_python_path(
    year: tuple[GraphQLClient, str],
) -> None:
    client, url = year
    levels_seen: set[str] = set()
    for day in DAYS[::2]:
        for yellow, levels in ((5, None), (0, ["RED"]), (10, ["YELLOW", "GREEN"])):
            given = {"asOf": day, "yellow": yellow, "levels": levels}
            listed = await walk(client, WARNINGS, "commitmentWarnings", **given)
            async with open_database(url):
                found = await warnings_on(RowScopes(SETUP_ACTOR), date.fromisoformat(day), yellow)
            if levels:
                found = [w for w in found if w.level.value in levels]
            # the former order (level, working day due, id) refined by the due date itself
            found.sort(key=lambda w: (RANK[w.level], w.commitment.due_on, w.commitment.pk))
            for a, b in zip(found, found[1:], strict=False):  # still by the working day due
                assert a.level != b.level or a.falls_due_on <= b.falls_due_on
            assert listed == ids([w.commitment.pk for w in found]), given
            page = await client.data(WARNINGS, given | {"first": 100})
            nodes = page["commitmentWarnings"]["nodes"]
            assert [(n["level"], n["fallsDueOn"], n["workingDaysLeft"]) for n in nodes] == [
                (w.level.value, w.falls_due_on.isoformat(), w.working_days_left)
                for w in found[:100]
            ]
            assert [n["reasons"] for n in nodes] == [list(w.reasons) for w in found[:100]]
            levels_seen |= {w.level.value for w in found}
    assert levels_seen == {"RED", "YELLOW", "GREEN"}


COLLECTIVE = """
query { collective: unitByName(name: "各县区政府") { id members { id name } } }
"""


async def test_unpledged_lists_collective_assignments_until_every_member_pledged(
    seeded: GraphQLClient,
) -> None:
    from tests.api.test_supervision_items import PLEDGE, UNPLEDGED, Scene

    scene = await Scene(seeded).load()
    collective = (await seeded.data(COLLECTIVE))["collective"]
    members = collective["members"]
    assert len(members) >= 2

    async def office_ids() -> dict[str, str]:
        listed = await seeded.data(UNPLEDGED, {"planId": scene.plan, "first": 100})
        return {n["id"]: n["unit"]["name"] for n in listed["unpledgedAssignments"]["nodes"]}

    listed = await office_ids()
    on_collective = [i for i, name in listed.items() if name == "各县区政府"]
    assert on_collective, listed  # the plan's 各县区政府 assignments are on the list
    chosen = on_collective[0]
    member_clients = [await seeded.as_unit(m["id"]) for m in members]
    first_member = await member_clients[0].data(UNPLEDGED, {"first": 100})
    assert chosen in {n["id"] for n in first_member["unpledgedAssignments"]["nodes"]}
    for member, client in zip(members, member_clients, strict=True):
        pledge = {
            "assignmentId": chosen,
            "unitId": member["id"],
            "content": f"{member['name']}落实本项任务",
            "target": "按期完成",
            "pledgedOn": "2018-01-08",
            "dueOn": "2018-12-28",
        }
        await client.data(PLEDGE, {"input": pledge})
        mine = await client.data(UNPLEDGED, {"first": 100})
        assert chosen not in {n["id"] for n in mine["unpledgedAssignments"]["nodes"]}
        if member is not members[-1]:
            assert chosen in await office_ids(), member  # other members still owe a pledge
    assert chosen not in await office_ids()


def test_working_days_between_from_running_counts_equal_the_walk() -> None:
    from resolvers import workdays
    from resolvers.commitment.due import workdays_between

    draw = random.Random(7)
    for _ in range(2000):
        start = date(2016, 1, 1) + timedelta(days=draw.randint(0, 3650))
        end = start + timedelta(days=draw.randint(-20, 800))
        assert workdays_between(start, end) == workdays.workdays_between(start, end)
    # 02-11 (Sunday) worked, 02-12..14, then 春节 02-15..21 off, 02-22 worked
    assert workdays_between(date(2018, 2, 9), date(2018, 2, 22)) == 5


RANKING = """
query($asOf: Date, $by: RankBy!, $desc: Boolean!, $first: Int, $after: String, $last: Int,
      $before: String) {
  unitRanking(period: "2018", by: $by, descending: $desc, asOf: $asOf, first: $first,
              after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes {
      rank total onTime late overdue broken withdrawn open urged onTimeRate completionRate
      unit { id }
    }
  }
}
"""

RANKED_COUNTS = ("total", "onTime", "late", "overdue", "broken", "withdrawn", "open", "urged")


async def old_ranking(day: date, by: str, descending: bool) -> list[tuple[Any, ...]]:
    """The former Python path of ``unitRanking``: every commitment due in 2018 and pledged by
    the day, counted one by one, then sorted (rates rounded as shown, ties by unit ID)."""
    from resolvers import workdays

    chosen = Commitment.filter(
        due_on__gte=date(2018, 1, 1), due_on__lte=date(2018, 12, 31), pledged_on__lte=day
    )
    units: dict[int, dict[str, Any]] = {}
    for row in await chosen:
        unit = units.setdefault(row.unit_id, dict.fromkeys(RANKED_COUNTS, 0))
        unit["total"] += 1
        closed = row.closed_on is not None and row.closed_on <= day
        if closed and row.status == CommitmentStatus.FULFILLED:
            unit["late" if row.fulfilled_late else "onTime"] += 1
        elif closed and row.status in (CommitmentStatus.BROKEN, CommitmentStatus.WITHDRAWN):
            unit["broken" if row.status == CommitmentStatus.BROKEN else "withdrawn"] += 1
        elif workdays.on_or_after(row.due_on) < day:
            unit["overdue"] += 1
        else:
            unit["open"] += 1
    ids_chosen = Subquery(chosen.values("id"))
    for urging in await Urging.filter(commitment_id__in=ids_chosen, urged_on__lte=day):
        units[urging.unit_id]["urged"] += 1
    for unit in units.values():
        fallen = unit["onTime"] + unit["late"] + unit["broken"] + unit["overdue"]
        unit["onTimeRate"] = round(unit["onTime"] / fallen, 4) if fallen else None
        unit["completionRate"] = (
            round((unit["onTime"] + unit["late"]) / fallen, 4) if fallen else None
        )
    key = {"ON_TIME_RATE": "onTimeRate", "OVERDUE": "overdue", "URGED": "urged"}[by]
    sign = -1 if descending else 1

    def order(item: tuple[int, dict[str, Any]]) -> tuple[bool, float, int]:
        value = item[1][key]
        return (value is None, 0.0 if value is None else sign * value, item[0])

    return [
        (rank, to_global_id("Unit", pk), *(unit[name] for name in (*RANKED_COUNTS, "onTimeRate")))
        for rank, (pk, unit) in enumerate(sorted(units.items(), key=order), start=1)
    ]


def ranked_row(node: dict[str, Any]) -> tuple[Any, ...]:
    names = (*RANKED_COUNTS, "onTimeRate")
    return (node["rank"], node["unit"]["id"], *(node[name] for name in names))


async def walk_ranking(client: GraphQLClient, **given: Any) -> list[tuple[Any, ...]]:
    """The whole ranking 5 units at a time forward, checked against the backward walk."""
    forward: list[tuple[Any, ...]] = []
    cursor = None
    while True:
        page = (await client.data(RANKING, given | {"first": 5, "after": cursor}))["unitRanking"]
        forward += [ranked_row(node) for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == len(forward)
    backward: list[tuple[Any, ...]] = []
    cursor = None
    while True:
        page = (await client.data(RANKING, given | {"last": 5, "before": cursor}))["unitRanking"]
        backward = [ranked_row(node) for node in page["nodes"]] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        cursor = page["pageInfo"]["startCursor"]
    assert backward == forward
    return forward


async def test_ranking_in_sql_equals_the_former_python_path(
    year: tuple[GraphQLClient, str],
) -> None:
    client, url = year
    for day in ("2018-03-01", "2018-09-30", "2019-01-02"):
        for by, descending in (("ON_TIME_RATE", True), ("OVERDUE", False), ("URGED", True)):
            given = {"asOf": day, "by": by, "desc": descending}
            listed = await walk_ranking(client, **given)
            async with open_database(url):
                expected = await old_ranking(date.fromisoformat(day), by, descending)
            assert listed == expected, given
            assert len(expected) > 10, given  # the generated year ranks many units


RANKING_NESTED = """
query($n: Int!) {
  unitRanking(period: "2018", asOf: "2018-09-30", first: $n) {
    totalCount nodes { rank onTimeRate unit { name } }
  }
}
"""


async def test_ranking_is_one_statement_whatever_the_page(
    year: tuple[GraphQLClient, str], sql_statements: StatementCounter
) -> None:
    client, _ = year
    counts = []
    for n in (3, 10):
        await client.data(RANKING_NESTED, {"n": n})  # warm
        sql_statements.statements.clear()
        data = await client.data(RANKING_NESTED, {"n": n})
        assert len(data["unitRanking"]["nodes"]) == n
        assert data["unitRanking"]["totalCount"] > n
        counts.append(len(sql_statements.statements))
    assert counts[0] == counts[1], sql_statements.statements
    ranked = [s for s in sql_statements.statements if "ROW_NUMBER()" in s]
    assert len(ranked) == 1, sql_statements.statements  # page and count in one statement
    assert counts[1] <= 3, sql_statements.statements  # the ranking, the units, the actor


async def test_a_ranking_cursor_of_another_list_is_refused(
    year: tuple[GraphQLClient, str],
) -> None:
    client, _ = year
    for cursor in (encode_cursor(["2018-01-01", 3]), encode_cursor(["x"]), "@@"):
        error = await client.error(
            RANKING, {"by": "OVERDUE", "desc": True, "first": 2, "after": cursor}
        )
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "BAD_USER_INPUT",
            "after",
        ), error


PROGRESS = "query($asOf: Date) { progress(asOf: $asOf) { total fulfilled overdue completionRate } }"


async def test_progress_in_sql_equals_the_former_python_path(
    year: tuple[GraphQLClient, str],
) -> None:
    from resolvers import workdays

    client, url = year
    for day in DAYS[::3]:
        found = (await client.data(PROGRESS, {"asOf": day}))["progress"]
        on = date.fromisoformat(day)
        async with open_database(url):
            rows = await Commitment.filter(pledged_on__lte=on)
        fulfilled = sum(
            1
            for c in rows
            if c.status == CommitmentStatus.FULFILLED and c.closed_on and c.closed_on <= on
        )
        still = (CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE)
        overdue = sum(
            1
            for c in rows
            if workdays.on_or_after(c.due_on) < on
            and (c.status in still or (c.closed_on is not None and c.closed_on > on))
        )
        assert found == {
            "total": len(rows),
            "fulfilled": fulfilled,
            "overdue": overdue,
            "completionRate": round(fulfilled / len(rows), 4) if rows else 0.0,
        }, day
        assert overdue > 0, day
