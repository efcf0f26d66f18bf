"""The policy table, cell by cell: every role × every mutation × own unit / another unit, sent
over HTTP by a real account of that role (unit roles act for 凉州区人民政府).

Each row below reads STAFF LEADER OFFICE CREDIT AUDITOR ADMIN; each cell is two characters,
the outcome on a row of the caller's own unit and on a row of another unit: ``Y`` the call is
served, ``-`` it is refused (FORBIDDEN, or NOT_FOUND for a row the caller may not even see).
A mutation of the schema without a row here fails ``test_every_mutation_has_a_row``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

import models
from resolvers.actor import Role
from resolvers.node import NODE_TYPES
from resolvers.permissions.scopes import SCOPES
from resolvers.permissions.table import INTERNAL, PUBLIC_SCHEMA, Reach
from resolvers.permissions.writes import ANY_UNIT_WRITERS
from resolvers.public.root import public_schema
from resolvers.root import graphql_schema
from resolvers.workdays import today
from tests.api.authz import Maker, UnitWork, World, build_world, call, inputs, month, number
from tests.conftest import running
from tests.databases import DatabaseFactory

COLUMNS = (
    Role.UNIT_STAFF,
    Role.UNIT_LEADER,
    Role.SUPERVISION_OFFICE,
    Role.CREDIT_ADMIN,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
)

# fmt: off
TABLE: dict[str, tuple[str, str, str, str, str, str]] = {
    #                               STAFF LEADER OFFICE CREDIT AUDIT ADMIN
    "planCreate":                    ("--", "--", "YY", "--", "--", "--"),
    "planUpdate":                    ("--", "--", "YY", "--", "--", "--"),
    "sectionCreate":                 ("--", "--", "YY", "--", "--", "--"),
    "sectionUpdate":                 ("--", "--", "YY", "--", "--", "--"),
    "planImport":                    ("--", "--", "YY", "--", "--", "--"),
    "taskCreate":                    ("--", "--", "YY", "--", "--", "--"),
    "taskUpdate":                    ("--", "--", "YY", "--", "--", "--"),
    "assignmentCreate":              ("--", "--", "YY", "--", "--", "--"),
    "assignmentEnd":                 ("--", "--", "YY", "--", "--", "--"),
    "assignmentReassign":            ("--", "--", "YY", "--", "--", "--"),
    "assignmentInChargeSet":         ("--", "--", "YY", "--", "--", "--"),
    "taskMatchReview":               ("--", "--", "YY", "--", "--", "--"),
    "unitCreate":                    ("--", "--", "YY", "--", "--", "--"),
    "unitUpdate":                    ("--", "--", "YY", "--", "--", "--"),
    "unitMemberAdd":                 ("--", "--", "YY", "--", "--", "--"),
    "unitMembershipEnd":             ("--", "--", "YY", "--", "--", "--"),
    "unitSucceed":                   ("--", "--", "YY", "--", "--", "--"),
    "personCreate":                  ("--", "--", "YY", "--", "--", "--"),
    "personUpdate":                  ("--", "--", "YY", "--", "--", "--"),
    "positionCreate":                ("--", "--", "YY", "--", "--", "--"),
    "positionEnd":                   ("--", "--", "YY", "--", "--", "--"),
    "pppProjectCreate":              ("--", "Y-", "YY", "--", "--", "--"),
    "pppProjectUpdate":              ("--", "Y-", "YY", "--", "--", "--"),
    "pppProjectRegimeChange":        ("--", "Y-", "YY", "--", "--", "--"),
    "pppPartnerAdd":                 ("--", "Y-", "YY", "--", "--", "--"),
    "pppContractCreate":             ("--", "Y-", "YY", "--", "--", "--"),
    "pppStageCreate":                ("--", "Y-", "YY", "--", "--", "--"),
    "pppStageUpdate":                ("--", "Y-", "YY", "--", "--", "--"),
    "pppStageResponsibilityAssign":  ("--", "Y-", "YY", "--", "--", "--"),
    "pppStageResponsibilityHandOver": ("--", "Y-", "YY", "--", "--", "--"),
    "pppStageResponsibilityEnd":     ("--", "Y-", "YY", "--", "--", "--"),
    "pppCommitmentCreate":           ("--", "Y-", "YY", "--", "--", "--"),
    "pppCommitmentFulfil":           ("--", "--", "YY", "--", "--", "--"),
    "pppBreachRecord":               ("--", "--", "YY", "--", "--", "--"),
    "commitmentPledge":              ("--", "Y-", "--", "--", "--", "--"),
    "commitmentFulfill":             ("--", "--", "--", "--", "--", "--"),
    "commitmentBreak":               ("--", "Y-", "--", "--", "--", "--"),
    "commitmentWithdraw":            ("--", "Y-", "--", "--", "--", "--"),
    "commitmentsMarkOverdue":        ("--", "--", "YY", "--", "--", "--"),
    "commitmentCloseApply":          ("--", "Y-", "--", "--", "--", "--"),
    "commitmentWithdrawApply":       ("--", "Y-", "--", "--", "--", "--"),
    "commitmentExtensionApply":      ("--", "Y-", "--", "--", "--", "--"),
    "commitmentApplicationDecide":   ("--", "--", "YY", "--", "--", "--"),
    "commitmentCorrect":             ("--", "--", "YY", "--", "--", "--"),
    "urgingRecord":                  ("--", "--", "YY", "--", "--", "--"),
    "urgingAcknowledge":             ("Y-", "Y-", "--", "--", "--", "--"),
    "supervisionItemOpen":           ("--", "--", "YY", "--", "--", "--"),
    "supervisionItemsOpenForPlan":   ("--", "--", "YY", "--", "--", "--"),
    "supervisionFeedbackSubmit":     ("Y-", "Y-", "--", "--", "--", "--"),
    "supervisionItemCloseApply":     ("--", "Y-", "--", "--", "--", "--"),
    "supervisionItemExtensionApply": ("--", "Y-", "--", "--", "--", "--"),
    "supervisionItemApplicationDecide": ("--", "--", "YY", "--", "--", "--"),
    "supervisionItemCorrect":        ("--", "--", "YY", "--", "--", "--"),
    "progressReportSubmit":          ("Y-", "Y-", "--", "--", "--", "--"),
    "evidenceSubmit":                ("Y-", "Y-", "--", "--", "--", "--"),
    "evidenceResubmit":              ("Y-", "Y-", "--", "--", "--", "--"),
    "evidenceReview":                ("--", "--", "YY", "--", "--", "--"),
    "evaluationCreate":              ("--", "--", "YY", "--", "--", "--"),
    "evaluationRevoke":              ("--", "--", "YY", "--", "--", "--"),
    "dishonestyRecordReport":        ("--", "--", "--", "YY", "--", "--"),
    "dishonestyRecordUpdate":        ("--", "--", "--", "YY", "--", "--"),
    "dishonestyRecordPublish":       ("--", "--", "--", "YY", "--", "--"),
    "dishonestyPublicationWithdraw": ("--", "--", "--", "YY", "--", "--"),
    "dishonestySanctionImpose":      ("--", "--", "--", "YY", "--", "--"),
    "dishonestySanctionComplete":    ("--", "--", "--", "YY", "--", "--"),
    "dishonestyObjectionFile":       ("--", "Y-", "--", "YY", "--", "--"),
    "dishonestyObjectionMark":       ("--", "--", "--", "YY", "--", "--"),
    "dishonestyObjectionDecide":     ("--", "--", "--", "YY", "--", "--"),
    "creditRepairApply":             ("--", "Y-", "--", "YY", "--", "--"),
    "creditRepairMeasureAdd":        ("--", "--", "--", "YY", "--", "--"),
    "creditRepairDecide":            ("--", "--", "--", "YY", "--", "--"),
    "accountCreate":                 ("--", "--", "--", "--", "--", "YY"),
    "accountUpdate":                 ("--", "--", "--", "--", "--", "YY"),
    "apiTokenIssue":                 ("--", "--", "--", "--", "--", "YY"),
    "apiTokenRevoke":                ("--", "--", "--", "--", "--", "YY"),
    "workdayScheduleLoad":           ("--", "--", "YY", "--", "--", "YY"),
    "journalVerificationStart":      ("--", "--", "YY", "--", "YY", "YY"),
    "dishonestyRecordConfirm":       ("--", "--", "--", "YY", "--", "--"),
    "dishonestyRecordDismiss":       ("--", "--", "--", "YY", "--", "--"),
}
#: The public endpoint: anonymous callers only; nothing there acts for a unit.
PUBLIC_TABLE = {"objectionSubmit": "Y", "complaintSubmit": "Y"}
# fmt: on

REFUSALS = {"FORBIDDEN", "NOT_FOUND"}
PLAN_TEXT = "一、任务\n1.建立台账。(责任单位:凉州区政府)\n"

Variables = Callable[[Maker, UnitWork, bool], Awaitable[dict[str, Any]]]


def cases() -> dict[str, Variables]:
    """Variables per mutation for a row of unit ``u``; ``fresh`` when the call will be served
    (a served call may use its row up, so it gets a new one)."""

    async def plan_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(title=f"方案{number()}")

    async def plan_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=m.w.plan, title=f"方案{number()}")

    async def section_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(planId=m.w.plan, code=f"S{number()}", title="章节")

    async def section_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=m.w.section, title=f"章节{number()}")

    async def plan_import(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(text=PLAN_TEXT, dryRun=True)

    async def task_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(planId=m.w.plan, code=f"T{number()}", title="任务")

    async def task_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=m.w.task, title=f"任务{number()}")

    async def assignment_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        task = (await m.task()) if fresh else m.w.task
        return inputs(taskId=task, unitId=u.unit, role="GUIDE")

    async def assignment_end(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.assignment(u)) if fresh else u.assignment
        return {"assignmentId": pk, "validTo": "2019-12-31", "reason": "调整"}

    async def assignment_reassign(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.assignment(u)) if fresh else u.assignment
        other = m.w.b if u is m.w.a else m.w.a
        return {
            "assignmentId": pk,
            "unitId": other.unit,
            "effectiveOn": "2019-01-01",
            "reason": "调整",
        }

    async def assignment_in_charge_set(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.assignment(u)) if fresh else u.assignment
        return inputs(assignmentId=pk, post=f"分管副主任{number()}")

    async def task_match_review(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        task = (await m.task()) if fresh else m.w.task
        return inputs(taskId=task, carriedFromId=None)

    async def unit_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(name=f"新单位{number()}", kind="OTHER")

    async def unit_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.unit, note=f"备注{number()}")

    async def member_add(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        collective = (await m.unit("COLLECTIVE")) if fresh else m.w.collective
        return {"collectiveId": collective, "memberId": u.unit}

    async def membership_end(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        membership = (await m.membership(u)) if fresh else m.w.membership
        return {"membershipId": membership, "validTo": "2019-12-31"}

    async def unit_succeed(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        old = (await m.unit()) if fresh else m.w.spare_unit
        return {"unitId": old, "successorId": u.unit, "effectiveOn": "2019-01-01"}

    async def person_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(name=f"李{number()}")

    async def person_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.person, note=f"备注{number()}")

    async def position_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(personId=u.person, unitId=u.unit, title="副主任", validFrom="2019-01-01")

    async def position_end(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        position = (await m.position(u)) if fresh else m.w.position
        return {"positionId": position, "validTo": "2019-12-31"}

    async def project_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            name=f"项目{number()}",
            code=f"P-{number()}",
            regimeFrom="2019-01-01",
            implementingAgencyId=u.unit,
        )

    async def project_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.project, note=f"备注{number()}")

    async def regime_change(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        project = (await m.project(u)) if fresh else u.project
        return {
            "projectId": project,
            "regime": "CONCESSION",
            "effectiveOn": "2020-01-01",
            "reason": "转为特许经营",
        }

    async def partner_add(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return {"projectId": u.project, "name": f"公司{number()}", "role": "社会资本方"}

    async def contract_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(projectId=u.project, title=f"合同{number()}")

    async def stage_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        project = (await m.project(u)) if fresh else u.project
        return inputs(projectId=project, planStage="FINANCING")

    async def stage_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.stage, note=f"备注{number()}")

    async def responsibility_assign(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        stage = (await m.stage(u.project)) if fresh else u.stage
        return inputs(stageId=stage, personId=u.person, unitId=u.unit, validFrom="2019-01-01")

    async def hand_over(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.responsibility(u)) if fresh else u.responsibility
        return inputs(
            responsibilityId=pk,
            personId=(await m.person(u)) if fresh else u.person,
            effectiveOn="2020-01-01",
            reason="TRANSFER",
            note="调动",
        )

    async def responsibility_end(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.responsibility(u)) if fresh else u.responsibility
        return {"responsibilityId": pk, "validTo": "2020-12-31", "reason": "OTHER", "note": "结束"}

    async def ppp_commitment_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(projectId=u.project, kind="SUBSIDY", description="补贴", dueOn="2021-06-30")

    async def ppp_fulfil(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.ppp_commitment(u)) if fresh else u.ppp_commitment
        return {"commitmentId": pk, "fulfilledOn": "2020-06-01"}

    async def breach(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.ppp_commitment(u)) if fresh else u.ppp_commitment
        return inputs(commitmentId=pk, occurredOn="2020-07-01", description="逾期未付")

    async def pledge(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            assignmentId=m.w.counties,
            unitId=u.unit,
            content=f"承诺{number()}",
            target="按期完成",
            pledgedOn="2018-01-05",
            dueOn="2018-12-31",
        )

    async def fulfill(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.commitment(u)) if fresh else u.commitment
        return inputs(id=pk, fulfilledOn="2018-06-01")

    async def break_(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.commitment(u)) if fresh else u.commitment
        return inputs(id=pk, on="2018-06-01", reason="无法完成")

    async def withdraw(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.commitment(u)) if fresh else u.commitment
        return inputs(id=pk, on="2018-06-01", reason="任务调整")

    async def close_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.commitment
        if fresh:
            pk = await m.commitment(u)
            await m.evidence(u, pk)
        return inputs(id=pk, fulfilledOn="2018-06-01", note="已完成")

    async def withdraw_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.commitment(u)) if fresh else u.commitment
        return inputs(id=pk, on="2018-06-01", reason="任务调整")

    async def extension_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.commitment(u)) if fresh else u.commitment
        return inputs(id=pk, appliedOn="2018-06-01", newDueOn="2019-03-29", reason="资金未到位")

    async def application_decide(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = await m.close_application(u, fresh)
        return inputs(id=pk, decision="ACCEPTED", decidedOn="2018-06-05")

    async def correct(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = await m.closed_commitment(u, fresh)
        return inputs(id=pk, reason="办结日期录入有误", closedOn="2018-05-30")

    async def urge(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            commitmentId=u.commitment, urgedOn="2018-06-01", channel="DOCUMENT", text="催"
        )

    async def acknowledge(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=await m.urging(u, fresh), acknowledgedOn="2018-06-02")

    async def item_open(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            taskId=m.w.task,
            openedOn="2018-01-05",
            dueOn="2018-06-29",
            rhythm="QUARTERLY",
            feedbackDay=25,
            units=[{"unitId": u.unit, "role": "LEAD"}],
        )

    async def items_for_plan(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            planId=m.w.plan,
            openedOn="2018-01-05",
            dueOn="2018-12-28",
            rhythm="YEARLY",
            feedbackDay=25,
        )

    async def feedback(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            itemId=await m.item(u, fresh),
            unitId=u.unit,
            # A month of the item's span (handed off 01-05, due 06-29) begun by the day.
            period=f"2018-{number() % 6 + 1:02d}" if fresh else "2018-01",
            text="已部署",
            percentComplete=10,
            reportedOn="2018-06-20",
        )

    async def item_close_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        item = await m.item(u, fresh)
        return inputs(id=item, completedOn="2018-06-01", appliedOn="2018-06-02", summary="已办结")

    async def item_extension_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        item = await m.item(u, fresh)
        return inputs(id=item, appliedOn="2018-06-01", newDueOn="2018-12-28", reason="资金未到位")

    async def item_decide(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = await m.item_application(u, fresh)
        return inputs(id=pk, decision="ACCEPTED", decidedOn="2018-06-05")

    async def item_correct(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = await m.closed_item(u, fresh)
        return inputs(id=pk, reason="办结日期录入有误", closedOn="2018-05-30")

    async def mark_overdue(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return {"asOf": "2018-01-06"}

    async def progress(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            commitmentId=u.commitment,
            period="2018-Q2",
            text="推进中",
            percentComplete=40,
            reportedOn="2018-06-01",
        )

    async def evidence_submit(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            commitmentId=u.commitment,
            title=f"材料{number()}",
            kind="WEB_PAGE",
            url="https://www.gswuwei.gov.cn/a.html",
            submittedOn="2018-04-01",
        )

    async def evidence_resubmit(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.rejected_evidence(u)) if fresh else u.rejected_evidence
        return inputs(
            previousVersionId=pk, submittedOn="2018-03-08", url="https://www.gswuwei.gov.cn/b"
        )

    async def evidence_review(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.evidence(u)) if fresh else u.evidence
        return inputs(id=pk, decision="ACCEPTED", reviewedOn="2018-03-05", reason="")

    async def evaluation_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            unitId=u.unit,
            period="2018",
            evaluatorKind="THIRD_PARTY",
            score=75,
            evaluatedOn="2019-01-15",
        )

    async def evaluation_revoke(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        # One standing evaluation per evaluator, unit and period: a fresh month each time.
        pk = (await m.evaluation(u, month(number()))) if fresh else u.evaluation
        return inputs(id=pk, revokedOn="2019-02-01", reason="评分有误")

    async def report(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(
            unitId=u.unit,
            category="ACCOUNTABILITY",
            severity="GENERAL",
            facts="未按期整改",
            occurredOn="2018-09-25",
            reportedOn="2018-10-09",
        )

    async def record_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.record(u)) if fresh else u.record
        return inputs(id=pk, corrections={"facts": f"更正{number()}"})

    async def publish(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.record(u)) if fresh else u.record
        return inputs(recordId=pk, publishedOn="2018-11-01")

    async def withdraw_publication(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.publication
        if fresh:
            pk = await m.publication(await m.record(u, days_ago=40))
        return inputs(id=pk, withdrawnOn=today().isoformat(), reason="依法撤下")

    async def sanction_impose(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.record(u)) if fresh else u.record
        return inputs(recordId=pk, kind="HONOURS_BAN", imposedOn="2018-11-01")

    async def sanction_complete(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.sanction
        if fresh:
            pk = await m.sanction(await m.record(u))
        return inputs(id=pk, completedOn="2018-12-01")

    async def objection_file(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.record(u)) if fresh else u.record
        return inputs(recordId=pk, filedBy="当事单位", filedOn="2018-10-20", grounds="有误")

    async def objection_mark(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.objection
        if fresh:
            pk = await m.objection(await m.record(u))
        return inputs(id=pk, markedOn="2018-10-22")

    async def objection_decide(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.objection
        if fresh:
            pk = await m.marked_objection(await m.record(u))
        return inputs(id=pk, decision="REJECTED", decidedOn="2018-10-30", reason="事实清楚")

    async def repair_apply(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = (await m.record(u)) if fresh else u.record
        return inputs(recordId=pk, applicant="当事单位", appliedOn="2018-11-01")

    async def measure_add(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.repair, kind="RECTIFIED", description="完成整改", takenOn="2018-10-30")

    async def repair_decide(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        pk = u.repair
        if fresh:
            pk = await m.repair(await m.record(u))
        return inputs(id=pk, decision="DENIED", decidedOn="2018-11-20", reason="不符合条件")

    async def account_create(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(username=f"user{number()}", roles=["UNIT_STAFF"], unitId=u.unit)

    async def account_update(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=u.account, displayName=f"张{number()}")

    async def token_issue(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(accountId=u.account, name="测试")

    async def token_revoke(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return {"id": await m.token(u)}

    async def record_confirm(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=await m.draft_record(u), reportedOn="2020-07-08")

    async def record_dismiss(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(id=await m.draft_record(u), reason="非个人责任")

    async def schedule_load(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        return inputs(year=2031, notice="通知", schedule="2031-01-01,HOLIDAY,元旦")

    async def verification_start(m: Maker, u: UnitWork, fresh: bool) -> dict[str, Any]:
        """No run in progress (one at a time): the cell is the permission alone."""
        latest = "{ journalVerificationRuns(first: 1) { nodes { status } } }"
        for _ in range(200):
            nodes = (await m.w.office.data(latest))["journalVerificationRuns"]["nodes"]
            if not nodes or nodes[0]["status"] != "RUNNING":
                return inputs()
            await asyncio.sleep(0.05)
        raise AssertionError("a journal verification run did not finish")

    return {
        "planCreate": plan_create,
        "planUpdate": plan_update,
        "sectionCreate": section_create,
        "sectionUpdate": section_update,
        "planImport": plan_import,
        "taskCreate": task_create,
        "taskUpdate": task_update,
        "assignmentCreate": assignment_create,
        "assignmentEnd": assignment_end,
        "assignmentReassign": assignment_reassign,
        "assignmentInChargeSet": assignment_in_charge_set,
        "taskMatchReview": task_match_review,
        "unitCreate": unit_create,
        "unitUpdate": unit_update,
        "unitMemberAdd": member_add,
        "unitMembershipEnd": membership_end,
        "unitSucceed": unit_succeed,
        "personCreate": person_create,
        "personUpdate": person_update,
        "positionCreate": position_create,
        "positionEnd": position_end,
        "pppProjectCreate": project_create,
        "pppProjectUpdate": project_update,
        "pppProjectRegimeChange": regime_change,
        "pppPartnerAdd": partner_add,
        "pppContractCreate": contract_create,
        "pppStageCreate": stage_create,
        "pppStageUpdate": stage_update,
        "pppStageResponsibilityAssign": responsibility_assign,
        "pppStageResponsibilityHandOver": hand_over,
        "pppStageResponsibilityEnd": responsibility_end,
        "pppCommitmentCreate": ppp_commitment_create,
        "pppCommitmentFulfil": ppp_fulfil,
        "pppBreachRecord": breach,
        "commitmentPledge": pledge,
        "commitmentFulfill": fulfill,
        "commitmentBreak": break_,
        "commitmentWithdraw": withdraw,
        "commitmentsMarkOverdue": mark_overdue,
        "commitmentCloseApply": close_apply,
        "commitmentWithdrawApply": withdraw_apply,
        "commitmentExtensionApply": extension_apply,
        "commitmentApplicationDecide": application_decide,
        "commitmentCorrect": correct,
        "urgingRecord": urge,
        "urgingAcknowledge": acknowledge,
        "supervisionItemOpen": item_open,
        "supervisionItemsOpenForPlan": items_for_plan,
        "supervisionFeedbackSubmit": feedback,
        "supervisionItemCloseApply": item_close_apply,
        "supervisionItemExtensionApply": item_extension_apply,
        "supervisionItemApplicationDecide": item_decide,
        "supervisionItemCorrect": item_correct,
        "progressReportSubmit": progress,
        "evidenceSubmit": evidence_submit,
        "evidenceResubmit": evidence_resubmit,
        "evidenceReview": evidence_review,
        "evaluationCreate": evaluation_create,
        "evaluationRevoke": evaluation_revoke,
        "dishonestyRecordReport": report,
        "dishonestyRecordUpdate": record_update,
        "dishonestyRecordPublish": publish,
        "dishonestyPublicationWithdraw": withdraw_publication,
        "dishonestySanctionImpose": sanction_impose,
        "dishonestySanctionComplete": sanction_complete,
        "dishonestyObjectionFile": objection_file,
        "dishonestyObjectionMark": objection_mark,
        "dishonestyObjectionDecide": objection_decide,
        "creditRepairApply": repair_apply,
        "creditRepairMeasureAdd": measure_add,
        "creditRepairDecide": repair_decide,
        "accountCreate": account_create,
        "accountUpdate": account_update,
        "apiTokenIssue": token_issue,
        "apiTokenRevoke": token_revoke,
        "workdayScheduleLoad": schedule_load,
        "journalVerificationStart": verification_start,
        "dishonestyRecordConfirm": record_confirm,
        "dishonestyRecordDismiss": record_dismiss,
    }


CASES = cases()


def outcome(body: dict[str, Any]) -> str:
    """``Y`` served, ``-`` refused, ``?CODE`` anything else (a broken case, not a policy)."""
    errors = body.get("errors") or []
    if not errors:
        return "Y"
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if set(codes) <= REFUSALS:
        return "-"
    return "?" + "; ".join(f"{c}: {e.get('message')}" for c, e in zip(codes, errors, strict=True))


@pytest.fixture(scope="module")
async def world(databases: DatabaseFactory) -> AsyncIterator[World]:
    url = await databases.fresh(seeded=True)
    async with running(url) as (_, office):
        yield await build_world(office)


def test_every_mutation_has_a_row() -> None:
    served = set(graphql_schema._schema.type_map["Mutation"].fields)
    assert sorted(served ^ set(TABLE)) == []
    assert sorted(served ^ set(INTERNAL["Mutation"])) == []
    public = set(public_schema._schema.mutation_type.fields)
    assert sorted(public ^ set(PUBLIC_TABLE)) == []
    assert sorted(public ^ set(PUBLIC_SCHEMA["Mutation"])) == []


def test_every_query_and_subscription_has_a_rule() -> None:
    for root in ("Query", "Subscription"):
        served = set(graphql_schema._schema.type_map[root].fields)
        assert sorted(served ^ set(INTERNAL[root])) == [], root
    public = set(public_schema._schema.query_type.fields)
    assert sorted(public ^ set(PUBLIC_SCHEMA["Query"])) == []


def test_the_policy_layer_says_what_the_table_says() -> None:
    meaning = {"YY": Reach.ANY_UNIT, "Y-": Reach.OWN_UNIT, "--": None}
    for name, row in TABLE.items():
        rule = INTERNAL["Mutation"][name]
        assert [rule.get(role) for role in COLUMNS] == [meaning[cell] for cell in row], name
    assert all(rule == {Role.PUBLIC: Reach.ANY_UNIT} for rule in PUBLIC_SCHEMA["Mutation"].values())


@pytest.mark.parametrize("name", list(TABLE))
async def test_cells_over_http(world: World, name: str) -> None:
    maker = Maker(world)
    row = []
    for role, expected in zip(COLUMNS, TABLE[name], strict=True):
        cells = ""
        for own, wanted in zip((True, False), expected, strict=True):
            variables = await CASES[name](maker, world.of(own), wanted == "Y")
            cells += outcome(await call(world.roles[role], name, variables))
        row.append(cells)
    assert tuple(row) == TABLE[name]


def test_every_node_type_has_a_read_scope_and_a_write_rule() -> None:
    """A new type gets no rows read and no change accepted until someone writes its rules."""
    for type_name in NODE_TYPES:
        model = getattr(models, type_name)
        assert model in SCOPES, f"{type_name} has no read scope in resolvers/permissions/scopes.py"
        if type_name != "JournalEntry":
            assert type_name in ANY_UNIT_WRITERS, f"{type_name} has no write rule"
