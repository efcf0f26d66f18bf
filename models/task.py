"""Tasks of a plan and their unit assignments (牵头 / 配合 / 指导), with provenance spans."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class TaskStatus(StrEnum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    SUSPENDED = "SUSPENDED"
    CANCELLED = "CANCELLED"


class DeadlineKind(StrEnum):
    DATE = "DATE"
    RECURRING = "RECURRING"
    ONGOING = "ONGOING"


class AssignmentRole(StrEnum):
    LEAD = "LEAD"
    CO_RESPONSIBLE = "CO_RESPONSIBLE"
    GUIDE = "GUIDE"


class Task(Record):
    """A numbered task of a plan, with source_start and source_end indexing the plan source text."""

    plan: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Plan", related_name="tasks", db_index=True, on_delete=fields.RESTRICT
    )
    section: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Section",
        null=True,
        related_name="tasks",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    code = fields.CharField(max_length=100)
    title = fields.CharField(max_length=500, db_index=True)
    body = fields.TextField(default="")
    ordinal = fields.IntField(default=0)
    status = fields.CharEnumField(
        TaskStatus, max_length=16, default=TaskStatus.NOT_STARTED, db_index=True
    )
    deadline_kind = fields.CharEnumField(DeadlineKind, max_length=16, null=True)
    deadline_text = fields.CharField(max_length=200, null=True)
    deadline_on = fields.DateField(null=True, db_index=True)
    deadline_rule = fields.CharField(max_length=100, null=True)
    source_start = fields.IntField(null=True)
    source_end = fields.IntField(null=True)
    #: The task of the edition before that this one continues (沿用): its commitments, progress
    #: and evidence stay where they are and are reached through this link.
    carried_from: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Task",
        null=True,
        related_name="carried_to",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: How the match was made (CODE_TITLE, TEXT, REVIEWED) and its text similarity (0..1).
    match_rule = fields.CharField(max_length=16, default="", db_default="")
    match_score = fields.FloatField(null=True)

    plan_id: int
    section_id: int | None
    carried_from_id: int | None

    class Meta:
        table = "task"
        ordering = ["plan_id", "ordinal", "id"]
        unique_together = (("plan", "code"),)
        indexes = (("plan_id", "ordinal", "id"),)


class Assignment(Record):
    """Task × unit × role, in written order, ended by valid_to and never deleted."""

    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="assignments", db_index=True, on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="assignments", db_index=True, on_delete=fields.RESTRICT
    )
    role = fields.CharEnumField(AssignmentRole, max_length=16, db_index=True)
    ordinal = fields.IntField(default=0)
    written_name = fields.CharField(max_length=200, default="")
    rule = fields.CharField(max_length=40, default="MANUAL")
    implicit = fields.BooleanField(default=False)
    source_start = fields.IntField(null=True)
    source_end = fields.IntField(null=True)
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)
    end_reason = fields.TextField(default="")
    #: The post in charge (分管领导 / 责任人) by its title in the unit (empty: the unit's head).
    in_charge_post = fields.CharField(max_length=100, default="", db_default="")

    task_id: int
    unit_id: int

    class Meta:
        table = "assignment"
        ordering = ["task_id", "ordinal", "id"]
        indexes = (("unit_id", "role"),)
