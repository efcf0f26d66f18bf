"""A scripted year (2018) of the Wuwei plan, end to end through the HTTP API: pledges by the lead
unit and county units, progress, evidence accepted and rejected, an overdue commitment across a
调休 weekend, a late dishonesty record, an objection that freezes and corrects it, a repair that
removes it from public views but not from history — and the accountability numbers that follow."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from resolvers.actor import Role
from server.app import create_app
from server.demo import APPOINT, PERSON, PLEDGE, PROGRESS, REVIEW
from server.demo import CLOSE_APPLY as APPLY
from server.settings import Settings
from tests.conftest import GraphQLClient, office_client

SETUP = """
query Setup {
  supervision: tasks(filter: {search: "建立专项督导机制"}, first: 1) { nodes { id } }
  records: tasks(filter: {search: "建立健全政务失信记录"}, first: 1) { nodes { id } }
  office: unitByName(name: "市政府督查室") { id }
  liangzhou: unitByName(name: "凉州区政府") { id }
  gulang: unitByName(name: "古浪县政府") { id }
}
"""

CHAIN = """
query Chain($taskId: ID!) {
  responsibilityChain(taskId: $taskId) {
    lead {
      assignment { id }
      commitments {
        id status
        progressReports { period percentComplete evidence { status } }
        evidence { status file { mediaType } }
        evaluations { score }
      }
    }
    coResponsible { assignment { id } unit { kind } commitments { id unit { name } } }
  }
}
"""


FULFILL = """
mutation Fulfill($id: ID!, $on: Date!) {
  commitmentFulfill(input: {id: $id, fulfilledOn: $on}) { commitment { status fulfilledLate } }
}
"""


ACCEPT = """
mutation Accept($id: ID!, $on: Date!) {
  commitmentApplicationDecide(input: {id: $id, decision: ACCEPTED, decidedOn: $on}) {
    commitment { status fulfilledLate }
  }
}
"""

BREAK = """
mutation Break($id: ID!, $on: Date!, $reason: String!) {
  commitmentBreak(input: {id: $id, on: $on, reason: $reason}) { commitment { status } }
}
"""

WITHDRAW = """
mutation Withdraw($id: ID!, $on: Date!, $reason: String!) {
  commitmentWithdraw(input: {id: $id, on: $on, reason: $reason}) { commitment { status } }
}
"""

SWEEP = """
mutation Sweep($asOf: Date!) {
  commitmentsMarkOverdue(asOf: $asOf) { commitments { id overdueSince } }
}
"""

OVERDUE = """
query Overdue($asOf: Date!, $unitId: ID!) {
  overdueCommitments(asOf: $asOf, unitId: $unitId) { nodes { id } }
}
"""


SUBMIT = """
mutation Submit($input: EvidenceSubmitInput!) { evidenceSubmit(input: $input) { evidence { id } } }
"""

RESUBMIT = """
mutation Resubmit($input: EvidenceResubmitInput!) {
  evidenceResubmit(input: $input) { evidence { id previousVersion { status } } }
}
"""


EVALUATE = """
mutation Evaluate($input: EvaluationCreateInput!) {
  evaluationCreate(input: $input) { evaluation { grade } }
}
"""

REPORT = """
mutation Report($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) { record { id reportDueOn reportedLate } }
}
"""

PUBLISH = """
mutation Publish($id: ID!, $on: Date!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: $on, channel: "信用甘肃"}) {
    publication { publicUntil ruleVersion }
  }
}
"""

SANCTION = """
mutation Sanction($id: ID!) {
  dishonestySanctionImpose(input: {recordId: $id, kind: WRITTEN_EXPLANATION,
                                   imposedOn: "2018-10-12", dueOn: "2018-11-30"}) {
    sanction { id }
  }
}
"""

SANCTION_DONE = """
mutation SanctionDone($id: ID!) {
  dishonestySanctionComplete(input: {id: $id, completedOn: "2018-11-20"}) { sanction { status } }
}
"""

OBJECT = """
mutation Object($id: ID!) {
  dishonestyObjectionFile(input: {recordId: $id, filedBy: "凉州区人民政府", filedOn: "2018-10-16",
                                  grounds: "失信发生日与严重程度认定有误"}) { objection { id } }
}
"""

MARK = """
mutation Mark($id: ID!) {
  dishonestyObjectionMark(input: {id: $id, markedOn: "2018-10-17"}) {
    objection { record { underObjection } }
  }
}
"""

CORRECT = """
mutation Correct($id: ID!) {
  dishonestyObjectionDecide(input: {id: $id, decision: CORRECTED, decidedOn: "2018-10-26",
      reason: "经核实情节轻微", corrections: {severity: MINOR}}) {
    objection { decidedLate record { severity underObjection status } }
  }
}
"""

UPDATE = """
mutation Update($id: ID!) {
  dishonestyRecordUpdate(input: {id: $id, corrections: {facts: "改"}}) { record { id } }
}
"""

REPAIR = """
mutation Repair($id: ID!) {
  creditRepairApply(input: {recordId: $id, applicant: "凉州区人民政府", appliedOn: "2018-11-25",
                            statement: "已整改"}) { repair { id } }
}
"""

MEASURE = """
mutation Measure($id: ID!) {
  creditRepairMeasureAdd(input: {id: $id, kind: RECTIFIED, description: "每月公示督查结果已恢复",
                                 takenOn: "2018-11-20"}) { repair { id } }
}
"""

REPAIRED = """
mutation Repaired($id: ID!) {
  creditRepairDecide(input: {id: $id, decision: REPAIRED, decidedOn: "2018-12-26",
                             reason: "整改到位"}) { repair { record { status } } }
}
"""

VIEWS = """
query Views($unitId: ID!) {
  publicDishonestyRecords(asOf: "2018-12-31", unitId: $unitId) { nodes { id } }
  dishonestyRecords(filter: {unitId: $unitId}) { nodes { id status reportedLate } }
}
"""

HISTORY = """
query History($id: ID!) {
  journal(filter: {entityId: $id}) { nodes { action } }
}
"""

ACCOUNTABILITY = """
query Accountability($unitId: ID!, $period: String!) {
  unit(id: $unitId) {
    accountability(period: $period) {
      period tasksLed tasksShared
      commitments { total onTime late overdue broken withdrawn open }
      evidence { accepted rejected pending }
      evaluationCount averageScore openDishonestyRecords
    }
    led: tasks(role: LEAD, throughCollectives: true, asOf: "2018-06-30") { nodes { id } }
    shared: tasks(role: CO_RESPONSIBLE, throughCollectives: true, asOf: "2018-06-30") {
      nodes { id }
    }
  }
}
"""

HEAD = "query { journalHead { seq hash } }"


@pytest.fixture
async def office(seeded_url: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(database_url=seeded_url, evidence_dir=tmp_path / "evidence"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield office_client(http, seeded_url)


def upload(name: str, content: bytes) -> dict[str, str]:
    return {"fileName": name, "contentBase64": base64.b64encode(content).decode()}


class Year:
    """The ids the script makes, and one-line helpers for its steps."""

    def __init__(self, client: GraphQLClient) -> None:
        self.api = client

    async def run(self, document: str, **variables: Any) -> dict[str, Any]:
        return await self.api.data(document, variables)

    async def by_unit(self, commitment: str, document: str, **variables: Any) -> dict[str, Any]:
        """Run ``document`` as the leader of the unit that pledged ``commitment``."""
        return await self.leaders[self.unit_of[commitment]].data(document, variables)

    async def setup(self) -> None:
        found = await self.run(SETUP)
        self.office, self.liangzhou = found["office"]["id"], found["liangzhou"]["id"]
        self.gulang = found["gulang"]["id"]
        self.task_a = found["supervision"]["nodes"][0]["id"]
        self.task_b = found["records"]["nodes"][0]["id"]
        chain_a = (await self.run(CHAIN, taskId=self.task_a))["responsibilityChain"]
        chain_b = (await self.run(CHAIN, taskId=self.task_b))["responsibilityChain"]
        self.a_lead = chain_a["lead"][0]["assignment"]["id"]
        self.a_counties = counties(chain_a)
        self.b_counties = counties(chain_b)
        # The office (督查室 + 信用 + 审计) runs the script; each unit's leader acts for it.
        self.leaders = {
            unit: await self.api.as_unit(unit, Role.UNIT_LEADER)
            for unit in (self.office, self.liangzhou, self.gulang)
        }
        self.unit_of: dict[str, str] = {}
        self.chief = await self.person("张督查", self.office, "主任")
        self.mayor = await self.person("王区长", self.liangzhou, "区长")

    async def person(self, name: str, unit_id: str, title: str) -> str:
        made = await self.run(PERSON, name=name)
        person_id = str(made["personCreate"]["person"]["id"])
        await self.run(APPOINT, personId=person_id, unitId=unit_id, title=title)
        return person_id

    async def pledge(
        self, assignment: str, unit: str | None, content: str, due_on: str, **extra: Any
    ) -> str:
        values = {
            "assignmentId": assignment,
            "unitId": unit,
            "content": content,
            "target": content + "（可核验）",
            "pledgedOn": "2018-01-08",
            "dueOn": due_on,
        }
        pledging = unit or self.office
        made = await self.leaders[pledging].data(PLEDGE, {"input": values | extra})
        commitment = str(made["commitmentPledge"]["commitment"]["id"])
        self.unit_of[commitment] = pledging
        return commitment

    async def fulfil(self, commitment: str, on: str) -> dict[str, Any]:
        """The unit applies to close (it has evidence); the office accepts the same day."""
        applied = await self.by_unit(commitment, APPLY, id=commitment, on=on)
        application = applied["commitmentCloseApply"]["application"]["id"]
        accepted = await self.run(ACCEPT, id=application, on=on)
        return dict(accepted["commitmentApplicationDecide"]["commitment"])

    async def overdue(self, day: str) -> list[str]:
        data = await self.run(OVERDUE, asOf=day, unitId=self.liangzhou)
        return [node["id"] for node in data["overdueCommitments"]["nodes"]]

    async def evidence(self, commitment: str, title: str, on: str, **extra: Any) -> str:
        values = {
            "commitmentId": commitment,
            "title": title,
            "kind": "DOCUMENT",
            "submittedOn": on,
        } | extra
        made = await self.by_unit(commitment, SUBMIT, input=values)
        return str(made["evidenceSubmit"]["evidence"]["id"])

    async def review(self, evidence: str, decision: str, on: str, reason: str = "") -> None:
        values = {"id": evidence, "decision": decision, "reviewedOn": on, "reason": reason}
        await self.run(REVIEW, input=values)

    async def evaluate(self, unit: str, kind: str, score: float) -> None:
        values = {
            "unitId": unit,
            "period": "2018年度",
            "evaluatorKind": kind,
            "score": score,
            "evaluatedOn": "2019-01-15",
        }
        await self.run(EVALUATE, input=values)


def counties(chain: dict[str, Any]) -> str:
    links = [c for c in chain["coResponsible"] if c["unit"]["kind"] == "COLLECTIVE"]
    return str(links[-1]["assignment"]["id"])  # 各县区政府 is listed last


async def test_a_year_of_the_wuwei_plan(office: GraphQLClient) -> None:
    year = Year(office)
    await year.setup()
    lz = year.liangzhou

    # January: the lead unit and two county units pledge.
    c1 = await year.pledge(
        year.a_lead,
        None,
        "全年开展4次专项督查",
        "2018-12-28",
        responsiblePersonId=year.chief,
        public=True,
    )
    c2 = await year.pledge(
        year.a_counties, lz, "建立县级督导台账", "2018-02-10", responsiblePersonId=year.mayor
    )
    c3 = await year.pledge(year.b_counties, lz, "半年内归集失信信息", "2018-06-29")
    c4 = await year.pledge(year.a_counties, lz, "每月公示督查结果", "2018-09-21", public=True)
    c5 = await year.pledge(year.a_counties, lz, "开展诚信乡镇创建", "2018-11-30")
    c6 = await year.pledge(year.b_counties, lz, "完成信用信息系统对接", "2018-12-28")
    c7 = await year.pledge(year.b_counties, lz, "失信记录全部入库", "2018-12-31")
    c8 = await year.pledge(year.a_counties, lz, "次年一季度复查", "2019-03-29")
    g1 = await year.pledge(year.a_counties, year.gulang, "建立古浪县督导台账", "2018-03-30")

    # February: c2 is due on Saturday 02-10, a rest day; Sunday 02-11 is worked (调休), so it
    # falls due on Sunday and is overdue from Monday 02-12 — not a day later.
    assert await year.overdue("2018-02-11") == []
    assert await year.overdue("2018-02-12") == [c2]
    swept = (await year.run(SWEEP, asOf="2018-02-12"))["commitmentsMarkOverdue"]["commitments"]
    assert swept == [{"id": c2, "overdueSince": "2018-02-12"}]
    await year.evidence(
        c2, "督导台账链接", "2018-03-10", kind="WEB_PAGE", url="https://www.liangzhou.gov.cn/dbtz"
    )
    # The unit may not close its own commitment: it applies, and the office accepts.
    refused = await year.leaders[lz].error(FULFILL, {"id": c2, "on": "2018-03-15"})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert await year.fulfil(c2, "2018-03-15") == {"status": "FULFILLED", "fulfilledLate": True}
    await year.evidence(
        g1, "古浪县督导台账", "2018-03-20", kind="WEB_PAGE", url="https://www.gulang.gov.cn/dbtz"
    )
    await year.fulfil(g1, "2018-03-20")

    # Progress and evidence: the lead unit's report is accepted; the county's first file is
    # rejected and resubmitted, and the rejected version stays.
    q2 = await year.by_unit(
        c1,
        PROGRESS,
        input={
            "commitmentId": c1,
            "period": "2018-H1",
            "text": "已开展2次",
            "percentComplete": 50,
            "reportedOn": "2018-07-05",
            "submittedById": year.chief,
        },
    )
    report_id = q2["progressReportSubmit"]["progressReport"]["id"]
    e1 = await year.evidence(
        c1,
        "上半年督查通报",
        "2018-07-05",
        progressReportId=report_id,
        file=upload("通报.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    await year.review(e1, "ACCEPTED", "2018-07-10")
    e3 = await year.evidence(
        c3, "失信信息归集表", "2018-06-25", file=upload("归集.txt", "凉州区 2018 上半年".encode())
    )
    await year.review(e3, "REJECTED", "2018-06-27", "缺少单位盖章")
    again = await year.by_unit(
        c3,
        RESUBMIT,
        input={
            "previousVersionId": e3,
            "submittedOn": "2018-06-28",
            "file": upload("归集-盖章.txt", "已盖章".encode()),
        },
    )
    assert again["evidenceResubmit"]["evidence"]["previousVersion"] == {"status": "REJECTED"}
    await year.review(again["evidenceResubmit"]["evidence"]["id"], "ACCEPTED", "2018-06-29")
    await year.fulfil(c3, "2018-06-28")

    # A withdrawal, and a refused transition that changes nothing.
    await year.by_unit(c5, WITHDRAW, id=c5, on="2018-05-10", reason="任务并入市级创建")
    head = await year.run(HEAD)
    refused = await year.leaders[lz].error(APPLY, {"id": c5, "on": "2018-11-30"})
    assert refused["extensions"]["code"] == "INVALID_TRANSITION"
    assert await year.run(HEAD) == head

    # September: c4 is broken; the dishonesty record is reported on 10-10, one working day
    # after its deadline (09-25 + 7 working days across the 调休 weekend and National Day).
    await year.by_unit(c4, BREAK, id=c4, on="2018-09-25", reason="7至9月未公示")
    record = (
        await year.run(
            REPORT,
            input={
                "commitmentId": c4,
                "category": "BREACH_OF_PROMISE",
                "severity": "GENERAL",
                "facts": "公开承诺每月公示督查结果，7至9月未兑现",
                "occurredOn": "2018-09-25",
                "reportedOn": "2018-10-10",
            },
        )
    )["dishonestyRecordReport"]["record"]
    assert (record["reportDueOn"], record["reportedLate"]) == ("2018-10-09", True)
    rid = record["id"]
    published = await year.run(PUBLISH, id=rid, on="2018-10-11")
    assert published["dishonestyRecordPublish"]["publication"] == {
        # CN-2023-WW: a GENERAL record is public at most 12 months from its decision on
        # 2018-09-25, to the corresponding day (Civil Code art. 202).
        "publicUntil": "2019-09-25",
        "ruleVersion": "CN-2023-WW",
    }
    sanction = (await year.run(SANCTION, id=rid))["dishonestySanctionImpose"]["sanction"]["id"]
    await year.run(
        REPORT,
        input={
            "unitId": lz,
            "personId": year.mayor,
            "category": "DISCIPLINARY_SANCTION",
            "severity": "MINOR",
            "facts": "违规签批",
            "occurredOn": "2018-11-05",
            "reportedOn": "2018-11-09",
        },
    )

    # October: an objection freezes the record, then corrects it.
    objection = (await year.run(OBJECT, id=rid))["dishonestyObjectionFile"]["objection"]["id"]
    marked = await year.run(MARK, id=objection)
    assert marked["dishonestyObjectionMark"]["objection"]["record"] == {"underObjection": True}
    head = await year.run(HEAD)
    frozen = await office.error(UPDATE, {"id": rid})
    assert frozen["extensions"]["code"] == "INVALID_TRANSITION"
    assert await year.run(HEAD) == head
    corrected = (await year.run(CORRECT, id=objection))["dishonestyObjectionDecide"]["objection"]
    assert corrected == {
        "decidedLate": False,
        "record": {"severity": "MINOR", "underObjection": False, "status": "ACTIVE"},
    }

    # November–December: the sanction is carried out and the credit repaired, once the
    # minimum window of the (corrected) MINOR record has run: 3 months from 2018-09-25.
    await year.run(SANCTION_DONE, id=sanction)
    repair = (await year.run(REPAIR, id=rid))["creditRepairApply"]["repair"]["id"]
    await year.run(MEASURE, id=repair)
    repaired = await year.run(REPAIRED, id=repair)
    assert repaired["creditRepairDecide"]["repair"]["record"] == {"status": "REPAIRED"}
    views = await year.run(VIEWS, unitId=lz)
    assert rid not in [n["id"] for n in views["publicDishonestyRecords"]["nodes"]]
    assert {"id": rid, "status": "REPAIRED", "reportedLate": True} in views["dishonestyRecords"][
        "nodes"
    ]
    history = [n["action"] for n in (await year.run(HISTORY, id=rid))["journal"]["nodes"]]
    assert history == [
        "dishonesty_record.report",
        "dishonesty_record.freeze",
        "dishonesty_record.correct",
        "dishonesty_record.repair",
    ]

    # Year end: c1 kept on time; the sweep on 2019-01-02 marks c6 (due Friday 12-28) but not
    # c7, due Monday 12-31, a New Year holiday: it falls due on 2019-01-02 itself.
    await year.fulfil(c1, "2018-12-20")
    swept = (await year.run(SWEEP, asOf="2019-01-02"))["commitmentsMarkOverdue"]["commitments"]
    assert [row["id"] for row in swept] == [c6]
    assert c7 not in await year.overdue("2019-01-02")
    assert c7 in await year.overdue("2019-01-03")
    await year.evaluate(lz, "THIRD_PARTY", 86)
    await year.evaluate(lz, "SUPERVISION_OFFICE", 78)
    await year.evaluate(year.office, "PEOPLES_CONGRESS", 95)

    # The numbers.
    county = (await year.run(ACCOUNTABILITY, unitId=lz, period="2018年度"))["unit"]
    led = {n["id"] for n in county["led"]["nodes"]}
    shared = {n["id"] for n in county["shared"]["nodes"]} - led
    assert county["accountability"] == {
        "period": "2018",
        "tasksLed": len(led),
        "tasksShared": len(shared),
        "commitments": {
            "total": 6,
            "onTime": 1,
            "late": 1,
            "overdue": 1,
            "broken": 1,
            "withdrawn": 1,
            "open": 1,
        },
        "evidence": {"accepted": 1, "rejected": 1, "pending": 1},
        "evaluationCount": 2,
        "averageScore": 82.0,
        "openDishonestyRecords": 1,
    }
    assert year.task_a in shared
    assert year.task_b in shared
    first_quarter = (await year.run(ACCOUNTABILITY, unitId=lz, period="2018-Q1"))["unit"]
    assert first_quarter["accountability"]["commitments"] == {
        "total": 1,
        "onTime": 0,
        "late": 1,
        "overdue": 0,
        "broken": 0,
        "withdrawn": 0,
        "open": 0,
    }
    lead = (await year.run(ACCOUNTABILITY, unitId=year.office, period="2018"))["unit"]
    assert lead["accountability"]["commitments"]["onTime"] == 1
    assert lead["accountability"]["evidence"] == {"accepted": 1, "rejected": 0, "pending": 0}
    assert lead["accountability"]["averageScore"] == 95.0
    assert year.task_a in {n["id"] for n in lead["led"]["nodes"]}

    # The responsibility chain reaches down to commitments, progress, evidence.
    chain = (await year.run(CHAIN, taskId=year.task_a))["responsibilityChain"]
    assert chain["lead"][0]["commitments"] == [
        {
            "id": c1,
            "status": "FULFILLED",
            "progressReports": [
                {"period": "2018-H1", "percentComplete": 50, "evidence": [{"status": "ACCEPTED"}]}
            ],
            "evidence": [{"status": "ACCEPTED", "file": {"mediaType": "application/pdf"}}],
            "evaluations": [],
        }
    ]
    pledged = next(c for c in chain["coResponsible"] if c["unit"]["kind"] == "COLLECTIVE")
    assert [c["id"] for c in pledged["commitments"]] == [c2, c4, c5, c8, g1]
