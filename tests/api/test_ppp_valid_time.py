"""PPP stage responsibilities in valid time: clipped to the stage's own dates, and the plan
vocabulary (招标投标 BIDDING) answers what the lifecycle vocabulary (采购 PROCUREMENT) answers."""

from __future__ import annotations

from datetime import date

from tests.api.test_ppp import ASSIGN, holders, new_person, new_project, new_stage, unit_id
from tests.conftest import GraphQLClient


async def test_a_stage_responsibility_ends_with_its_stage(seeded: GraphQLClient) -> None:
    project = await new_project(seeded, "T-CLIP")
    stage = await new_stage(
        seeded,
        project,
        lifecycleStage="PROCUREMENT",
        planStage="GOVERNMENT_PROCUREMENT",
        status="COMPLETED",
        startedOn="2020-01-01",
        endedOn="2020-06-30",
    )
    person = await new_person(seeded, "采购负责人")
    await seeded.data(
        ASSIGN,
        {
            "input": {
                "stageId": stage,
                "personId": person,
                "unitId": await unit_id(seeded, "市财政局"),
                "validFrom": "2020-01-01",
            }
        },
    )
    for selector in ({"lifecycleStage": "PROCUREMENT"}, {"planStage": "GOVERNMENT_PROCUREMENT"}):
        assert await holders(seeded, project, selector, date(2020, 6, 30)) == ["采购负责人"]
        # The period was never ended, but the stage was: nobody answers for it afterwards.
        assert await holders(seeded, project, selector, date(2020, 7, 1)) == []
        assert await holders(seeded, project, selector, date(2019, 12, 31)) == []


async def test_both_vocabularies_answer_the_same(seeded: GraphQLClient) -> None:
    projects = await seeded.data("{ pppProjects(first: 5) { nodes { id code } } }")
    road = next(p for p in projects["pppProjects"]["nodes"] if p["code"] == "WW-PPP-EX-002")
    sewage = next(p for p in projects["pppProjects"]["nodes"] if p["code"] == "WW-PPP-EX-001")
    for project, day in ((road["id"], date(2017, 8, 1)), (sewage["id"], date(2017, 5, 1))):
        lifecycle = await holders(seeded, project, {"lifecycleStage": "PROCUREMENT"}, day)
        assert lifecycle
        assert await holders(seeded, project, {"planStage": "BIDDING"}, day) == lifecycle
        assert (
            await holders(seeded, project, {"planStage": "GOVERNMENT_PROCUREMENT"}, day)
            == lifecycle
        )
