"""Succession (机构改革): on its day the successor takes over the predecessor's open assignments,
commitments and PPP stage responsibilities; before it the old unit answers, after it the new."""

from __future__ import annotations

from typing import Any

from tests.api.graph import CREATE_UNIT, create
from tests.api.test_responsibility import task_id
from tests.api.test_valid_time import CHAIN_AS_OF
from tests.conftest import GraphQLClient

SUCCEED = """
mutation Succeed($input: UnitSucceedInput!) {
  unitSucceed(input: $input) { unit { name validTo successor { name } } }
}
"""
UNIT = "query($name: String!) { unitByName(name: $name) { id kind } }"
PLEDGE = """
mutation Pledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id unit { name } } }
}
"""
COMMITMENT = """
query Commitment($id: ID!) {
  node(id: $id) { ... on Commitment { status unit { name } assignment { unit { name } } } }
}
"""
PPP = """
{
  pppProjects(first: 20) {
    nodes {
      stages { responsibilities { validFrom validTo endReason unit { name } person { name } } }
    }
  }
}
"""
HEAD = """
query Tasks($unit: ID!) { tasks(first: 1, filter: {unitId: $unit}) { totalCount } }
"""


def lead_names(chain: dict[str, Any]) -> list[str]:
    """The units named by the chain, lead and co-responsible, in order."""
    links = chain["responsibilityChain"]["lead"] + chain["responsibilityChain"]["coResponsible"]
    return [link["unit"]["name"] for link in links]


def ppp_periods(data: dict[str, Any], unit: str) -> list[dict[str, Any]]:
    return [
        r
        for p in data["pppProjects"]["nodes"]
        for s in p["stages"]
        for r in s["responsibilities"]
        if r["unit"]["name"] == unit
    ]


async def unit_id(client: GraphQLClient, name: str) -> str:
    return str((await client.data(UNIT, {"name": name}))["unitByName"]["id"])


