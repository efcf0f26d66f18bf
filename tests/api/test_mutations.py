"""Mutations: changes land with their journal entry; bad input is an error that writes nothing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from tests.api.graph import small_graph
from tests.conftest import GraphQLClient

STATE = "{ journalHead { seq hash } tasks { totalCount } units { totalCount } }"

UPDATE_TASK = """
mutation($input: TaskUpdateInput!) {
  taskUpdate(input: $input) {
    task { id title status version deadline { kind text dueOn rule } section { code } }
  }
}
"""


async def state(client: GraphQLClient) -> dict[str, Any]:
    return await client.data(STATE)


#: (mutation, variables built from the graph ids, expected code, expected field)
BAD: list[tuple[str, str, dict[str, Any], str, str | None]] = [
    (
        "empty unit name",
        "mutation($i: UnitCreateInput!) { unitCreate(input: $i) { unit { id } } }",
        {"i": {"name": "  ", "kind": "OTHER"}},
        "BAD_USER_INPUT",
        "name",
    ),
    (
        "duplicate unit alias",
        "mutation($i: UnitCreateInput!) { unitCreate(input: $i) { unit { id } } }",
        {"i": {"name": "另一个单位", "kind": "OTHER", "aliases": ["测发改委"]}},
        "CONFLICT",
        "name",
    ),
    (
        "task in unknown plan",
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { task { id } } }",
        {"i": {"planId": "UGxhbjo5OTk5", "code": "x", "title": "x"}},
        "NOT_FOUND",
        "planId",
    ),
    (
        "duplicate task code",
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { task { id } } }",
        {"i": {"planId": "$plan", "code": "一.1", "title": "again"}},
        "CONFLICT",
        "code",
    ),
    (
        "date deadline without a date",
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { task { id } } }",
        {"i": {"planId": "$plan", "code": "一.2", "title": "t", "deadline": {"kind": "DATE"}}},
        "BAD_USER_INPUT",
        "deadline.dueOn",
    ),
    (
        "null title on update",
        UPDATE_TASK,
        {"input": {"id": "$task", "title": None}},
        "BAD_USER_INPUT",
        "title",
    ),
    (
        "stale version",
        UPDATE_TASK,
        {"input": {"id": "$task", "title": "x", "expectedVersion": 7}},
        "CONFLICT",
        "expectedVersion",
    ),
    (
        "same unit twice in a role",
        "mutation($i: AssignmentCreateInput!) {"
        " assignmentCreate(input: $i) { assignment { id } } }",
        {"i": {"taskId": "$task", "unitId": "$reform", "role": "LEAD"}},
        "CONFLICT",
        "unitId",
    ),
    (
        "assignment ended twice",
        'mutation($a: ID!) { assignmentEnd(assignmentId: $a, validTo: "2000-01-01", reason: "r")'
        " { assignment { id } } }",
        {"a": "$assignment"},
        "CONFLICT",
        "assignmentId",
    ),
    (
        "member of a non-collective",
        "mutation($c: ID!, $m: ID!) { unitMemberAdd(collectiveId: $c, memberId: $m)"
        " { membership { id } } }",
        {"c": "$finance", "m": "$reform"},
        "BAD_USER_INPUT",
        "collectiveId",
    ),
    (
        "position ending before it starts",
        "mutation($i: PositionCreateInput!) { positionCreate(input: $i) { position { id } } }",
        {
            "i": {
                "personId": "$person",
                "unitId": "$finance",
                "validFrom": "2020-01-02",
                "validTo": "2020-01-01",
            }
        },
        "BAD_USER_INPUT",
        "validTo",
    ),
    (
        "succession cycle",
        "mutation($u: ID!, $s: ID!) { unitSucceed(unitId: $u, successorId: $s,"
        ' effectiveOn: "2019-01-01") { unit { id } } }',
        {"u": "$finance", "s": "$finance"},
        "BAD_USER_INPUT",
        "successorId",
    ),
]


def fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return ids[value[1:]]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("name", "document", "variables", "code", "field"), BAD, ids=[b[0] for b in BAD]
)
async def test_bad_input_is_an_error_and_writes_nothing(
    client: GraphQLClient,
    name: str,
    document: str,
    variables: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    graph = await small_graph(client)
    ids = asdict(graph)
    if name == "assignment ended twice":
        # End it once so a second end is a conflict; the bad call below must then change nothing.
        await client.data(
            'mutation($a: ID!) { assignmentEnd(assignmentId: $a, validTo: "2030-01-01",'
            ' reason: "done") { assignment { id } } }',
            {"a": graph.assignment},
        )
    before = await state(client)
    error = await client.error(document, fill(variables, ids))
    assert error["extensions"]["code"] == code, error
    assert error["extensions"].get("field") == field
    assert await state(client) == before


async def test_update_bumps_version_and_journals_before_and_after(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    updated = (
        await client.data(
            UPDATE_TASK,
            {
                "input": {
                    "id": graph.task,
                    "title": "做好事",
                    "status": "IN_PROGRESS",
                    "expectedVersion": 1,
                    "deadline": {
                        "kind": "RECURRING",
                        "text": "每年12月底前",
                        "rule": "YEARLY:12-31",
                    },
                }
            },
        )
    )["taskUpdate"]["task"]
    assert updated["title"] == "做好事"
    assert updated["status"] == "IN_PROGRESS"
    assert updated["version"] == 2
    assert updated["deadline"] == {
        "kind": "RECURRING",
        "text": "每年12月底前",
        "dueOn": None,
        "rule": "YEARLY:12-31",
    }
    assert updated["section"] == {"code": "一"}
    entries = (
        await client.data(
            "query($id: ID!) {"
            " journal(filter: {entityId: $id}) { nodes { action before after } } }",
            {"id": graph.task},
        )
    )["journal"]["nodes"]
    assert [e["action"] for e in entries] == ["task.create", "task.update"]
    assert entries[1]["before"]["title"] == "做事"
    assert entries[1]["after"]["title"] == "做好事"
    cleared = await client.data(UPDATE_TASK, {"input": {"id": graph.task, "deadline": None}})
    assert cleared["taskUpdate"]["task"]["deadline"] is None


REASSIGN = """
mutation($a: ID!, $u: ID!) {
  assignmentReassign(assignmentId: $a, unitId: $u, effectiveOn: "2019-03-01", reason: "机构调整") {
    ended { validTo endReason unit { name } }
    assignment { validFrom unit { name } }
  }
}
"""

ASSIGNMENTS_ON = """
query($t: ID!, $d: Date) { task(id: $t) { assignments(asOf: $d) { unit { name } } } }
"""


async def test_reassignment_keeps_who_held_it_before(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    result = await client.data(REASSIGN, {"a": graph.assignment, "u": graph.finance})
    ended = result["assignmentReassign"]["ended"]
    assert ended == {
        "validTo": "2019-02-28",
        "endReason": "机构调整",
        "unit": {"name": "测试市发展和改革委员会"},
    }

    async def holders(day: str | None) -> list[str]:
        data = await client.data(ASSIGNMENTS_ON, {"t": graph.task, "d": day})
        return [a["unit"]["name"] for a in data["task"]["assignments"]]

    assert await holders("2019-02-28") == ["测试市发展和改革委员会"]
    assert await holders("2019-03-01") == ["测试市财政局"]
    assert await holders(None) == ["测试市财政局"]


SUCCEED = """
mutation($u: ID!, $s: ID!) {
  unitSucceed(unitId: $u, successorId: $s, effectiveOn: "2019-01-01") {
    unit { validTo successor { name } currentUnit { name } }
  }
}
"""


async def test_succession_resolves_old_names_to_the_current_unit(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    unit = await client.data(SUCCEED, {"u": graph.reform, "s": graph.finance})
    assert unit["unitSucceed"]["unit"] == {
        "validTo": "2018-12-31",
        "successor": {"name": "测试市财政局"},
        "currentUnit": {"name": "测试市财政局"},
    }
    by_alias = await client.data(
        '{ unitByName(name: "测发展改革委") { name currentUnit { name } predecessors { name } } }'
    )
    assert by_alias["unitByName"]["currentUnit"] == {"name": "测试市财政局"}
    cycle = await client.error(SUCCEED, {"u": graph.finance, "s": graph.reform})
    assert cycle["extensions"]["code"] == "BAD_USER_INPUT"


async def test_membership_ends_but_stays_on_record(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    await client.data(
        'mutation($m: ID!) { unitMembershipEnd(membershipId: $m, validTo: "2020-06-30")'
        " { membership { validTo } } }",
        {"m": graph.membership},
    )
    members = """query($u: ID!, $d: Date) { unit(id: $u) {
        members(asOf: $d) { name } memberships { validTo member { name } } } }"""
    now = (await client.data(members, {"u": graph.collective, "d": None}))["unit"]
    assert [m["name"] for m in now["members"]] == ["测试市发展和改革委员会"]
    assert len(now["memberships"]) == 2
    then = (await client.data(members, {"u": graph.collective, "d": "2020-06-30"}))["unit"]
    assert sorted(m["name"] for m in then["members"]) == ["测试市发展和改革委员会", "测试市财政局"]
