"""The responsibility chain of seeded tasks, through the HTTP API."""

from __future__ import annotations

from tests.conftest import GraphQLClient

FIND_TASK = """
query FindTask($search: String!) {
  tasks(filter: {search: $search}, first: 5) { nodes { id code title } }
}
"""

CHAIN = """
query Chain($taskId: ID!) {
  responsibilityChain(taskId: $taskId) {
    task { code title }
    lead { unit { name shortName kind } assignment { writtenName rule } }
    coResponsible {
      unit { name kind }
      assignment { writtenName ordinal sourceSpan { start end text } }
      actingUnits { name kind }
    }
    guiding { unit { name } }
  }
}
"""


async def task_id(client: GraphQLClient, title: str) -> str:
    data = await client.data(FIND_TASK, {"search": title})
    matches = [n for n in data["tasks"]["nodes"] if n["title"] == title]
    assert len(matches) == 1, data
    return str(matches[0]["id"])


async def test_dishonesty_record_task_chain(seeded: GraphQLClient) -> None:
    chain = (await seeded.data(CHAIN, {"taskId": await task_id(seeded, "建立健全政务失信记录")}))[
        "responsibilityChain"
    ]
    assert chain["task"]["code"] == "一.(二).2"
    assert [link["unit"]["name"] for link in chain["lead"]] == ["市中级人民法院"]
    assert chain["lead"][0]["unit"]["kind"] == "JUDICIAL_ORGAN"
    co = chain["coResponsible"]
    assert [link["assignment"]["writtenName"] for link in co] == [
        "市直有关部门、单位",
        "各县区政府",
    ]
    counties = co[1]["actingUnits"]
    assert sorted(u["name"] for u in counties) == sorted(
        ["凉州区人民政府", "民勤县人民政府", "古浪县人民政府", "天祝藏族自治县人民政府"]
    )
    assert all(u["kind"] == "COUNTY_GOVERNMENT" for u in counties)
    for link in co:
        span = link["assignment"]["sourceSpan"]
        assert span["text"] == link["assignment"]["writtenName"]
    assert chain["guiding"] == []


async def test_hui_tong_makes_units_before_it_lead(seeded: GraphQLClient) -> None:
    title = "加强政府和社会资本合作领域政务诚信建设"
    chain = (await seeded.data(CHAIN, {"taskId": await task_id(seeded, title)}))[
        "responsibilityChain"
    ]
    assert [link["unit"]["name"] for link in chain["lead"]] == ["市发展和改革委员会", "市财政局"]
    assert [link["assignment"]["writtenName"] for link in chain["lead"]] == ["市发改委", "市财政局"]
    assert {link["assignment"]["rule"] for link in chain["lead"]} == {"HUI_TONG"}
    assert [link["unit"]["name"] for link in chain["coResponsible"]] == [
        "市直有关部门、单位",
        "各县区政府",
    ]
