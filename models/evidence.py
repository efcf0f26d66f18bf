"""Evidence (佐证材料) for commitments: stored files or links, reviewed, resubmitted as new rows."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class EvidenceKind(StrEnum):
    DOCUMENT = "DOCUMENT"
    REPORT = "REPORT"
    MINUTES = "MINUTES"
    PHOTO = "PHOTO"
    DATA = "DATA"
    WEB_PAGE = "WEB_PAGE"
    OTHER = "OTHER"


class EvidenceStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class Evidence(Record):
    """A file stored by its SHA-256 or a link, and its review by the supervision office."""

    commitment: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Commitment", related_name="evidence", db_index=True, on_delete=fields.RESTRICT
    )
    progress_report: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.ProgressReport",
        null=True,
        related_name="evidence",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: The rejected evidence this row resubmits (the rejected row is kept as it was).
    previous_version: fields.ForeignKeyNullableRelation["Evidence"] = fields.ForeignKeyField(
        "models.Evidence",
        null=True,
        related_name="next_versions",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    title = fields.CharField(max_length=300)
    kind = fields.CharEnumField(EvidenceKind, max_length=16)
    url = fields.CharField(max_length=2000, null=True)
    sha256 = fields.CharField(max_length=64, null=True, db_index=True)
    file_name = fields.CharField(max_length=255, null=True)
    media_type = fields.CharField(max_length=100, null=True)
    size = fields.BigIntField(null=True)
    submitted_on = fields.DateField()
    status = fields.CharEnumField(
        EvidenceStatus, max_length=16, default=EvidenceStatus.PENDING, db_index=True
    )
    reviewed_on = fields.DateField(null=True)
    reviewed_by = fields.CharField(max_length=200, default="")
    review_reason = fields.TextField(default="")

    commitment_id: int
    progress_report_id: int | None
    previous_version_id: int | None

    class Meta:
        table = "evidence"
        ordering = ["commitment_id", "id"]
