"""Person and unit views (issue 14): a person's responsibilities include the commitments they
answered for, dishonesty records and PPP breaches naming them; commitments filter by person;
the task list filters by unit through collectives."""

from __future__ import annotations

from tests.api.test_commitment import Scene
from tests.api.test_ppp import person_id
from tests.conftest import GraphQLClient

DUTIES = """
query Duties($id: ID!, $asOf: Date) {
  person(id: $id) {
    responsibilities(asOf: $asOf) {
      kind validFrom validTo unit { name }
      commitment { id content }
      dishonestyRecord { id }
      pppBreach { id description }
    }
  }
}
"""
BY_PERSON = """
query ByPerson($person: ID!) {
  commitments(first: 10, filter: {responsiblePersonId: $person}) {
    totalCount nodes { id responsiblePerson { name } }
  }
}
"""
UNIT_TASKS = """
query UnitTasks($unit: ID!) {
  direct: tasks(first: 50, filter: {unitId: $unit}) { totalCount }
  shared: tasks(first: 50, filter: {unitId: $unit, throughCollectives: true}) {
    totalCount nodes { id }
  }
  unit(id: $unit) { tasks(first: 50, throughCollectives: true) { totalCount nodes { id } } }
}
"""


async def test_a_person_answers_for_their_commitments(seeded: GraphQLClient) -> None:
    scene = await Scene(seeded).load()
    chief = await scene.person("张督查", scene.lead_unit)
    other = await scene.person("李督查", scene.lead_unit)
    mine = await scene.pledge("2018-06-30", responsiblePersonId=chief)
    await scene.pledge("2018-09-30", responsiblePersonId=other)

    duties = (await seeded.data(DUTIES, {"id": chief, "asOf": None}))["person"]
    pledged = [d for d in duties["responsibilities"] if d["kind"] == "COMMITMENT"]
    assert [d["commitment"]["id"] for d in pledged] == [mine["id"]]
    assert pledged[0]["validFrom"] == "2018-01-05"
    assert pledged[0]["validTo"] is None
    assert pledged[0]["unit"]["name"] == "市政府督查室"
    before = (await seeded.data(DUTIES, {"id": chief, "asOf": "2018-01-04"}))["person"]
    assert not [d for d in before["responsibilities"] if d["kind"] == "COMMITMENT"]

    listed = (await seeded.data(BY_PERSON, {"person": chief}))["commitments"]
    assert listed["totalCount"] == 1
    assert listed["nodes"] == [{"id": mine["id"], "responsiblePerson": {"name": "张督查"}}]


async def test_a_person_named_in_a_ppp_breach(seeded: GraphQLClient) -> None:
    ma = await person_id(seeded, "马文涛（示例）")
    duties = (await seeded.data(DUTIES, {"id": ma, "asOf": None}))["person"]["responsibilities"]
    breaches = [d for d in duties if d["kind"] == "PPP_BREACH"]
    assert len(breaches) == 1
    assert breaches[0]["pppBreach"]["description"]
    assert breaches[0]["validFrom"] is not None


REPORT = """
mutation Report($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) { record { id } }
}
"""


async def test_a_person_named_in_a_dishonesty_record(seeded: GraphQLClient) -> None:
    sun = await person_id(seeded, "孙建国（示例）")
    record = (
        await seeded.data(
            REPORT,
            {
                "input": {
                    "personId": sun,
                    "category": "BREACH_OF_PROMISE",
                    "severity": "GENERAL",
                    "facts": "示例：换届后未兑现付费承诺",
                    "occurredOn": "2018-05-10",
                    "reportedOn": "2018-05-10",
                }
            },
        )
    )["dishonestyRecordReport"]["record"]
    duties = (await seeded.data(DUTIES, {"id": sun, "asOf": None}))["person"]["responsibilities"]
    named = [d for d in duties if d["kind"] == "DISHONESTY_RECORD"]
    assert [d["dishonestyRecord"]["id"] for d in named] == [record["id"]]
    # The record names no unit: it is held where he served that day.
    assert named[0]["unit"]["name"] == "凉州区人民政府"
    assert named[0]["validFrom"] == "2018-05-10"
    earlier = (await seeded.data(DUTIES, {"id": sun, "asOf": "2018-05-09"}))["person"]
    assert not [d for d in earlier["responsibilities"] if d["kind"] == "DISHONESTY_RECORD"]


async def test_task_list_by_unit_through_collectives(seeded: GraphQLClient) -> None:
    county = (await seeded.data('{ unitByName(name: "凉州区人民政府") { id } }'))["unitByName"]
    data = await seeded.data(UNIT_TASKS, {"unit": county["id"]})
    assert data["direct"]["totalCount"] == 0
    assert data["shared"]["totalCount"] > 0
    assert data["shared"]["totalCount"] == data["unit"]["tasks"]["totalCount"]
    assert {n["id"] for n in data["shared"]["nodes"]} == {
        n["id"] for n in data["unit"]["tasks"]["nodes"]
    }
