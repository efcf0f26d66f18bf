"""Objections and complaints submitted by the public on the public endpoint."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class PublicSubmissionKind(StrEnum):
    OBJECTION = "OBJECTION"
    COMPLAINT = "COMPLAINT"


class PublicSubmissionStatus(StrEnum):
    RECEIVED = "RECEIVED"
    HANDLED = "HANDLED"


class PublicSubmission(Record):
    """An objection to a published record or a complaint, stored for the credit administrator."""

    kind = fields.CharEnumField(PublicSubmissionKind, max_length=16, db_index=True)
    record: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.DishonestyRecord",
        null=True,
        related_name="public_submissions",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: The unit a complaint is about, as the public wrote it.
    unit_name = fields.CharField(max_length=200, default="")
    submitter_name = fields.CharField(max_length=100, default="")
    contact = fields.CharField(max_length=200, default="")
    content = fields.TextField()
    status = fields.CharEnumField(
        PublicSubmissionStatus, max_length=16, default=PublicSubmissionStatus.RECEIVED
    )
    #: The formal objection an objection opened (or joined, when one was already open).
    objection: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.DishonestyObjection",
        null=True,
        related_name="public_submissions",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: SHA-256 of the secret returned once to the sender (empty for submissions before it).
    secret_hash = fields.CharField(max_length=64, default="")

    record_id: int | None
    objection_id: int | None

    class Meta:
        table = "public_submission"
        ordering = ["id"]


class PublicRateBucket(Model):
    """How many submissions a client address may still send on the public endpoint.

    A token bucket kept in the database, so every worker process draws on the same one. It is
    not history: a bucket that has filled up again means the same as none, so full ones are
    removed.
    """

    client = fields.CharField(max_length=100, primary_key=True)
    tokens = fields.FloatField()
    #: When the tokens were last worked out, in seconds since the epoch.
    updated = fields.FloatField(db_index=True)

    class Meta:
        table = "public_rate_bucket"
