"""Evaluations through the HTTP API: periods, scores and grades, commitment scope, withdrawal, and
the average in a unit's accountability view."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.actor import Role
from tests.conftest import GraphQLClient

SETUP = """
query Setup {
  tasks(filter: {search: "建立专项督导机制"}, first: 1) {
    nodes { id assignments(role: LEAD) { id unit { id } } }
  }
  other: unitByName(name: "市财政局") { id }
}
"""

PLEDGE = """
mutation Pledge($assignmentId: ID!) {
  commitmentPledge(input: {assignmentId: $assignmentId, content: "督导", target: "4次",
                           pledgedOn: "2018-01-05", dueOn: "2018-12-28"}) {
    commitment { id }
  }
}
"""

EVALUATE = """
mutation Evaluate($input: EvaluationCreateInput!) {
  evaluationCreate(input: $input) {
    evaluation { id period score grade evaluatorKind task { title } commitment { id } }
  }
}
"""

REVOKE = """
mutation Revoke($id: ID!) {
  evaluationRevoke(input: {id: $id, revokedOn: "2019-02-01", reason: "评分有误"}) {
    evaluation { revokedOn }
  }
}
"""

AVERAGE = """
query Average($unitId: ID!) {
  unit(id: $unitId) { accountability(period: "2018年度") { period evaluationCount averageScore } }
  evaluations(filter: {unitId: $unitId, period: "2018"}) { totalCount }
}
"""


async def scene(client: GraphQLClient) -> dict[str, str]:
    setup = await client.data(SETUP)
    task = setup["tasks"]["nodes"][0]
    lead = task["assignments"][0]
    leader = await client.as_unit(lead["unit"]["id"], Role.UNIT_LEADER)  # leader submits
    pledge = await leader.data(PLEDGE, {"assignmentId": lead["id"]})
    return {
        "task": task["id"],
        "unit": lead["unit"]["id"],
        "other": setup["other"]["id"],
        "commitment": pledge["commitmentPledge"]["commitment"]["id"],
    }


def evaluation(ids: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "unitId": ids["unit"],
        "period": "2018年度",
        "evaluatorKind": "THIRD_PARTY",
        "score": 92.5,
        "evaluatedOn": "2019-01-20",
    } | extra


async def test_evaluations_grades_and_average(seeded: GraphQLClient) -> None:
    ids = await scene(seeded)
    made = await seeded.data(EVALUATE, {"input": evaluation(ids)})
    first = made["evaluationCreate"]["evaluation"]
    assert (first["period"], first["score"], first["grade"]) == ("2018", 92.5, "EXCELLENT")
    scoped = await seeded.data(
        EVALUATE,
        {
            "input": evaluation(
                ids,
                score=71,
                commitmentId=ids["commitment"],
                grade="GOOD",
                evaluatorKind="PEOPLES_CONGRESS",
            )
        },
    )
    second = scoped["evaluationCreate"]["evaluation"]
    assert second["task"]["title"] == "建立专项督导机制"  # follows from the commitment
    assert second["grade"] == "GOOD"  # the evaluator's grade stands over the score's
    quarter = await seeded.data(
        EVALUATE, {"input": evaluation(ids, period="2018年第三季度", score=50)}
    )
    assert quarter["evaluationCreate"]["evaluation"]["grade"] == "FAIL"
    assert quarter["evaluationCreate"]["evaluation"]["period"] == "2018-Q3"
    await seeded.data(EVALUATE, {"input": evaluation(ids, score=60)})
    average = await seeded.data(AVERAGE, {"unitId": ids["unit"]})
    assert average["unit"]["accountability"] == {
        "period": "2018",
        "evaluationCount": 3,
        "averageScore": 74.5,
    }
    await seeded.data(REVOKE, {"id": first["id"]})
    error = await seeded.error(REVOKE, {"id": first["id"]})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
    average = await seeded.data(AVERAGE, {"unitId": ids["unit"]})
    assert average["unit"]["accountability"]["averageScore"] == 65.5
    assert average["evaluations"]["totalCount"] == 2


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"score": 100.5}, "score"),
        ({"score": -1}, "score"),
        ({"score": 85.123}, "score"),
        ({"period": "2018-Q5"}, "period"),
        ({"period": "去年"}, "period"),
        ({"period": "1899"}, "period"),
        ({"commitmentId": "commitment", "unitId": "other"}, "commitmentId"),
    ],
)
async def test_bad_evaluations_are_refused(
    seeded: GraphQLClient, extra: dict[str, Any], field: str
) -> None:
    ids = await scene(seeded)
    values = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in extra.items()
    }
    error = await seeded.error(EVALUATE, {"input": evaluation(ids, **values)})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
