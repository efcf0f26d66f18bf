"""The demo day: a fixed "today" in the seed year and a small, clearly marked example year.

``dutygraph serve --demo`` (and ``dutygraph seed --demo``) fix today at ``DEMO_DAY`` and load
the example year below through the same GraphQL operations a client sends — each one journaled,
checked by the same permission rules, as actors named ``demo:…`` — so every README example has
something to show. Everything it writes is marked: contents and titles start with 【示例】, people
end with （示例）. Loading is idempotent: a database that holds any ``demo:`` journal entry is left
alone. Production ignores ``--demo`` unless ``DUTYGRAPH_DEMO=1`` is set as well.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from resolvers.actor import Actor, Role

logger = logging.getLogger("dutygraph.demo")

#: The demo's "today": early in the seed plan's first year, so deadlines lie ahead and behind.
DEMO_DAY = date(2018, 3, 1)

#: Journal actors of the demo start with this; their presence means "already loaded".
DEMO_ACTOR_PREFIX = "demo:"

#: The marks every example row carries.
EXAMPLE = "【示例】"

SETUP = """
query DemoSetup {
  supervision: tasks(filter: {search: "建立专项督导机制"}, first: 1) {
    nodes { id assignments { id role unit { id name kind } } }
  }
  records: tasks(filter: {search: "建立健全政务失信记录"}, first: 1) {
    nodes { id assignments { id role unit { id name kind } } }
  }
  office: unitByName(name: "市政府督查室") { id }
  liangzhou: unitByName(name: "凉州区政府") { id }
  gulang: unitByName(name: "古浪县政府") { id }
}
"""

PERSON = """
mutation DemoPerson($name: String!) { personCreate(input: {name: $name}) { person { id } } }
"""

APPOINT = """
mutation DemoAppoint($personId: ID!, $unitId: ID!, $title: String!) {
  positionCreate(input: {personId: $personId, unitId: $unitId, title: $title,
                         role: PRINCIPAL, validFrom: "2017-06-01"}) { position { id } }
}
"""

PLEDGE = """
mutation DemoPledge($input: CommitmentPledgeInput!) {
  commitmentPledge(input: $input) { commitment { id } }
}
"""

CLOSE_APPLY = """
mutation DemoCloseApply($id: ID!, $on: Date!) {
  commitmentCloseApply(input: {id: $id, fulfilledOn: $on, appliedOn: $on}) {
    application { id }
  }
}
"""

DECIDE = """
mutation DemoDecide($id: ID!, $on: Date!) {
  commitmentApplicationDecide(input: {id: $id, decision: ACCEPTED, decidedOn: $on}) {
    application { id }
  }
}
"""

SWEEP = """
mutation DemoSweep($asOf: Date!) {
  commitmentsMarkOverdue(asOf: $asOf) { commitments { id } }
}
"""

PROGRESS = """
mutation DemoProgress($input: ProgressReportSubmitInput!) {
  progressReportSubmit(input: $input) { progressReport { id } }
}
"""

SUBMIT = """
mutation DemoEvidence($input: EvidenceSubmitInput!) {
  evidenceSubmit(input: $input) { evidence { id } }
}
"""

RESUBMIT = """
mutation DemoResubmit($input: EvidenceResubmitInput!) {
  evidenceResubmit(input: $input) { evidence { id } }
}
"""

REVIEW = """
mutation DemoReview($input: EvidenceReviewInput!) {
  evidenceReview(input: $input) { evidence { status } }
}
"""

EVALUATE = """
mutation DemoEvaluate($input: EvaluationCreateInput!) {
  evaluationCreate(input: $input) { evaluation { id } }
}
"""

REPORT = """
mutation DemoReport($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) { record { id } }
}
"""

PUBLISH = """
mutation DemoPublish($id: ID!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: "2018-01-22", channel: "信用甘肃"}) {
    publication { publicUntil }
  }
}
"""

#: A minimal PDF: the evidence store checks files by content.
PDF = b"%PDF-1.4\n% dutygraph demo\n%%EOF\n"


class DemoError(RuntimeError):
    """A demo operation failed: the example year no longer fits the seed (a bug, not input)."""


@dataclass
class DemoRunner:
    """Sends the demo's operations through the schema as the actor of each step."""

    settings: Any = None
    unit_pks: dict[str, int] = field(default_factory=dict)

    def actor(self, who: str) -> Actor:
        """``office``: the supervision office (督查室 + 信用); a unit key: that unit's leader."""
        if who == "office":
            roles = frozenset({Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN})
            return Actor(f"{DEMO_ACTOR_PREFIX}督查室", roles)
        return Actor(f"{DEMO_ACTOR_PREFIX}{who}", frozenset({Role.UNIT_LEADER}), self.unit_pks[who])

    async def run(self, who: str, document: str, **variables: Any) -> dict[str, Any]:
        from resolvers.context import Context
        from resolvers.root import graphql_schema

        request = SimpleNamespace(
            app=SimpleNamespace(state=SimpleNamespace(settings=self.settings))
        )
        context = Context(actor=self.actor(who), request_id="demo", request=request)
        result = await graphql_schema.execute(
            document, variable_values=variables, context_value=context
        )
        context.release()
        if result.errors:
            raise DemoError(f"demo step failed: {result.errors[0].message}")
        assert result.data is not None
        return result.data


