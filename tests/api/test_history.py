"""Record time: a node's journal history, and its state as recorded at a moment, which later
corrections never change."""

from __future__ import annotations

from tests.conftest import GraphQLClient

FIND = '{ pppProjects(first: 1, filter: {search: "WW-PPP-EX-001"}) { nodes { id name } } }'
HISTORY = """
query($id: ID!) { history(id: $id, first: 50) { totalCount nodes { seq action recordedAt } } }
"""
AS_RECORDED = """
query($id: ID!, $at: DateTime!) {
  asRecordedAt(id: $id, at: $at) {
    at entry { seq action } values
    node { id ... on PppProject { name version sector } ... on Task { title status } }
  }
}
"""
UPDATE = """
mutation($id: ID!, $name: String!, $v: Int) {
  pppProjectUpdate(input: {id: $id, name: $name, sector: "更正后的行业", expectedVersion: $v}) {
    project { name version }
  }
}
"""
TASK = '{ tasks(first: 1, filter: {search: "建立健全政务失信记录"}) { nodes { id title } } }'
TASK_UPDATE = """
mutation($id: ID!) { taskUpdate(input: {id: $id, status: IN_PROGRESS}) { task { status } } }
"""


async def test_correction_leaves_the_reported_state_unchanged(seeded: GraphQLClient) -> None:
    project = (await seeded.data(FIND))["pppProjects"]["nodes"][0]
    entries = (await seeded.data(HISTORY, {"id": project["id"]}))["history"]["nodes"]
    assert entries[0]["action"] == "pppproject.create"
    report_time = entries[-1]["recordedAt"]
    reported = await seeded.data(AS_RECORDED, {"id": project["id"], "at": report_time})
    state = reported["asRecordedAt"]
    assert state["values"]["name"] == project["name"]
    assert state["node"] == {
        "id": project["id"],
        "name": project["name"],
        "version": 1,
        "sector": "市政工程（污水处理）",
    }
    updated = await seeded.data(UPDATE, {"id": project["id"], "name": "更正后的名称", "v": 1})
    assert updated["pppProjectUpdate"]["project"] == {"name": "更正后的名称", "version": 2}
    again = await seeded.data(AS_RECORDED, {"id": project["id"], "at": report_time})
    assert again == reported
    history = (await seeded.data(HISTORY, {"id": project["id"]}))["history"]
    assert history["totalCount"] == len(entries) + 1
    latest = history["nodes"][-1]
    assert latest["action"] == "pppproject.update"
    now = await seeded.data(AS_RECORDED, {"id": project["id"], "at": latest["recordedAt"]})
    assert now["asRecordedAt"]["node"]["name"] == "更正后的名称"
    assert now["asRecordedAt"]["entry"]["seq"] == latest["seq"]


async def test_before_it_was_recorded_there_is_nothing(seeded: GraphQLClient) -> None:
    project = (await seeded.data(FIND))["pppProjects"]["nodes"][0]
    earlier = await seeded.data(AS_RECORDED, {"id": project["id"], "at": "2000-01-01T00:00:00Z"})
    assert earlier["asRecordedAt"] is None


async def test_any_node_type_travels_in_record_time(seeded: GraphQLClient) -> None:
    task = (await seeded.data(TASK))["tasks"]["nodes"][0]
    created = (await seeded.data(HISTORY, {"id": task["id"]}))["history"]["nodes"][-1]
    await seeded.data(TASK_UPDATE, {"id": task["id"]})
    then = await seeded.data(AS_RECORDED, {"id": task["id"], "at": created["recordedAt"]})
    assert then["asRecordedAt"]["node"] == {
        "id": task["id"],
        "title": task["title"],
        "status": "NOT_STARTED",
    }
    assert then["asRecordedAt"]["values"]["status"] == "NOT_STARTED"


async def test_history_of_a_malformed_id_is_bad_input(seeded: GraphQLClient) -> None:
    error = await seeded.error(HISTORY, {"id": "not-an-id"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
