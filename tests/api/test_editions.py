"""Plan editions: a revised Wuwei plan supersedes the 2017 one from its issue date; tasks are
matched across editions and carry their status and commitments (linked); lists count the
current edition, or the one current on an ``asOf`` day; older editions need ``asHistorical``."""

from __future__ import annotations

import asyncio
from typing import Any

from seed.load import DEFAULT_PLAN, seed_text
from tests.api.test_commitment import Scene
from tests.conftest import GraphQLClient

ORIGINAL = seed_text(DEFAULT_PLAN)
SUPERVISION = "1.建立专项督导机制。为确保政务诚信各项工作落到实处"
COURT = "(责任单位:市中级人民法院,市直有关部门、单位,各县区政府)"
TOWNSHIPS = ORIGINAL[ORIGINAL.index("6.加强街道和乡镇政务诚信建设") :].split("\n", 1)[0]
AUDIT_TASK = (
    "6.加强审计领域政务诚信建设。将政务诚信纳入审计监督内容,对审计发现的政务失信问题"
    "建立台账、督促整改。(责任单位:市审计局,各县区政府)"
)


def revised(issued: str = "2019年3月1日") -> str:
    """The 2019 edition: new date, 一.(二).2 led by 市发改委, a deadline on 一.(一).1, and
    the townships task replaced by an audit task."""
    text = ORIGINAL.replace("2017年12月12日", issued, 1)
    text = text.replace(COURT, "(责任单位:市发改委,市直有关部门、单位,各县区政府)", 1)
    text = text.replace(
        SUPERVISION, "1.建立专项督导机制。2019年6月底前,为确保政务诚信各项工作落到实处"
    )
    assert TOWNSHIPS in text
    return text.replace(TOWNSHIPS, AUDIT_TASK, 1)


IMPORT = """
mutation Import($input: PlanImportInput!) {
  planImport(input: $input) {
    written
    plan { id issuedOn isCurrent supersededOn previousEdition { id } }
    previousEdition { id isCurrent supersededOn }
    changes { added removed reassigned redated }
    carriedTasks { code matchRule matchScore carriedFrom { id code } }
  }
}
"""

COUNTS = """
query Counts($county: ID!, $asOf: Date) {
  all: tasks(first: 1, filter: {asOf: $asOf}) { totalCount }
  county: tasks(first: 1, filter: {unitId: $county, throughCollectives: true, asOf: $asOf}) {
    totalCount
  }
  unitByName(name: "凉州区人民政府") {
    tasks(first: 1, throughCollectives: true, asOf: $asOf) { totalCount }
  }
  every: tasks(first: 1, filter: {allEditions: true}) { totalCount }
}
"""

TASK = """
query Task($search: String!, $asOf: Date) {
  tasks(first: 5, filter: {search: $search, asOf: $asOf}) {
    nodes {
      id code status plan { id } deadline { dueOn }
      carriedFrom { id status }
      carriedCommitments { id content unit { name } }
    }
  }
}
"""

ON_TASK = """
query OnTask($taskId: ID!) { commitments(first: 10, filter: {taskId: $taskId}) { nodes { id } } }
"""

CHAIN = """
query Chain($taskId: ID!, $asOf: Date) {
  responsibilityChain(taskId: $taskId, asOf: $asOf) { lead { unit { name } } }
}
"""

STATUS = """
mutation Status($id: ID!) {
  taskUpdate(input: {id: $id, status: IN_PROGRESS}) { task { status } }
}
"""


async def county_id(client: GraphQLClient) -> str:
    return str(
        (await client.data('{ unitByName(name: "凉州区人民政府") { id } }'))["unitByName"]["id"]
    )


def totals(data: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        data["all"]["totalCount"],
        data["county"]["totalCount"],
        data["unitByName"]["tasks"]["totalCount"],
        data["every"]["totalCount"],
    )


async def one_task(client: GraphQLClient, search: str, as_of: str | None = None) -> dict[str, Any]:
    [node] = (await client.data(TASK, {"search": search, "asOf": as_of}))["tasks"]["nodes"]
    return dict(node)


