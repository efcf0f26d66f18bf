"""Valid time of assignments: from the edition's issue date, no overlaps for one responsibility,
and the person in charge (分管领导/责任人) per assignment instead of every deputy."""

from __future__ import annotations

from tests.api.graph import CREATE_ASSIGNMENT, CREATE_PERSON, CREATE_POSITION, create, small_graph
from tests.api.test_responsibility import task_id
from tests.conftest import GraphQLClient

CHAIN_AS_OF = """
query ChainAsOf($taskId: ID!, $asOf: Date) {
  responsibilityChain(taskId: $taskId, asOf: $asOf) {
    lead { unit { name } assignment { validFrom validTo inChargePost } }
    coResponsible { unit { name } }
    guiding { unit { name } }
  }
}
"""

PEOPLE = """
query People($taskId: ID!, $asOf: Date) {
  responsibilityChain(taskId: $taskId, asOf: $asOf) {
    lead {
      assignment { id version inChargePost }
      responsiblePersons { title role person { name } }
      positions { title person { name } }
    }
  }
}
"""

IN_CHARGE_SET = """
mutation InCharge($input: AssignmentInChargeSetInput!) {
  assignmentInChargeSet(input: $input) { assignment { inChargePost version } }
}
"""


async def test_chain_before_the_issue_date_is_empty(seeded: GraphQLClient) -> None:
    task = await task_id(seeded, "建立健全政务失信记录")
    before = (await seeded.data(CHAIN_AS_OF, {"taskId": task, "asOf": "2016-06-01"}))[
        "responsibilityChain"
    ]
    assert before == {"lead": [], "coResponsible": [], "guiding": []}
    eve = (await seeded.data(CHAIN_AS_OF, {"taskId": task, "asOf": "2017-12-11"}))[
        "responsibilityChain"
    ]
    assert eve["lead"] == []
    issued = (await seeded.data(CHAIN_AS_OF, {"taskId": task, "asOf": "2017-12-12"}))[
        "responsibilityChain"
    ]
    assert [link["unit"]["name"] for link in issued["lead"]] == ["市中级人民法院"]
    assert issued["lead"][0]["assignment"]["validFrom"] == "2017-12-12"
    assert issued["lead"][0]["assignment"]["inChargePost"] == ""
    assert len(issued["coResponsible"]) == 2


async def test_overlapping_valid_time_of_one_responsibility_is_a_conflict(
    client: GraphQLClient,
) -> None:
    graph = await small_graph(client)
    # The small graph's plan has no issue date: its lead assignment holds without a start.
    error = await client.error(
        CREATE_ASSIGNMENT,
        {
            "input": {
                "taskId": graph.task,
                "unitId": graph.reform,
                "role": "LEAD",
                "validFrom": "2030-01-01",
            }
        },
    )
    assert error["extensions"]["code"] == "CONFLICT", error
    assert error["extensions"]["field"] == "unitId"
    closed = await create(
        client,
        CREATE_ASSIGNMENT,
        "assignmentCreate",
        "assignment",
        taskId=graph.task,
        unitId=graph.finance,
        role="CO_RESPONSIBLE",
        validFrom="2018-01-01",
        validTo="2018-12-31",
    )
    assert closed["role"] == "CO_RESPONSIBLE"
    later = await create(
        client,
        CREATE_ASSIGNMENT,
        "assignmentCreate",
        "assignment",
        taskId=graph.task,
        unitId=graph.finance,
        role="CO_RESPONSIBLE",
        validFrom="2019-01-01",
    )
    assert later["id"] != closed["id"]
    for window in ({"validFrom": "2018-06-01", "validTo": "2018-06-30"}, {"validTo": "2018-01-01"}):
        error = await client.error(
            CREATE_ASSIGNMENT,
            {
                "input": {
                    "taskId": graph.task,
                    "unitId": graph.finance,
                    "role": "CO_RESPONSIBLE",
                    **window,
                }
            },
        )
        assert error["extensions"]["code"] == "CONFLICT", (window, error)
    # Another role of the same unit is another responsibility.
    guide = await create(
        client,
        CREATE_ASSIGNMENT,
        "assignmentCreate",
        "assignment",
        taskId=graph.task,
        unitId=graph.finance,
        role="GUIDE",
        validFrom="2018-06-01",
    )
    assert guide["role"] == "GUIDE"
    error = await client.error(
        CREATE_ASSIGNMENT,
        {
            "input": {
                "taskId": graph.task,
                "unitId": graph.finance,
                "role": "GUIDE",
                "validFrom": "2018-06-01",
                "validTo": "2018-05-01",
            }
        },
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error


async def test_the_person_in_charge_answers_not_every_deputy(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    for name, title, role in (("李四", "副主任", "DEPUTY"), ("王五", "分管副主任", "DEPUTY")):
        person = await create(client, CREATE_PERSON, "personCreate", "person", name=name)
        await create(
            client,
            CREATE_POSITION,
            "positionCreate",
            "position",
            personId=person["id"],
            unitId=graph.reform,
            title=title,
            role=role,
            validFrom="2018-01-01",
        )
    variables = {"taskId": graph.task, "asOf": "2019-01-01"}
    [link] = (await client.data(PEOPLE, variables))["responsibilityChain"]["lead"]
    assert [p["person"]["name"] for p in link["responsiblePersons"]] == ["张三"]
    assert sorted(p["person"]["name"] for p in link["positions"]) == ["张三", "李四", "王五"]

    changed = await client.data(
        IN_CHARGE_SET,
        {
            "input": {
                "assignmentId": link["assignment"]["id"],
                "post": "分管副主任",
                "expectedVersion": link["assignment"]["version"],
            }
        },
    )
    assert changed["assignmentInChargeSet"]["assignment"]["inChargePost"] == "分管副主任"
    [link] = (await client.data(PEOPLE, variables))["responsibilityChain"]["lead"]
    assert [p["person"]["name"] for p in link["responsiblePersons"]] == ["王五"]
    # Before anyone held a post there, nobody answers (the chain does not invent people).
    [early] = (await client.data(PEOPLE, {"taskId": graph.task, "asOf": "2017-06-01"}))[
        "responsibilityChain"
    ]["lead"]
    assert early["responsiblePersons"] == []
    stale = await client.error(
        IN_CHARGE_SET,
        {
            "input": {
                "assignmentId": link["assignment"]["id"],
                "post": "",
                "expectedVersion": link["assignment"]["version"] - 1,
            }
        },
    )
    assert stale["extensions"]["code"] == "CONFLICT"


async def test_overlapping_assignments_written_at_once_one_wins(client: GraphQLClient) -> None:
    import asyncio

    graph = await small_graph(client)
    variables = {
        "input": {
            "taskId": graph.task,
            "unitId": graph.finance,
            "role": "CO_RESPONSIBLE",
            "validFrom": "2019-01-01",
        }
    }
    results = await asyncio.gather(*(client.run(CREATE_ASSIGNMENT, variables) for _ in range(4)))
    written = [r for r in results if not r.get("errors")]
    refused = [r["errors"][0]["extensions"]["code"] for r in results if r.get("errors")]
    assert len(written) == 1, results
    assert refused == ["CONFLICT"] * 3