#: The demo's last write: once it is there, the example year is complete.
LAST_STEP = "【示例】公开承诺的2017年度督导台账未按期建立"


async def demo_loaded() -> bool:
    """True when the example year is complete; DemoError when a run stopped half-way."""
    from models import DishonestyRecord, JournalEntry

    if await DishonestyRecord.filter(facts=LAST_STEP, publications__id__isnull=False).exists():
        return True
    if await JournalEntry.filter(actor__startswith=DEMO_ACTOR_PREFIX).exists():
        raise DemoError(
            "The demo example year is only partly loaded (an earlier run stopped). Start from "
            "a fresh database: delete its file (SQLite) or drop and create it (PostgreSQL)."
        )
    return False


def counties_assignment(task: dict[str, Any]) -> str:
    """The assignment of the collective 各县区政府 on a task."""
    for assignment in task["assignments"]:
        if assignment["unit"]["kind"] == "COLLECTIVE" and "县区" in assignment["unit"]["name"]:
            return str(assignment["id"])
    raise DemoError("the seed task has no 各县区政府 assignment")


def lead_assignment(task: dict[str, Any]) -> str:
    for assignment in task["assignments"]:
        if assignment["role"] == "LEAD":
            return str(assignment["id"])
    raise DemoError("the seed task has no lead assignment")


