"""Applications a lead handling unit (主办) makes on its supervision item (办结申请, 延期申请)
and the office's decision (审核销号 / 审批): the only ways an item is closed or its due date
moved. The same conditional steps as a commitment's (resolvers/supervision/applications.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import (
    ApplicationKind,
    AssignmentRole,
    ItemStatus,
    SupervisionItem,
    SupervisionItemApplication,
    SupervisionItemUnit,
)
from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.evidence.storage import check_url
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.supervision.applications import (
    ACTIONS,
    Decision,
    check_new_due_on,
    extension_changes,
    mark_pending,
    settle,
)
from resolvers.supervision.conditional import transition
from resolvers.supervision.independence import item_units, refuse_own_work

K = ApplicationKind


@dataclass(frozen=True)
class ItemApplied:
    """An application and its item, as stored after the step."""

    application: SupervisionItemApplication
    item: SupervisionItem


def refused(row: SupervisionItem, kind: ApplicationKind) -> str:
    pending = row.pending_application
    return (
        f"Item {row.pk} is {row.status.value}"
        + (f" with a pending {pending.value} application" if pending else "")
        + f": it takes a {kind.value} application only while it is OPEN and no other "
        "application awaits the office's decision."
    )


def item_falls_due_on(row: SupervisionItem) -> date:
    """The working day the item is due: its due date, or the next working day after a rest day."""
    return workdays.on_or_after(row.due_on)


async def _applying_unit(journal: Journal, row: SupervisionItem, unit_pk: int | None) -> int:
    """The 主办 (LEAD) handling unit that applies: the caller's unit unless one is named."""
    unit_pk = unit_pk if unit_pk is not None else journal.actor.unit_pk
    if unit_pk is None:
        raise bad_input("Name the lead handling unit (主办) that applies.", "unitId")
    link = (
        await SupervisionItemUnit.filter(item_id=row.pk, unit_id=unit_pk)
        .using_db(journal.connection)
        .first()
    )
    if link is None or link.role != AssignmentRole.LEAD.value:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            f"Only a lead handling unit (主办) of item {row.pk} applies to close it or to extend "
            "it; a co-handling unit (协办) reports its feedback to the lead.",
            "id",
        )
    return unit_pk


async def _open(
    journal: Journal,
    row: SupervisionItem,
    kind: ApplicationKind,
    unit_pk: int | None,
    expected_version: int | None,
    **details: object,
) -> ItemApplied:
    if row.status != ItemStatus.OPEN or row.pending_application is not None:
        raise DomainError(ErrorCode.INVALID_TRANSITION, refused(row, kind), "id")
    unit = await _applying_unit(journal, row, unit_pk)
    await mark_pending(
        journal,
        row,
        kind,
        f"supervision_item.{ACTIONS[kind]}_apply",
        open_guard={"status": ItemStatus.OPEN},
        refusal=refused(row, kind),
        expected_version=expected_version,
    )
    application = await SupervisionItemApplication.create(
        item_id=row.pk,
        unit_id=unit,
        kind=kind,
        applicant=journal.actor.name,
        using_db=journal.connection,
        **details,
    )
    await journal.created(application, f"supervision_item_application.{ACTIONS[kind]}")
    return ItemApplied(application, row)


@dataclass(frozen=True)
class ItemCloseDraft:
    item_pk: int
    completed_on: date
    summary: str
    evidence_url: str = ""
    applied_on: date | None = None
    unit_pk: int | None = None
    expected_version: int | None = None


async def apply_close(journal: Journal, draft: ItemCloseDraft) -> ItemApplied:
    """办结申请: the lead unit reports the work done (办结报告, a link to its evidence); the
    office accepts (CLOSED) or sends it back."""
    row = await fetch(SupervisionItem, draft.item_pk, "SupervisionItem", "id", journal)
    check_event_day(draft.completed_on, "completedOn", row.opened_on, "the hand-off")
    applied_on = check_event_day(
        draft.applied_on or workdays.today(), "appliedOn", draft.completed_on, "the completion"
    )
    summary = required_text(draft.summary, "summary", 10000)
    link = ""
    if draft.evidence_url.strip():
        try:
            link = check_url(draft.evidence_url.strip())
        except DomainError as error:
            raise bad_input(error.message, "evidenceUrl") from None
    return await _open(
        journal,
        row,
        K.CLOSE,
        draft.unit_pk,
        draft.expected_version,
        applied_on=applied_on,
        reason=summary,
        completed_on=draft.completed_on,
        evidence_url=link,
    )


@dataclass(frozen=True)
class ItemExtensionDraft:
    item_pk: int
    applied_on: date
    new_due_on: date
    reason: str
    unit_pk: int | None = None
    expected_version: int | None = None


async def apply_extension(journal: Journal, draft: ItemExtensionDraft) -> ItemApplied:
    """延期申请: a new due date and why; the due date moves only if the office approves."""
    row = await fetch(SupervisionItem, draft.item_pk, "SupervisionItem", "id", journal)
    check_event_day(draft.applied_on, "appliedOn", row.opened_on, "the hand-off")
    check_new_due_on(draft.new_due_on, row.due_on, draft.applied_on)
    return await _open(
        journal,
        row,
        K.EXTENSION,
        draft.unit_pk,
        draft.expected_version,
        applied_on=draft.applied_on,
        reason=required_text(draft.reason, "reason", 2000),
        requested_due_on=draft.new_due_on,
        previous_due_on=row.due_on,
    )


def closing(row: SupervisionItem, completed_on: date, summary: str) -> dict[str, object]:
    """An item closed as done on ``completed_on``: late against its (approved) due working day."""
    return {
        "status": ItemStatus.CLOSED,
        "closed_on": completed_on,
        "closed_late": completed_on > item_falls_due_on(row),
        "closing_summary": summary,
    }


async def decide(journal: Journal, decision: Decision) -> ItemApplied:
    """The office accepts (办结销号 / 批准) or rejects (退回, with a reason) an application."""
    application = await fetch(
        SupervisionItemApplication,
        decision.application_pk,
        "SupervisionItemApplication",
        "id",
        journal,
    )
    row = await fetch(SupervisionItem, application.item_id, "SupervisionItem", "id", journal)
    units = [application.unit_id, *await item_units(journal, row.pk)]
    refuse_own_work(journal, f"application {application.pk}", units, application.applicant)
    await settle(journal, application, decision, "supervision_item_application")
    changes: dict[str, object] = {"pending_application": None}
    action = f"supervision_item.{ACTIONS[application.kind]}_rejected"
    if decision.accepted and application.kind == K.CLOSE:
        assert application.completed_on is not None
        changes |= closing(row, application.completed_on, application.reason)
        action = "supervision_item.close"
    elif decision.accepted:
        assert application.requested_due_on is not None
        changes |= extension_changes(row, application.requested_due_on)
        action = "supervision_item.extend"
    await transition(
        journal,
        row,
        changes,
        action,
        guard={"status": ItemStatus.OPEN, "pending_application": application.kind},
        refusal=f"Item {row.pk} no longer awaits this application.",
    )
    return ItemApplied(application, row)
