"""Evaluations through the HTTP API: periods, scores and grades, commitment scope, withdrawal, and
the average in a unit's accountability view."""

from __future__ import annotations

import asyncio
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
                grade="PASS",
                evaluatorKind="PEOPLES_CONGRESS",
            )
        },
    )
    second = scoped["evaluationCreate"]["evaluation"]
    assert second["task"]["title"] == "建立专项督导机制"  # follows from the commitment
    assert second["grade"] == "PASS"  # a grade given agrees with the score's
    quarter = await seeded.data(
        EVALUATE, {"input": evaluation(ids, period="2018年第三季度", score=50)}
    )
    assert quarter["evaluationCreate"]["evaluation"]["grade"] == "FAIL"
    assert quarter["evaluationCreate"]["evaluation"]["period"] == "2018-Q3"
    await seeded.data(EVALUATE, {"input": evaluation(ids, score=60, evaluatorKind="CPPCC")})
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
        # A grade the score does not give (71 is 合格).
        ({"score": 71, "grade": "GOOD"}, "grade"),
        ({"score": 95, "grade": "GOOD"}, "grade"),
        # An annual evaluation dated inside the year it judges; a quarter's on its last day.
        ({"evaluatedOn": "2018-12-31"}, "evaluatedOn"),
        ({"period": "2018-Q3", "evaluatedOn": "2018-09-30"}, "evaluatedOn"),
        # A task the unit has no part in (市财政局 is not assigned 建立专项督导机制).
        ({"taskId": "task", "unitId": "other"}, "taskId"),
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


async def test_one_standing_evaluation_per_evaluator_unit_period_and_subject(
    seeded: GraphQLClient,
) -> None:
    ids = await scene(seeded)
    first = (await seeded.data(EVALUATE, {"input": evaluation(ids)}))["evaluationCreate"]
    error = await seeded.error(EVALUATE, {"input": evaluation(ids, score=80)})
    assert error["extensions"] == {"code": "CONFLICT", "field": "evaluatorKind"}
    assert first["evaluation"]["id"] in error["message"]
    # Another period, evaluator kind or subject is another evaluation.
    await seeded.data(EVALUATE, {"input": evaluation(ids, period="2018-H2")})
    await seeded.data(EVALUATE, {"input": evaluation(ids, evaluatorKind="PUBLIC")})
    await seeded.data(EVALUATE, {"input": evaluation(ids, taskId=ids["task"])})
    again = await seeded.error(EVALUATE, {"input": evaluation(ids, taskId=ids["task"], score=1)})
    assert again["extensions"]["code"] == "CONFLICT"
    # Withdrawn, it makes room for its replacement.
    await seeded.data(REVOKE, {"id": first["evaluation"]["id"]})
    replaced = await seeded.data(EVALUATE, {"input": evaluation(ids, score=80)})
    assert replaced["evaluationCreate"]["evaluation"]["grade"] == "GOOD"


async def test_two_evaluators_at_once_record_one_evaluation(seeded: GraphQLClient) -> None:
    ids = await scene(seeded)
    answers = await asyncio.gather(
        *(seeded.run(EVALUATE, {"input": evaluation(ids, score=90 + n)}) for n in range(4))
    )
    codes = sorted(
        "OK" if "errors" not in body else body["errors"][0]["extensions"]["code"]
        for body in answers
    )
    assert codes == ["CONFLICT", "CONFLICT", "CONFLICT", "OK"]
    listed = await seeded.data(AVERAGE, {"unitId": ids["unit"]})
    assert listed["evaluations"]["totalCount"] == 1