async def test_a_revised_edition_supersedes_the_old_one(seeded: GraphQLClient) -> None:
    county = await county_id(seeded)
    before = totals(await seeded.data(COUNTS, {"county": county}))
    assert before[0] == before[3] == 21
    assert before[1] == before[2] > 0
    scene = await Scene(seeded).load()
    pledged = await scene.pledge("2018-06-30")
    old = await one_task(seeded, "建立专项督导机制")
    await seeded.data(STATUS, {"id": old["id"]})

    imported = (await seeded.data(IMPORT, {"input": {"text": revised()}}))["planImport"]
    assert imported["written"] is True
    assert imported["plan"]["issuedOn"] == "2019-03-01"
    assert imported["plan"]["isCurrent"] is True
    assert imported["previousEdition"] == {
        "id": old["plan"]["id"],
        "isCurrent": False,
        "supersededOn": "2019-03-01",
    }
    assert imported["changes"] == {
        "added": ["一.(三).6"],
        "removed": ["一.(三).6"],
        "reassigned": ["一.(二).2"],
        "redated": ["一.(一).1"],
    }
    carried = {t["code"]: t for t in imported["carriedTasks"]}
    assert len(carried) == 20
    assert "一.(三).6" not in carried
    assert carried["一.(一).1"]["matchRule"] == "CODE_TITLE"
    assert carried["一.(一).1"]["carriedFrom"]["id"] == old["id"]

    # Counts are the current edition's: not 21 + 21, and the county's not doubled.
    after = totals(await seeded.data(COUNTS, {"county": county}))
    assert after[:3] == (21, before[1], before[2])
    assert after[3] == 42
    # As of a day before the revision, the old edition counts (and it had the same size).
    as_of_2018 = totals(await seeded.data(COUNTS, {"county": county, "asOf": "2018-06-01"}))
    assert as_of_2018[:3] == before[:3]
    assert (await seeded.data(COUNTS, {"county": county, "asOf": "2016-01-01"}))["all"][
        "totalCount"
    ] == 0

    new = await one_task(seeded, "建立专项督导机制")
    assert new["plan"]["id"] == imported["plan"]["id"]
    assert new["status"] == "IN_PROGRESS"
    assert new["deadline"]["dueOn"] == "2019-06-30"
    assert new["carriedFrom"] == {"id": old["id"], "status": "IN_PROGRESS"}
    assert [c["id"] for c in new["carriedCommitments"]] == [pledged["id"]]
    on_task = await seeded.data(ON_TASK, {"taskId": new["id"]})
    assert [c["id"] for c in on_task["commitments"]["nodes"]] == [pledged["id"]]
    assert (await one_task(seeded, "建立专项督导机制", "2018-06-01"))["id"] == old["id"]

    # The chain of the old task ends the day before the new edition; the new one starts then.
    court_task = await one_task(seeded, "建立健全政务失信记录", "2018-06-01")
    new_court_task = await one_task(seeded, "建立健全政务失信记录")
    lead_of = await seeded.data(CHAIN, {"taskId": court_task["id"], "asOf": "2019-02-28"})
    assert lead_of["responsibilityChain"]["lead"] == [{"unit": {"name": "市中级人民法院"}}]
    gone = await seeded.data(CHAIN, {"taskId": court_task["id"], "asOf": "2019-03-01"})
    assert gone["responsibilityChain"]["lead"] == []
    now = await seeded.data(CHAIN, {"taskId": new_court_task["id"], "asOf": "2019-03-01"})
    assert now["responsibilityChain"]["lead"] == [{"unit": {"name": "市发展和改革委员会"}}]
    early = await seeded.data(CHAIN, {"taskId": new_court_task["id"], "asOf": "2019-02-28"})
    assert early["responsibilityChain"]["lead"] == []

    # The same revised text again changes nothing.
    again = (await seeded.data(IMPORT, {"input": {"text": revised()}}))["planImport"]
    assert again["written"] is False
    assert again["plan"]["id"] == imported["plan"]["id"]


