"""Evaluations (考核评价) of a unit for a period, optionally for one task or commitment."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class EvaluatorKind(StrEnum):
    SUPERVISION_OFFICE = "SUPERVISION_OFFICE"
    THIRD_PARTY = "THIRD_PARTY"
    PEOPLES_CONGRESS = "PEOPLES_CONGRESS"
    CPPCC = "CPPCC"
    PUBLIC = "PUBLIC"


class Grade(StrEnum):
    EXCELLENT = "EXCELLENT"
    GOOD = "GOOD"
    PASS = "PASS"
    FAIL = "FAIL"


class Evaluation(Record):
    """A score and grade given to a unit for a canonical period such as 2018 or 2018-Q3."""

    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="evaluations", db_index=True, on_delete=fields.RESTRICT
    )
    task: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Task",
        null=True,
        related_name="evaluations",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    commitment: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Commitment",
        null=True,
        related_name="evaluations",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    period = fields.CharField(max_length=20, db_index=True)
    evaluator_kind = fields.CharEnumField(EvaluatorKind, max_length=32)
    evaluator_name = fields.CharField(max_length=200, default="")
    score = fields.DecimalField(max_digits=5, decimal_places=2)
    grade = fields.CharEnumField(Grade, max_length=16)
    comments = fields.TextField(default="")
    evaluated_on = fields.DateField()
    #: Set when the evaluation was withdrawn, it then no longer counts in averages.
    revoked_on = fields.DateField(null=True)
    revoke_reason = fields.TextField(default="")

    unit_id: int
    task_id: int | None
    commitment_id: int | None

    class Meta:
        table = "evaluation"
        ordering = ["id"]
        indexes = (("unit_id", "period"),)
