"""Issue 13's acceptance test: the supervision office runs a year (2018, with its 调休 days) of
the Wuwei plan across several units through the HTTP API — hand-off, monthly feedback with one
unit missing a month, urging and 签收, an approved and a refused extension, a sign-off and a
rejected one, a correction, a red and a yellow card, a ranking, and a bulletin whose .docx and
.xlsx (read back with python-docx and openpyxl) hold the same numbers as the API."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path
from typing import Any

import docx
import openpyxl

from resolvers.actor import Role
from tests.conftest import BearerToken, GraphQLClient

SETUP = """
query {
  plans(first: 1) { nodes { id } }
  tasks(filter: {search: "建立专项督导机制"}, first: 1) {
    nodes { assignments { id unit { kind } } }
  }
  liangzhou: unitByName(name: "凉州区政府") { id }
  gulang: unitByName(name: "古浪县政府") { id }
}
"""
OPEN = """
mutation Open($input: SupervisionItemOpenInput!) {
  supervisionItemOpen(input: $input) { item { id } }
}
"""
BULK = """
mutation Bulk($planId: ID!) {
  supervisionItemsOpenForPlan(input: {planId: $planId, openedOn: "2018-01-05", dueOn: "2018-12-28",
                                      rhythm: QUARTERLY, feedbackDay: 25}) { items { id } }
}
"""
FEEDBACK = """
mutation Feedback($input: SupervisionFeedbackSubmitInput!) {
  supervisionFeedbackSubmit(input: $input) { feedback { period reportedLate } }
}
"""
PLEDGE = """
mutation Pledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id } }
}
"""
EVIDENCE = """
mutation Evidence($id: ID!, $on: Date!) {
  evidenceSubmit(input: {commitmentId: $id, title: "佐证", kind: WEB_PAGE,
                         url: "https://www.gswuwei.gov.cn/zz.html", submittedOn: $on}) {
    evidence { id }
  }
}
"""
APPLY = """
mutation Apply($id: ID!, $on: Date!) {
  commitmentCloseApply(input: {id: $id, fulfilledOn: $on, appliedOn: $on}) { application { id } }
}
"""
EXTEND = """
mutation Extend($id: ID!, $on: Date!, $to: Date!) {
  commitmentExtensionApply(input: {id: $id, appliedOn: $on, newDueOn: $to, reason: "资金未到位"}) {
    application { id }
  }
}
"""
DECIDE = """
mutation Decide($input: CommitmentApplicationDecideInput!) {
  commitmentApplicationDecide(input: $input) {
    commitment { status dueOn originalDueOn closedOn fulfilledLate lateAgainstOriginal }
  }
}
"""
CORRECT = """
mutation Correct($id: ID!) {
  commitmentCorrect(input: {id: $id, reason: "办结日期误录", closedOn: "2018-11-20",
                            correctedOn: "2018-11-26"}) {
    correction { values { field oldValue newValue } } commitment { closedOn }
  }
}
"""
SWEEP = "mutation Sweep($on: Date!) { commitmentsMarkOverdue(asOf: $on) { commitments { id } } }"
URGE = """
mutation Urge($id: ID!, $on: Date!) {
  urgingRecord(input: {commitmentId: $id, urgedOn: $on, channel: PHONE, text: "请说明逾期原因"}) {
    urging { id }
  }
}
"""
ACK = """
mutation Ack($id: ID!, $on: Date!) {
  urgingAcknowledge(input: {id: $id, acknowledgedOn: $on}) { urging { acknowledgedOn } }
}
"""
LISTS = """
query Lists($asOf: Date!) {
  unitRanking(period: "2018", asOf: $asOf) {
    nodes { rank unit { name } total onTime late overdue extended urged onTimeRate }
  }
  commitmentWarnings(asOf: $asOf, levels: [RED, YELLOW]) {
    nodes { level fallsDueOn commitment { content unit { name } } }
  }
  may: unreportedFeedback(period: "2018年5月") { nodes { unit { name } item { title } } }
  overdueCommitments(asOf: $asOf) { nodes { content unit { name } } }
  urgings { nodes { trigger acknowledgedOn unit { name } } }
}
"""
ITEM = "落实市长关于政务失信专项治理的批示"


class Office:
    def __init__(self, client: GraphQLClient) -> None:
        self.api = client

    async def setup(self) -> None:
        found = await self.api.data(SETUP)
        self.plan = found["plans"]["nodes"][0]["id"]
        links = found["tasks"]["nodes"][0]["assignments"]
        self.counties = next(a["id"] for a in links if a["unit"]["kind"] == "COLLECTIVE")
        self.lz, self.gl = found["liangzhou"]["id"], found["gulang"]["id"]
        self.unit = {
            self.lz: await self.api.as_unit(self.lz, Role.UNIT_LEADER),
            self.gl: await self.api.as_unit(self.gl, Role.UNIT_LEADER),
        }
        self.owner: dict[str, str] = {}

    async def pledge(self, unit: str, content: str, due_on: str) -> str:
        values = {
            "assignmentId": self.counties,
            "unitId": unit,
            "content": content,
            "target": content + "（可核验）",
            "pledgedOn": "2018-01-08",
            "dueOn": due_on,
        }
        made = await self.unit[unit].data(PLEDGE, {"input": values})
        pk = str(made["commitmentPledge"]["commitment"]["id"])
        self.owner[pk] = unit
        return pk

    async def by_unit(self, commitment: str, document: str, **variables: Any) -> dict[str, Any]:
        return await self.unit[self.owner[commitment]].data(document, variables)

    async def apply(self, commitment: str, on: str) -> str:
        await self.by_unit(commitment, EVIDENCE, id=commitment, on=on)
        applied = await self.by_unit(commitment, APPLY, id=commitment, on=on)
        return str(applied["commitmentCloseApply"]["application"]["id"])

    async def decide(self, application: str, decision: str, on: str, reason: str = "") -> Any:
        values = {"id": application, "decision": decision, "decidedOn": on, "reason": reason}
        decided = await self.api.data(DECIDE, {"input": values})
        return decided["commitmentApplicationDecide"]["commitment"]


async def test_the_supervision_office_runs_a_year(
    seeded: GraphQLClient, seeded_url: str, tmp_path: Path
) -> None:
    office = Office(seeded)
    await office.setup()
    lz, gl = office.lz, office.gl

    # 交办: a mayor's instruction outside the plan, monthly by the 25th; the plan quarterly.
    instruction = {
        "title": ITEM,
        "instructionSource": "市长批示",
        "instructionOn": "2018-01-03",
        "openedOn": "2018-01-05",
        "dueOn": "2018-12-28",
        "rhythm": "MONTHLY",
        "feedbackDay": 25,
        "units": [{"unitId": lz, "role": "LEAD"}, {"unitId": gl, "role": "CO_RESPONSIBLE"}],
    }
    item = (await seeded.data(OPEN, {"input": instruction}))["supervisionItemOpen"]["item"]["id"]
    assert (await seeded.data(BULK, {"planId": office.plan}))["supervisionItemsOpenForPlan"][
        "items"
    ]

    # Monthly feedback: 凉州 by the 20th every month; 古浪 on the 25th's working day, except May.
    # 2018-08-25 is a Saturday: its feedback is due Monday 08-27, so the 27th is on time.
    for month in range(1, 13):
        for unit, day in ((lz, 20), (gl, 27 if month == 8 else 25)):
            if unit == gl and month == 5:
                continue
            if unit == gl and month in (2, 3, 11):
                day = 26  # the 25th is a Sunday: due Monday the 26th
            values = {
                "itemId": item,
                "period": f"2018年{month}月",
                "text": f"{month}月推进情况",
                "percentComplete": min(100, month * 8),
                "reportedOn": f"2018-{month:02d}-{day:02d}",
            }
            made = await office.unit[unit].data(FEEDBACK, {"input": values})
            assert made["supervisionFeedbackSubmit"]["feedback"]["reportedLate"] is False

    # Commitments of the two county units.
    c1 = await office.pledge(lz, "建立县级督导台账", "2018-03-30")
    c2 = await office.pledge(lz, "完成信用信息系统对接", "2018-06-29")
    c3 = await office.pledge(gl, "古浪县失信信息归集", "2018-06-29")
    c4 = await office.pledge(lz, "开展诚信乡镇创建", "2018-12-28")
    c5 = await office.pledge(gl, "古浪县年度诚信评估", "2018-12-28")

    # A rejected sign-off, then an accepted one: on time.
    first = await office.apply(c1, "2018-03-20")
    back = await office.decide(first, "REJECTED", "2018-03-21", "缺乡镇台账")
    assert back["status"] == "PLEDGED"
    closed = await office.decide(await office.apply(c1, "2018-03-27"), "ACCEPTED", "2018-03-28")
    assert (closed["status"], closed["fulfilledLate"]) == ("FULFILLED", False)

    # An approved extension (c2) and a refused one (c3).
    asked = await office.by_unit(c2, EXTEND, id=c2, on="2018-06-01", to="2018-09-28")
    moved = await office.decide(
        asked["commitmentExtensionApply"]["application"]["id"], "ACCEPTED", "2018-06-05"
    )
    assert (moved["dueOn"], moved["originalDueOn"]) == ("2018-09-28", "2018-06-29")
    asked = await office.by_unit(c3, EXTEND, id=c3, on="2018-06-01", to="2018-09-28")
    kept = await office.decide(
        asked["commitmentExtensionApply"]["application"]["id"],
        "REJECTED",
        "2018-06-04",
        "理由不充分",
    )
    assert kept["dueOn"] == "2018-06-29"

    # July: c3 is overdue (due Friday 06-29): the sweep urges automatically; the office urges by
    # phone and 古浪 acknowledges.
    swept = (await seeded.data(SWEEP, {"on": "2018-07-02"}))["commitmentsMarkOverdue"][
        "commitments"
    ]
    assert [row["id"] for row in swept] == [c3]
    urging = (await seeded.data(URGE, {"id": c3, "on": "2018-07-10"}))["urgingRecord"]["urging"][
        "id"
    ]
    await office.unit[gl].data(ACK, {"id": urging, "on": "2018-07-11"})

    # c2 kept within the extension: on time against the approved date, late against the original.
    done = await office.decide(await office.apply(c2, "2018-09-10"), "ACCEPTED", "2018-09-12")
    assert (done["fulfilledLate"], done["lateAgainstOriginal"]) == (False, True)

    # c4 closed, then its closing day corrected by the office (the old value stays on record).
    await office.decide(await office.apply(c4, "2018-11-15"), "ACCEPTED", "2018-11-16")
    corrected = (await seeded.data(CORRECT, {"id": c4}))["commitmentCorrect"]
    assert corrected["correction"]["values"] == [
        {"field": "closedOn", "oldValue": "2018-11-15", "newValue": "2018-11-20"}
    ]

    # 12-21: c3 is red (overdue), c5 yellow (due within 5 working days, no progress this period).
    lists = await seeded.data(LISTS, {"asOf": "2018-12-21"})
    cards = [
        (n["level"], n["commitment"]["content"], n["fallsDueOn"])
        for n in lists["commitmentWarnings"]["nodes"]
    ]
    assert ("RED", "古浪县失信信息归集", "2018-06-29") in cards
    assert ("YELLOW", "古浪县年度诚信评估", "2018-12-28") in cards
    assert c5 in office.owner
    ranking = [
        (
            n["rank"],
            n["unit"]["name"],
            n["total"],
            n["onTime"],
            n["overdue"],
            n["extended"],
            n["urged"],
        )
        for n in lists["unitRanking"]["nodes"]
    ]
    assert ranking == [
        (1, "凉州区人民政府", 3, 3, 0, 1, 0),
        (2, "古浪县人民政府", 2, 0, 1, 0, 2),
    ]
    may = [(n["unit"]["name"], n["item"]["title"]) for n in lists["may"]["nodes"]]
    assert ("古浪县人民政府", ITEM) in may
    assert ("凉州区人民政府", ITEM) not in may
    assert sorted((u["trigger"], u["acknowledgedOn"]) for u in lists["urgings"]["nodes"]) == [
        ("MANUAL", "2018-07-11"),
        ("OVERDUE", None),
    ]

    # The bulletin for 2018 as of 12-21: the same numbers in the .docx and the .xlsx.
    params = {"period": "2018", "asOf": "2018-12-21"}
    word = await seeded.http.get(
        "/exports/bulletin.docx", params=params, auth=BearerToken(str(seeded.token))
    )
    assert word.status_code == 200, word.text
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督查通报" in text
    assert "〔2018〕" in text
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    expected_ranking = [
        [
            str(n["rank"]),
            n["unit"]["name"],
            str(n["total"]),
            str(n["onTime"]),
            str(n["late"]),
            str(n["overdue"]),
            str(n["extended"]),
            str(n["urged"]),
            f"{n['onTimeRate']:.2%}",
        ]
        for n in lists["unitRanking"]["nodes"]
    ]
    assert tables[0][1:] == expected_ranking
    api_cards = [
        (
            {"RED": "红牌", "YELLOW": "黄牌"}[n["level"]],
            n["commitment"]["unit"]["name"],
            n["commitment"]["content"],
            n["fallsDueOn"],
        )
        for n in lists["commitmentWarnings"]["nodes"]
    ]
    assert [tuple(row[:4]) for row in tables[1][1:]] == api_cards
    may_rows = [(row[1], row[3]) for row in tables[2][1:] if row[0] == "2018-05"]
    assert [r for r in may_rows if r[1] == ITEM] == [r for r in may if r[1] == ITEM]
    assert [(row[0], row[2]) for row in tables[3][1:]] == [
        (n["unit"]["name"], n["content"]) for n in lists["overdueCommitments"]["nodes"]
    ]
    sheet = await seeded.http.get(
        "/exports/bulletin.xlsx", params=params, auth=BearerToken(str(seeded.token))
    )
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    ranking_rows = [
        [str(v) for v in row] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
    ]
    assert ranking_rows == expected_ranking
    assert len(list(book.worksheets[1].iter_rows(min_row=2))) == len(api_cards)
    # A unit account gets its own numbers only.
    own = await seeded.http.get(
        "/exports/bulletin.xlsx",
        params=params,
        auth=BearerToken(str(office.unit[gl].token)),
    )
    own_rows = list(
        openpyxl.load_workbook(io.BytesIO(own.content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    )
    assert [row[1] for row in own_rows] == ["古浪县人民政府"]

    # The CLI writes the same bulletin (the office's full scope).
    out = tmp_path / "通报.docx"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server.cli",
        "bulletin",
        "--period",
        "2018",
        "--as-of",
        "2018-12-21",
        "-o",
        str(out),
        env={**os.environ, "DATABASE_URL": seeded_url},
    )
    assert await process.wait() == 0
    written = docx.Document(io.BytesIO(out.read_bytes()))
    assert [[c.text for c in row.cells] for row in written.tables[0].rows][1:] == expected_ranking