async def load_demo_year(settings: Any = None) -> bool:
    """Write the example year (inside ``open_database``); False when it was there already."""
    if await demo_loaded():
        return False
    from resolvers.global_ids import pk_of

    runner = DemoRunner(settings)
    found = await runner.run("office", SETUP)
    for who in ("office", "liangzhou", "gulang"):
        runner.unit_pks[who] = pk_of(found[who]["id"], "Unit", who)
    # The office pledges on its own lead assignment as its leader (pledging is a unit's act).
    runner.unit_pks["督查室"] = runner.unit_pks["office"]
    ids = {who: found[who]["id"] for who in ("office", "liangzhou", "gulang")}
    supervision = found["supervision"]["nodes"][0]
    records = found["records"]["nodes"][0]

    async def person(name: str, unit: str, title: str) -> str:
        made = await runner.run("office", PERSON, name=name)
        person_id = str(made["personCreate"]["person"]["id"])
        await runner.run("office", APPOINT, personId=person_id, unitId=ids[unit], title=title)
        return person_id

    chief = await person("张督查（示例）", "office", "主任")
    mayor = await person("王区长（示例）", "liangzhou", "区长")

    async def pledge(who: str, assignment: str, content: str, due_on: str, **extra: Any) -> str:
        values = {
            "assignmentId": assignment,
            "content": EXAMPLE + content,
            "target": content + "（可核验）",
            "pledgedOn": "2018-01-08",
            "dueOn": due_on,
        }
        if who != "督查室":
            values["unitId"] = ids[who]
        made = await runner.run(who, PLEDGE, input=values | extra)
        return str(made["commitmentPledge"]["commitment"]["id"])

    yearly = await pledge(
        "督查室",
        lead_assignment(supervision),
        "全年开展4次专项督查",
        "2018-12-28",
        responsiblePersonId=chief,
        public=True,
    )
    ledger = await pledge(
        "liangzhou",
        counties_assignment(supervision),
        "建立县级督导台账",
        "2018-02-10",
        responsiblePersonId=mayor,
    )
    await pledge("liangzhou", counties_assignment(supervision), "报送一季度督查台账", "2018-03-07")
    await pledge("liangzhou", counties_assignment(records), "半年内归集失信信息", "2018-06-29")
    gulang = await pledge(
        "gulang", counties_assignment(supervision), "建立古浪县督导台账", "2018-02-28"
    )
    # 办结: the county applies with its evidence and the office signs it off (销号).
    await runner.run(
        "gulang",
        SUBMIT,
        input={
            "commitmentId": gulang,
            "title": EXAMPLE + "古浪县督导台账",
            "kind": "DOCUMENT",
            "submittedOn": "2018-02-27",
            "file": {"fileName": "古浪台账.pdf", "contentBase64": base64.b64encode(PDF).decode()},
        },
    )
    applied = await runner.run("gulang", CLOSE_APPLY, id=gulang, on="2018-02-27")
    await runner.run(
        "office", DECIDE, id=applied["commitmentCloseApply"]["application"]["id"], on="2018-02-28"
    )
    # The county ledger was due on Saturday 02-10 (Sunday 02-11 was a 调休 working day): overdue.
    await runner.run("office", SWEEP, asOf="2018-02-12")

    report = await runner.run(
        "督查室",
        PROGRESS,
        input={
            "commitmentId": yearly,
            "period": "2018-Q1",
            "text": EXAMPLE + "已开展1次专项督查",
            "percentComplete": 25,
            "reportedOn": "2018-02-05",
            "submittedById": chief,
        },
    )
    accepted = await runner.run(
        "督查室",
        SUBMIT,
        input={
            "commitmentId": yearly,
            "progressReportId": report["progressReportSubmit"]["progressReport"]["id"],
            "title": EXAMPLE + "1月专项督查通报",
            "kind": "DOCUMENT",
            "submittedOn": "2018-02-05",
            "file": {"fileName": "通报.pdf", "contentBase64": base64.b64encode(PDF).decode()},
        },
    )
    await runner.run(
        "office",
        REVIEW,
        input={
            "id": accepted["evidenceSubmit"]["evidence"]["id"],
            "decision": "ACCEPTED",
            "reviewedOn": "2018-02-07",
        },
    )
    rejected = await runner.run(
        "liangzhou",
        SUBMIT,
        input={
            "commitmentId": ledger,
            "title": EXAMPLE + "督导台账",
            "kind": "DOCUMENT",
            "submittedOn": "2018-02-20",
            "file": {"fileName": "台账.pdf", "contentBase64": base64.b64encode(PDF).decode()},
        },
    )
    first_version = rejected["evidenceSubmit"]["evidence"]["id"]
    await runner.run(
        "office",
        REVIEW,
        input={
            "id": first_version,
            "decision": "REJECTED",
            "reviewedOn": "2018-02-22",
            "reason": "缺少盖章",
        },
    )
    await runner.run(
        "liangzhou",
        RESUBMIT,
        input={
            "previousVersionId": first_version,
            "submittedOn": "2018-02-26",
            "url": "https://www.liangzhou.gov.cn/dbtz",
        },
    )
    await runner.run(
        "office",
        EVALUATE,
        input={
            "unitId": ids["liangzhou"],
            "period": "2017年度",
            "evaluatorKind": "THIRD_PARTY",
            "score": 86,
            "evaluatedOn": "2018-01-15",
        },
    )
    record = await runner.run(
        "office",
        REPORT,
        input={
            "unitId": ids["gulang"],
            "category": "BREACH_OF_PROMISE",
            "severity": "GENERAL",
            "facts": LAST_STEP,
            "occurredOn": "2018-01-10",
            "reportedOn": "2018-01-17",
        },
    )
    await runner.run("office", PUBLISH, id=record["dishonestyRecordReport"]["record"]["id"])
    logger.info("Loaded the demo example year (rows marked %s).", EXAMPLE)
    return True


@dataclass(frozen=True)
class DemoChoice:
    """What ``--demo`` means for this run: the day to fix (None: none) and why."""

    today: date | None
    load: bool
    message: str


def demo_choice(
    *, requested: bool, production: bool, allowed: bool, today: date | None
) -> DemoChoice:
    """``--demo`` in development fixes the day (DUTYGRAPH_TODAY wins when set) and loads the
    example year; in production only with ``DUTYGRAPH_DEMO=1``, and the log says so either way."""
    if not requested:
        return DemoChoice(today, False, "")
    if production and not allowed:
        return DemoChoice(
            today,
            False,
            "--demo is ignored in production (DUTYGRAPH_ENV=production): no example data is "
            "loaded and the clock is not fixed. Set DUTYGRAPH_DEMO=1 as well to run a demo there.",
        )
    day = today or DEMO_DAY
    return DemoChoice(
        day,
        True,
        f"Demo mode: today is fixed at {day.isoformat()} and the example year (rows marked "
        f"{EXAMPLE}) is loaded once.",
    )