async def test_an_older_edition_needs_as_historical(seeded: GraphQLClient) -> None:
    county = await county_id(seeded)
    before = totals(await seeded.data(COUNTS, {"county": county}))
    older = revised("2016年5月1日")
    error = await seeded.error(IMPORT, {"input": {"text": older}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == "asHistorical"
    assert totals(await seeded.data(COUNTS, {"county": county})) == before

    kept = (await seeded.data(IMPORT, {"input": {"text": older, "asHistorical": True}}))[
        "planImport"
    ]
    assert kept["written"] is True
    assert kept["plan"]["isCurrent"] is False
    assert kept["plan"]["supersededOn"] == "2017-12-12"
    assert kept["plan"]["previousEdition"] is None
    assert kept["changes"] is None
    # Today and after 2017-12-12 nothing changes; in 2016 the historical edition counted.
    assert totals(await seeded.data(COUNTS, {"county": county}))[:3] == before[:3]
    in_2016 = (await seeded.data(COUNTS, {"county": county, "asOf": "2016-06-01"}))["all"]
    assert in_2016["totalCount"] == 21
    historical_task = await one_task(seeded, "加强审计领域政务诚信建设", "2016-06-01")
    lead = await seeded.data(CHAIN, {"taskId": historical_task["id"], "asOf": "2017-12-11"})
    assert lead["responsibilityChain"]["lead"] == [{"unit": {"name": "市审计局"}}]
    ended = await seeded.data(CHAIN, {"taskId": historical_task["id"], "asOf": "2017-12-12"})
    assert ended["responsibilityChain"]["lead"] == []

    newer = await seeded.error(
        IMPORT, {"input": {"text": revised("2020年1月1日"), "asHistorical": True}}
    )
    assert newer["extensions"]["code"] == "BAD_USER_INPUT"
    assert newer["extensions"]["field"] == "asHistorical"


async def test_two_revisions_at_once_make_one_current_edition(seeded: GraphQLClient) -> None:
    results = await asyncio.gather(
        seeded.run(IMPORT, {"input": {"text": revised("2019年3月1日")}}),
        seeded.run(IMPORT, {"input": {"text": revised("2019年4月1日")}}),
    )
    written = [r for r in results if not r.get("errors")]
    failed = [r for r in results if r.get("errors")]
    current = await seeded.data("{ plans(first: 10) { nodes { id isCurrent supersededOn } } }")
    assert sum(p["isCurrent"] for p in current["plans"]["nodes"]) == 1
    for result in failed:
        # Lost the race (CONFLICT), or came second and is older than the winner.
        code = result["errors"][0]["extensions"]["code"]
        assert code in ("CONFLICT", "BAD_USER_INPUT"), result
    # Whichever went second either failed or revised the first one's edition.
    if len(written) == 2:
        first, second = (r["data"]["planImport"] for r in written)
        assert {first["plan"]["previousEdition"]["id"], second["plan"]["previousEdition"]["id"]} & {
            first["plan"]["id"],
            second["plan"]["id"],
        }
    county = await county_id(seeded)
    assert totals(await seeded.data(COUNTS, {"county": county}))[0] == 21


def readme_block(operation: str) -> str:
    """The README's ```graphql block that defines ``operation``, as pasted."""
    from tests import readme

    [block] = [b for b in readme.blocks() if b.language == "graphql" and operation in b.text]
    return block.text


async def test_the_readme_revision_example_runs_as_pasted(seeded: GraphQLClient) -> None:
    plan = (await seeded.data("{ plans(first: 1) { nodes { id } } }"))["plans"]["nodes"][0]["id"]
    document = readme_block("mutation ImportRevision")
    answer = (await seeded.data(document, {"text": revised(), "planId": plan}))["planImport"]
    assert answer["written"] is True
    assert answer["plan"] == {"issuedOn": "2019-03-01", "isCurrent": True}
    assert answer["previousEdition"] == {"supersededOn": "2019-03-01", "isCurrent": False}
    assert answer["changes"]["redated"] == ["一.(一).1"]
    first = next(t for t in answer["carriedTasks"] if t["code"] == "一.(一).1")
    assert first["carriedFrom"] == {"code": "一.(一).1", "status": "NOT_STARTED"}
    assert first["matchScore"] == 1.0


REVIEW = """
mutation Review($input: TaskMatchReviewInput!) {
  taskMatchReview(input: $input) { task { matchRule matchScore carriedFrom { code } version } }
}
"""


async def test_a_match_is_reviewable(seeded: GraphQLClient) -> None:
    old_audit = await one_task(seeded, "加强街道和乡镇政务诚信建设")
    old_first = await one_task(seeded, "建立专项督导机制")
    await seeded.data(IMPORT, {"input": {"text": revised()}})
    audit = await one_task(seeded, "加强审计领域政务诚信建设")
    assert audit["carriedFrom"] is None
    reviewed = (
        await seeded.data(
            REVIEW, {"input": {"taskId": audit["id"], "carriedFromId": old_audit["id"]}}
        )
    )["taskMatchReview"]["task"]
    assert reviewed["matchRule"] == "REVIEWED"
    assert reviewed["carriedFrom"] == {"code": "一.(三).6"}
    assert 0 < reviewed["matchScore"] < 0.6
    # A task of another edition, or one already continued, cannot be chosen.
    taken = await seeded.error(
        REVIEW, {"input": {"taskId": audit["id"], "carriedFromId": old_first["id"]}}
    )
    assert taken["extensions"]["code"] == "CONFLICT", taken
    itself = await seeded.error(
        REVIEW, {"input": {"taskId": audit["id"], "carriedFromId": audit["id"]}}
    )
    assert itself["extensions"] == {**itself["extensions"], "code": "BAD_USER_INPUT"}
    undone = (
        await seeded.data(
            REVIEW,
            {
                "input": {
                    "taskId": audit["id"],
                    "carriedFromId": None,
                    "expectedVersion": reviewed["version"],
                }
            },
        )
    )["taskMatchReview"]["task"]
    assert undone == {
        "matchRule": "",
        "matchScore": None,
        "carriedFrom": None,
        "version": reviewed["version"] + 1,
    }


PROGRESS = """
mutation Progress($input: ProgressReportSubmitInput!) {
  progressReportSubmit(input: $input) { progressReport { id } }
}
"""


async def test_the_matrix_of_a_new_edition_shows_carried_progress(seeded: GraphQLClient) -> None:
    import io

    from openpyxl import load_workbook

    scene = await Scene(seeded).load()
    pledged = await scene.pledge("2018-06-30")
    await scene.leader.data(
        PROGRESS,
        {
            "input": {
                "commitmentId": pledged["id"],
                "period": "2018年第一季度",
                "reportedOn": "2018-03-01",
                "text": "已开展第一轮督查",
                "percentComplete": 30,
            }
        },
    )
    plan = (await seeded.data(IMPORT, {"input": {"text": revised()}}))["planImport"]["plan"]
    response = await seeded.http.get(f"/exports/plans/{plan['id']}/matrix.xlsx")
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    by_code = {r[0]: r for r in rows[2:]}
    assert by_code["一.(一).1"][6] == "2018-03-01 已开展第一轮督查"


async def test_a_reworded_task_is_a_new_edition(seeded: GraphQLClient) -> None:
    # Same date, issuer, titles, units and deadlines, but a task's text changed: not a
    # restatement (only a matrix, which gives titles alone, re-imports as "nothing changed").
    text = ORIGINAL.replace("编制公务员诚信手册", "编制并印发公务员诚信手册", 1)
    imported = (await seeded.data(IMPORT, {"input": {"text": text}}))["planImport"]
    assert imported["written"] is True
    assert imported["plan"]["issuedOn"] == "2017-12-12"
    assert imported["changes"] == {"added": [], "removed": [], "reassigned": [], "redated": []}
    assert len(imported["carriedTasks"]) == 21