async def test_succession_moves_duties_on_its_day(seeded: GraphQLClient) -> None:
    supervision = await unit_id(seeded, "市监察局")
    gulang = await unit_id(seeded, "古浪县人民政府")
    commission = await create(
        seeded, CREATE_UNIT, "unitCreate", "unit", name="武威市监察委员会", kind="OTHER"
    )
    treasury = await create(
        seeded, CREATE_UNIT, "unitCreate", "unit", name="古浪县人民政府（新）", kind="OTHER"
    )
    debt = await task_id(seeded, "加强地方政府债务领域政务诚信建设")
    chain = await seeded.data(CHAIN_AS_OF, {"taskId": debt, "asOf": "2018-01-10"})
    assert lead_names(chain) == ["市财政局", "市监察局", "市审计局", "各县区政府"]
    [assignment] = [
        link
        for link in (
            await seeded.data(
                "query($t: ID!) { responsibilityChain(taskId: $t) "
                "{ coResponsible { assignment { id } unit { name } } } }",
                {"t": debt},
            )
        )["responsibilityChain"]["coResponsible"]
        if link["unit"]["name"] == "市监察局"
    ]
    leader = await seeded.as_unit(supervision)
    pledged = (
        await leader.data(
            PLEDGE,
            {
                "input": {
                    "assignmentId": assignment["assignment"]["id"],
                    "content": "建立债务问责机制",
                    "target": "制度1项",
                    "pledgedOn": "2018-01-10",
                    "dueOn": "2018-12-31",
                }
            },
        )
    )["commitmentPledge"]["commitment"]
    assert pledged["unit"]["name"] == "市监察局"
    tasks_before = (await seeded.data(HEAD, {"unit": supervision}))["tasks"]["totalCount"]
    assert tasks_before > 0
    ppp_before = [
        r for r in ppp_periods(await seeded.data(PPP), "古浪县人民政府") if r["validTo"] is None
    ]
    assert ppp_before

    result = await seeded.data(
        SUCCEED,
        {
            "input": {
                "unitId": supervision,
                "successorId": commission["id"],
                "effectiveOn": "2018-03-01",
            }
        },
    )
    assert result["unitSucceed"]["unit"]["validTo"] == "2018-02-28"

    before = await seeded.data(CHAIN_AS_OF, {"taskId": debt, "asOf": "2018-02-28"})
    after = await seeded.data(CHAIN_AS_OF, {"taskId": debt, "asOf": "2018-03-01"})
    assert lead_names(before) == ["市财政局", "市监察局", "市审计局", "各县区政府"]
    assert lead_names(after) == ["市财政局", "武威市监察委员会", "市审计局", "各县区政府"]
    now = await seeded.data(CHAIN_AS_OF, {"taskId": debt, "asOf": None})
    assert "市监察局" not in lead_names(now)
    assert (await seeded.data(HEAD, {"unit": supervision}))["tasks"]["totalCount"] == 0
    assert (await seeded.data(HEAD, {"unit": commission["id"]}))["tasks"]["totalCount"] == (
        tasks_before
    )
    moved = (await seeded.data(COMMITMENT, {"id": pledged["id"]}))["node"]
    assert moved == {
        "status": "PLEDGED",
        "unit": {"name": "武威市监察委员会"},
        "assignment": {"unit": {"name": "武威市监察委员会"}},
    }

    # PPP stage responsibilities: the old unit's periods end the day before, the same person
    # answers through the successor from the day.
    await seeded.data(
        SUCCEED,
        {"input": {"unitId": gulang, "successorId": treasury["id"], "effectiveOn": "2024-01-01"}},
    )
    data = await seeded.data(PPP)
    old = [r for r in ppp_periods(data, "古浪县人民政府") if r["validTo"] == "2023-12-31"]
    new = ppp_periods(data, "古浪县人民政府（新）")
    assert len(old) == len(ppp_before) == len(new)
    assert all(r["validTo"] is not None for r in ppp_periods(data, "古浪县人民政府"))
    assert {r["endReason"] for r in old} == {"REASSIGNMENT"}
    assert {r["validFrom"] for r in new} == {"2024-01-01"}
    assert sorted(r["person"]["name"] for r in new) == sorted(r["person"]["name"] for r in old)


async def test_succession_into_an_ended_unit_is_an_invalid_transition(
    seeded: GraphQLClient,
) -> None:
    audit = await unit_id(seeded, "市审计局")
    reform = await unit_id(seeded, "市行政审批制度改革办公室")
    investment = await unit_id(seeded, "市招商局")
    await seeded.data(
        SUCCEED,
        {"input": {"unitId": reform, "successorId": investment, "effectiveOn": "2019-01-01"}},
    )
    error = await seeded.error(
        SUCCEED, {"input": {"unitId": audit, "successorId": reform, "effectiveOn": "2019-06-01"}}
    )
    assert error["extensions"]["code"] == "INVALID_TRANSITION", error
    assert error["extensions"]["field"] == "successorId"
    # Nothing moved: the audit office still answers for its tasks.
    assert (await seeded.data(HEAD, {"unit": audit}))["tasks"]["totalCount"] > 0


async def test_the_readme_reform_example_runs_as_pasted(seeded: GraphQLClient) -> None:
    from tests.api.test_editions import readme_block

    supervision = await unit_id(seeded, "市监察局")
    commission = await create(
        seeded, CREATE_UNIT, "unitCreate", "unit", name="武威市监察委员会", kind="OTHER"
    )
    document = readme_block("mutation Reform")
    answer = await seeded.data(document, {"unitId": supervision, "successorId": commission["id"]})
    assert answer["unitSucceed"]["unit"] == {
        "name": "市监察局",
        "validTo": "2018-02-28",
        "successor": {"name": "武威市监察委员会"},
    }
    debt = await task_id(seeded, "加强地方政府债务领域政务诚信建设")
    after = await seeded.data(CHAIN_AS_OF, {"taskId": debt, "asOf": "2018-03-01"})
    assert "武威市监察委员会" in lead_names(after)
