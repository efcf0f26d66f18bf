"""Evidence rules: a file or a link per item, review once, resubmission as a new linked row."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from models import (
    Commitment,
    CommitmentStatus,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    ProgressReport,
)
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.evidence.storage import EvidenceStore, check_url
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record
from resolvers.supervision.independence import refuse_own_work


@dataclass(frozen=True)
class UploadedFile:
    file_name: str
    content_base64: str


@dataclass(frozen=True)
class EvidenceDraft:
    """New evidence; on a resubmission an omitted title, kind or report is taken as before."""

    submitted_on: date
    title: str | None = None
    kind: EvidenceKind | None = None
    commitment_pk: int = 0
    progress_report_pk: int | None = None
    url: str | None = None
    file: UploadedFile | None = None


async def _create(
    journal: Journal,
    store: EvidenceStore,
    draft: EvidenceDraft,
    commitment: Commitment,
    previous: Evidence | None,
) -> Evidence:
    if commitment.status == CommitmentStatus.WITHDRAWN:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {commitment.pk} was withdrawn: it takes no evidence.",
            "commitmentId",
        )
    check_event_day(draft.submitted_on, "submittedOn", commitment.pledged_on, "the pledge")
    report_pk = draft.progress_report_pk
    if report_pk is None and previous is not None:
        report_pk = previous.progress_report_id
    if report_pk is not None:
        report = await fetch(
            ProgressReport, report_pk, "ProgressReport", "progressReportId", journal
        )
        if report.commitment_id != commitment.pk:
            raise bad_input("The progress report is about another commitment.", "progressReportId")
    if (draft.url is None) == (draft.file is None):
        raise bad_input("Give either a file or a url, not both and not neither.", "file")
    title = draft.title if draft.title is not None else (previous.title if previous else "")
    kind = draft.kind or (previous.kind if previous else None)
    if kind is None:
        raise bad_input("`kind` is required.", "kind")
    columns: dict[str, object] = {}
    if draft.url is not None:
        columns["url"] = check_url(draft.url)
    else:
        assert draft.file is not None
        content, stored = store.decode(draft.file.file_name, draft.file.content_base64)
        # Written before the row commits: a rolled-back upload leaves an unreferenced file
        # that the next identical upload reuses, never a row without its file.
        await asyncio.to_thread(store.write, content, stored.sha256)
        columns.update(
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            file_name=stored.file_name,
        )
    row = await Evidence.create(
        commitment_id=commitment.pk,
        progress_report_id=report_pk,
        previous_version_id=previous.pk if previous else None,
        title=required_text(title, "title", 300),
        kind=kind,
        submitted_on=draft.submitted_on,
        **columns,
        using_db=journal.connection,
    )
    await journal.created(row, "evidence.resubmit" if previous else "evidence.submit")
    return row


async def submit(journal: Journal, store: EvidenceStore, draft: EvidenceDraft) -> Evidence:
    commitment = await fetch(Commitment, draft.commitment_pk, "Commitment", "commitmentId", journal)
    return await _create(journal, store, draft, commitment, None)


async def resubmit(
    journal: Journal, store: EvidenceStore, previous_pk: int, draft: EvidenceDraft
) -> Evidence:
    """A new version of rejected evidence; the rejected row stays exactly as it was."""
    previous = await fetch(Evidence, previous_pk, "Evidence", "previousVersionId", journal)
    if previous.status != EvidenceStatus.REJECTED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Evidence {previous.pk} is {previous.status.value}: only rejected evidence is "
            "resubmitted.",
            "previousVersionId",
        )
    successor = (
        await Evidence.filter(previous_version_id=previous.pk).using_db(journal.connection).first()
    )
    if successor is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"Evidence {previous.pk} was already resubmitted as evidence {successor.pk}.",
            "previousVersionId",
        )
    check_event_day(draft.submitted_on, "submittedOn", previous.reviewed_on, "the rejection")
    commitment = await fetch(Commitment, previous.commitment_id, "Commitment", "id", journal)
    return await _create(journal, store, draft, commitment, previous)


async def review(
    journal: Journal,
    pk: int,
    decision: EvidenceStatus,
    reviewed_on: date,
    reason: str,
    expected_version: int | None,
) -> Evidence:
    row = await fetch(Evidence, pk, "Evidence", "id", journal)
    commitment = await fetch(Commitment, row.commitment_id, "Commitment", "id", journal)
    refuse_own_work(journal, f"evidence {row.pk}", [commitment.unit_id])
    if row.status != EvidenceStatus.PENDING:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Evidence {row.pk} was already {row.status.value.lower()}; a new version is "
            "submitted with evidenceResubmit.",
            "id",
        )
    check_event_day(reviewed_on, "reviewedOn", row.submitted_on, "the submission")
    if decision == EvidenceStatus.REJECTED:
        reason = required_text(reason, "reason", 2000)
    changes = {
        "status": decision,
        "reviewed_on": reviewed_on,
        "reviewed_by": journal.actor.name,
        "review_reason": reason.strip(),
    }
    action = "evidence.accept" if decision == EvidenceStatus.ACCEPTED else "evidence.reject"
    return await update_record(
        journal, row, changes, expected_version, action, from_status={EvidenceStatus.PENDING}
    )
