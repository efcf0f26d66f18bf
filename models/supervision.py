"""The supervision cycle (督办闭环) on commitments: applications a unit makes and the office
decides (办结申请, 撤回申请, 延期申请), and corrections of closed records (更正)."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class ApplicationKind(StrEnum):
    CLOSE = "CLOSE"
    WITHDRAW = "WITHDRAW"
    EXTENSION = "EXTENSION"


class ApplicationStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class CommitmentApplication(Record):
    """A unit's request about its commitment: only the office's decision changes the commitment."""

    commitment: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Commitment", related_name="applications", db_index=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(ApplicationKind, max_length=16, db_index=True)
    status = fields.CharEnumField(
        ApplicationStatus, max_length=16, default=ApplicationStatus.PENDING, db_index=True
    )
    applied_on = fields.DateField()
    applicant = fields.CharField(max_length=200)
    reason = fields.TextField(default="")
    #: CLOSE: the day the unit says the commitment was fulfilled.
    fulfilled_on = fields.DateField(null=True)
    #: EXTENSION: the due date asked for, and the due date when it was asked.
    requested_due_on = fields.DateField(null=True)
    previous_due_on = fields.DateField(null=True)
    decided_on = fields.DateField(null=True)
    decided_by = fields.CharField(max_length=200, default="")
    decision_reason = fields.TextField(default="")

    commitment_id: int

    class Meta:
        table = "commitment_application"
        ordering = ["id"]
        indexes = (("commitment_id", "kind"),)


class Correction(Model):
    """An office correction of a closed record: the old and new values and why (append-only)."""

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    commitment: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Commitment", related_name="corrections", db_index=True, on_delete=fields.RESTRICT
    )
    corrected_on = fields.DateField()
    corrected_by = fields.CharField(max_length=200)
    reason = fields.TextField()
    old_values: fields.Field[dict] = fields.JSONField()
    new_values: fields.Field[dict] = fields.JSONField()

    commitment_id: int

    class Meta:
        table = "correction"
        ordering = ["id"]


class UrgingChannel(StrEnum):
    DOCUMENT = "DOCUMENT"
    PHONE = "PHONE"
    SMS = "SMS"
    ONLINE = "ONLINE"
    MEETING = "MEETING"
    ON_SITE = "ON_SITE"
    AUTOMATIC = "AUTOMATIC"


class UrgingTrigger(StrEnum):
    MANUAL = "MANUAL"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"


class Urging(Record):
    """An urging notice (催办) to the unit of a commitment, and its acknowledgement (签收)."""

    commitment: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Commitment", related_name="urgings", db_index=True, on_delete=fields.RESTRICT
    )
    #: The unit urged: the unit that pledged the commitment.
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="urgings", db_index=True, on_delete=fields.RESTRICT
    )
    urged_on = fields.DateField(db_index=True)
    channel = fields.CharEnumField(UrgingChannel, max_length=16)
    trigger = fields.CharEnumField(UrgingTrigger, max_length=16, default=UrgingTrigger.MANUAL)
    text = fields.TextField()
    urged_by = fields.CharField(max_length=200)
    acknowledged_on = fields.DateField(null=True)
    acknowledged_by = fields.CharField(max_length=200, default="")

    commitment_id: int
    unit_id: int

    class Meta:
        table = "urging"
        ordering = ["id"]
        indexes = (("unit_id", "urged_on"),)


class ItemSource(StrEnum):
    PLAN_TASK = "PLAN_TASK"
    INSTRUCTION = "INSTRUCTION"


class FeedbackRhythm(StrEnum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    HALF_YEARLY = "HALF_YEARLY"
    YEARLY = "YEARLY"


class ItemStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class SupervisionItem(Record):
    """A supervision item (督办事项) the office hands off (交办): a plan task, or an instruction
    outside any plan such as a leader's written instruction (领导批示)."""

    source = fields.CharEnumField(ItemSource, max_length=16, db_index=True)
    task: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Task",
        null=True,
        related_name="supervision_items",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    title = fields.CharField(max_length=500)
    #: INSTRUCTION: who gave it (e.g. 市长批示), the day, and its text.
    instruction_source = fields.CharField(max_length=200, default="")
    instruction_on = fields.DateField(null=True)
    instruction_text = fields.TextField(default="")
    opened_on = fields.DateField()
    opened_by = fields.CharField(max_length=200)
    due_on = fields.DateField(db_index=True)
    rhythm = fields.CharEnumField(FeedbackRhythm, max_length=16)
    #: Feedback for a period is due by this day of the period's last month (clamped to its end).
    feedback_day = fields.IntField()
    status = fields.CharEnumField(ItemStatus, max_length=16, default=ItemStatus.OPEN, db_index=True)
    #: The application awaiting the office's decision (one at a time), if any.
    pending_application = fields.CharEnumField(ApplicationKind, max_length=16, null=True)
    #: The due date as first handed off, once an approved extension moved ``due_on``.
    original_due_on = fields.DateField(null=True)
    #: CLOSED: the day the work was done (办结日期), whether after the due working day, and the
    #: completion report the office accepted.
    closed_on = fields.DateField(null=True)
    closed_late = fields.BooleanField(default=False)
    closing_summary = fields.TextField(default="")

    task_id: int | None

    class Meta:
        table = "supervision_item"
        ordering = ["id"]


