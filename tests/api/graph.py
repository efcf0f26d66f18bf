"""Building a small graph through the public mutations, for tests that need fresh objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import GraphQLClient

CREATE_UNIT = """
mutation($input: UnitCreateInput!) { unitCreate(input: $input) { unit { id name version } } }
"""
CREATE_PLAN = """
mutation($input: PlanCreateInput!) { planCreate(input: $input) { plan { id title version } } }
"""
CREATE_SECTION = """
mutation($input: SectionCreateInput!) { sectionCreate(input: $input) { section { id code } } }
"""
CREATE_TASK = """
mutation($input: TaskCreateInput!) { taskCreate(input: $input) { task { id code version } } }
"""
CREATE_ASSIGNMENT = """
mutation($input: AssignmentCreateInput!) {
  assignmentCreate(input: $input) { assignment { id role ordinal version } }
}
"""
CREATE_PERSON = """
mutation($input: PersonCreateInput!) { personCreate(input: $input) { person { id name } } }
"""
CREATE_POSITION = """
mutation($input: PositionCreateInput!) { positionCreate(input: $input) { position { id } } }
"""
ADD_MEMBER = """
mutation($c: ID!, $m: ID!) {
  unitMemberAdd(collectiveId: $c, memberId: $m) { membership { id } }
}
"""


async def create(
    client: GraphQLClient, document: str, payload: str, thing: str, **input: Any
) -> dict[str, Any]:
    data = await client.data(document, {"input": input})
    created: dict[str, Any] = data[payload][thing]
    return created


@dataclass
class SmallGraph:
    """Two departments, a collective of both, a plan with one section and task, a person."""

    finance: str
    reform: str
    collective: str
    membership: str
    plan: str
    section: str
    task: str
    assignment: str
    person: str
    position: str


async def small_graph(client: GraphQLClient) -> SmallGraph:
    finance = await create(
        client,
        CREATE_UNIT,
        "unitCreate",
        "unit",
        name="测试市财政局",
        shortName="测财政",
        kind="MUNICIPAL_DEPARTMENT",
    )
    reform = await create(
        client,
        CREATE_UNIT,
        "unitCreate",
        "unit",
        name="测试市发展和改革委员会",
        shortName="测发改委",
        kind="MUNICIPAL_DEPARTMENT",
        aliases=["测发展改革委"],
    )
    collective = await create(
        client, CREATE_UNIT, "unitCreate", "unit", name="测试各部门", kind="COLLECTIVE"
    )
    membership = (await client.data(ADD_MEMBER, {"c": collective["id"], "m": finance["id"]}))[
        "unitMemberAdd"
    ]["membership"]
    await client.data(ADD_MEMBER, {"c": collective["id"], "m": reform["id"]})
    plan = await create(
        client, CREATE_PLAN, "planCreate", "plan", title="测试方案", sourceText="一、任务\n1.做事。"
    )
    section = await create(
        client,
        CREATE_SECTION,
        "sectionCreate",
        "section",
        planId=plan["id"],
        code="一",
        title="任务",
    )
    task = await create(
        client,
        CREATE_TASK,
        "taskCreate",
        "task",
        planId=plan["id"],
        sectionId=section["id"],
        code="一.1",
        title="做事",
    )
    assignment = await create(
        client,
        CREATE_ASSIGNMENT,
        "assignmentCreate",
        "assignment",
        taskId=task["id"],
        unitId=reform["id"],
        role="LEAD",
    )
    person = await create(client, CREATE_PERSON, "personCreate", "person", name="张三")
    position = await create(
        client,
        CREATE_POSITION,
        "positionCreate",
        "position",
        personId=person["id"],
        unitId=reform["id"],
        title="主任",
        role="PRINCIPAL",
        validFrom="2018-01-01",
    )
    return SmallGraph(
        finance=finance["id"],
        reform=reform["id"],
        collective=collective["id"],
        membership=membership["id"],
        plan=plan["id"],
        section=section["id"],
        task=task["id"],
        assignment=assignment["id"],
        person=person["id"],
        position=position["id"],
    )
