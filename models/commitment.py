"""Commitments (承诺/践诺) made by a unit on an assignment, and their progress reports."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record
from models.supervision import ApplicationKind


class CommitmentStatus(StrEnum):
    PLEDGED = "PLEDGED"
    FULFILLED = "FULFILLED"
    OVERDUE = "OVERDUE"
    BROKEN = "BROKEN"
    WITHDRAWN = "WITHDRAWN"


class Commitment(Record):
    """A pledge by the acting unit of an assignment (a member unit for a collective assignment)."""

    assignment: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Assignment", related_name="commitments", db_index=True, on_delete=fields.RESTRICT
    )
    #: The unit that pledges: the assigned unit, or one of its members when that is a collective.
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="commitments", db_index=True, on_delete=fields.RESTRICT
    )
    responsible_person: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Person",
        null=True,
        related_name="commitments",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    content = fields.TextField()
    target = fields.TextField()
    pledged_on = fields.DateField()
    due_on = fields.DateField(db_index=True)
    public = fields.BooleanField(default=False)
    status = fields.CharEnumField(
        CommitmentStatus, max_length=16, default=CommitmentStatus.PLEDGED, db_index=True
    )
    #: First day it counted as overdue (set once by the overdue sweep).
    overdue_since = fields.DateField(null=True)
    #: Day it was fulfilled, broken or withdrawn.
    closed_on = fields.DateField(null=True)
    #: Fulfilled after the working day its due date fell due.
    fulfilled_late = fields.BooleanField(default=False)
    status_reason = fields.TextField(default="")
    #: The application (办结/撤回/延期) awaiting the office's decision: one at a time.
    pending_application = fields.CharEnumField(ApplicationKind, max_length=16, null=True)
    #: The due date as first pledged, once an approved extension (延期) moved ``due_on``.
    original_due_on = fields.DateField(null=True)
    #: Fulfilled after the working day the original due date fell due (before any extension).
    late_against_original = fields.BooleanField(default=False)

    assignment_id: int
    unit_id: int
    responsible_person_id: int | None

    class Meta:
        table = "commitment"
        ordering = ["id"]
        indexes = (
            ("unit_id", "due_on"),
            ("status", "due_on"),
            # The office's due-date lists (overdue, due within N working days) as of any day:
            # their page walks (due_on, id) in order, and their count reads every column their
            # condition tests from the index alone (no table row per matching commitment).
            ("due_on", "id", "pledged_on", "status", "closed_on"),
        )


class ProgressReport(Record):
    """Progress on a commitment for a period: text and percent complete, never overwritten."""

    commitment: fields.ForeignKeyRelation[Commitment] = fields.ForeignKeyField(
        "models.Commitment",
        related_name="progress_reports",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    period = fields.CharField(max_length=20, db_index=True)
    text = fields.TextField()
    percent_complete = fields.IntField()
    submitted_by: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Person",
        null=True,
        related_name="progress_reports",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    reported_on = fields.DateField()

    commitment_id: int
    submitted_by_id: int | None

    class Meta:
        table = "progress_report"
        ordering = ["commitment_id", "reported_on", "id"]