class SupervisionItemUnit(Record):
    """A handling unit of an item: 主办 (LEAD) or 协办 (CO_RESPONSIBLE) (assignment roles)."""

    item: fields.ForeignKeyRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem", related_name="units", db_index=True, on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="supervision_items", db_index=True, on_delete=fields.RESTRICT
    )
    role = fields.CharField(max_length=16)

    item_id: int
    unit_id: int

    class Meta:
        table = "supervision_item_unit"
        ordering = ["item_id", "id"]
        unique_together = (("item", "unit"),)


class SupervisionFeedback(Record):
    """A handling unit's feedback (进展反馈) on an item for one period of its rhythm."""

    item_unit: fields.ForeignKeyRelation[SupervisionItemUnit] = fields.ForeignKeyField(
        "models.SupervisionItemUnit",
        related_name="feedback",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    period = fields.CharField(max_length=20, db_index=True)
    text = fields.TextField()
    percent_complete = fields.IntField()
    reported_on = fields.DateField()
    reported_late = fields.BooleanField(default=False)
    reported_by = fields.CharField(max_length=200)

    item_unit_id: int

    class Meta:
        table = "supervision_feedback"
        ordering = ["item_unit_id", "period", "id"]
        unique_together = (("item_unit", "period"),)


class SupervisionItemApplication(Record):
    """A lead handling unit's request about its item (办结申请 / 延期申请): only the office's
    decision closes the item or moves its due date."""

    item: fields.ForeignKeyRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem",
        related_name="applications",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: The handling unit that applied (a 主办 of the item).
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="item_applications", db_index=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(ApplicationKind, max_length=16, db_index=True)
    status = fields.CharEnumField(
        ApplicationStatus, max_length=16, default=ApplicationStatus.PENDING, db_index=True
    )
    applied_on = fields.DateField()
    applicant = fields.CharField(max_length=200)
    #: CLOSE: the completion report (办结报告), EXTENSION: the reason.
    reason = fields.TextField(default="")
    #: CLOSE: the day the unit says the work was done, and a link to its evidence.
    completed_on = fields.DateField(null=True)
    evidence_url = fields.CharField(max_length=2000, default="")
    #: EXTENSION: the due date asked for, and the due date when it was asked.
    requested_due_on = fields.DateField(null=True)
    previous_due_on = fields.DateField(null=True)
    decided_on = fields.DateField(null=True)
    decided_by = fields.CharField(max_length=200, default="")
    decision_reason = fields.TextField(default="")

    item_id: int
    unit_id: int

    class Meta:
        table = "supervision_item_application"
        ordering = ["id"]
        indexes = (("item_id", "kind"),)


class SupervisionItemCorrection(Model):
    """An office correction of a closed item: the old and new values and why (append-only)."""

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    item: fields.ForeignKeyRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem",
        related_name="corrections",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    corrected_on = fields.DateField()
    corrected_by = fields.CharField(max_length=200)
    reason = fields.TextField()
    old_values: fields.Field[dict] = fields.JSONField()
    new_values: fields.Field[dict] = fields.JSONField()

    item_id: int

    class Meta:
        table = "supervision_item_correction"
        ordering = ["id"]
