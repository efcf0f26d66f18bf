"""No N+1: nested queries cost the same number of SQL statements at 10 and at 100 items."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from models import AssignmentRole, PositionRole, Task, UnitKind
from resolvers.journal.writer import journaled
from resolvers.person.operations import PositionDraft, appoint, create_person
from resolvers.task.operations import AssignmentDraft, assign
from resolvers.unit.operations import UnitDraft, add_member, create_unit
from seed.load import SEED_ACTOR, import_plan
from seed.parse import parse_plan
from server.database import open_database
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import DatabaseFactory

UNITS = ["市发改委,各县区政府", "市财政局会同市直有关部门、单位,各县区政府", "市人社局、市审计局"]


def big_plan(tasks: int) -> str:
    lines = ["大量任务分工方案", "一、重点任务"]
    for n in range(1, tasks + 1):
        lines.append(f"{n}.任务第{n}项。做好第{n}项工作。(责任单位:{UNITS[n % len(UNITS)]})")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
async def big_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh(seeded=True)
    async with open_database(url), journaled(SEED_ACTOR) as journal:
        outcome = await import_plan(journal, parse_plan(big_plan(120)))
        collective = await create_unit(journal, UnitDraft(name="各乡镇", kind=UnitKind.COLLECTIVE))
        first_task = await Task.filter(plan_id=outcome.plan.pk).using_db(journal.connection).first()
        assert first_task is not None
        for n in range(40):
            town = await create_unit(
                journal, UnitDraft(name=f"第{n}乡人民政府", kind=UnitKind.TOWNSHIP)
            )
            await add_member(journal, collective.pk, town.pk, None)
            person = await create_person(journal, f"乡长{n}")
            await appoint(
                journal, PositionDraft(person.pk, town.pk, "乡长", PositionRole.PRINCIPAL)
            )
            await assign(journal, AssignmentDraft(first_task.pk, town.pk, AssignmentRole.LEAD))
    return url


@pytest.fixture
async def big(big_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(big_url) as (_, client):
        yield client


TASK_TREE = """
query($n: Int!) {
  tasks(first: $n, filter: {search: "任务第"}) {
    nodes {
      code title
      plan { title }
      section { code }
      assignments {
        role writtenName
        unit { name kind members { name } parent { name } }
      }
    }
  }
}
"""

CHAINS = """
query($n: Int!) {
  units(first: $n, filter: {kind: [TOWNSHIP]}) {
    nodes {
      name
      assignments { role task { code plan { title } } }
      memberOf { name }
      positions { title person { name } }
    }
  }
}
"""


async def count(
    client: GraphQLClient, counter: StatementCounter, document: str, variables: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    counter.statements.clear()
    data = await client.data(document, variables)
    return len(counter.statements), data


async def test_task_tree_statements_do_not_grow_with_the_page(
    big: GraphQLClient, sql_statements: StatementCounter
) -> None:
    small, small_data = await count(big, sql_statements, TASK_TREE, {"n": 10})
    large, large_data = await count(big, sql_statements, TASK_TREE, {"n": 100})
    assert len(small_data["tasks"]["nodes"]) == 10
    assert len(large_data["tasks"]["nodes"]) == 100
    assert small == large
    # tasks, plan, section, assignments, units, memberships, member units, parent units
    assert large <= 8, sql_statements.statements


async def test_unit_list_statements_do_not_grow_with_the_page(
    big: GraphQLClient, sql_statements: StatementCounter
) -> None:
    small, _ = await count(big, sql_statements, CHAINS, {"n": 4})
    large, data = await count(big, sql_statements, CHAINS, {"n": 40})
    assert len(data["units"]["nodes"]) == 40
    assert all(unit["positions"] and unit["memberOf"] for unit in data["units"]["nodes"])
    assert small == large
    assert large <= 8, sql_statements.statements


HAND_OFF = """
mutation($planId: ID!) {
  supervisionItemsOpenForPlan(input: {planId: $planId, openedOn: "2018-01-05",
      dueOn: "2018-12-28", rhythm: QUARTERLY, feedbackDay: 25}) { items { id } }
}
"""
SUPERVISION_LISTS = {
    "supervisionItems": """
query($n: Int!) {
  supervisionItems(first: $n) {
    nodes { title task { title } units { role unit { name } feedback { period } } }
  }
}
""",
    "unreportedFeedback": """
query($n: Int!) {
  unreportedFeedback(period: "2018-Q1", first: $n) { nodes { role unit { name } item { title } } }
}
""",
    "unpledgedAssignments": """
query($n: Int!, $planId: ID!) {
  unpledgedAssignments(planId: $planId, first: $n) { nodes { role unit { name } task { title } } }
}
""",
}
PLAN_ID = 'query { plans(filter: {search: "大量任务分工方案"}) { nodes { id } } }'


async def test_supervision_lists_do_not_grow_with_the_page(
    big: GraphQLClient, sql_statements: StatementCounter
) -> None:
    plan = (await big.data(PLAN_ID))["plans"]["nodes"][0]["id"]
    await big.data(HAND_OFF, {"planId": plan})
    await big.data(PLAN_ID)  # warm-up: the first read after the write ran one statement more
    for field, document in SUPERVISION_LISTS.items():
        extra = {"planId": plan} if "$planId" in document else {}
        small, _ = await count(big, sql_statements, document, {"n": 10} | extra)
        large, data = await count(big, sql_statements, document, {"n": 100} | extra)
        assert len(data[field]["nodes"]) == 100, field
        assert small == large, (field, sql_statements.statements)
        assert large <= 6, (field, sql_statements.statements)
