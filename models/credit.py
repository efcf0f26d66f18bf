"""Dishonesty records (政务失信记录), their publication, sanctions, objections and credit repair."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class DishonestyCategory(StrEnum):
    COURT_JUDGMENT = "COURT_JUDGMENT"
    ADMINISTRATIVE_PENALTY = "ADMINISTRATIVE_PENALTY"
    DISCIPLINARY_SANCTION = "DISCIPLINARY_SANCTION"
    ACCOUNTABILITY = "ACCOUNTABILITY"
    BREACH_OF_PROMISE = "BREACH_OF_PROMISE"


class Severity(StrEnum):
    MINOR = "MINOR"
    GENERAL = "GENERAL"
    SERIOUS = "SERIOUS"


class RecordStatus(StrEnum):
    #: Opened by another record (a PPP breach) for the credit administrator to confirm or dismiss.
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"
    REPAIRED = "REPAIRED"
    DISMISSED = "DISMISSED"


class SanctionKind(StrEnum):
    WRITTEN_EXPLANATION = "WRITTEN_EXPLANATION"
    HONOURS_BAN = "HONOURS_BAN"
    PUBLIC_CRITICISM = "PUBLIC_CRITICISM"
    ACCOUNTABILITY = "ACCOUNTABILITY"


class SanctionStatus(StrEnum):
    IMPOSED = "IMPOSED"
    COMPLETED = "COMPLETED"
    LIFTED = "LIFTED"


class ObjectionStatus(StrEnum):
    FILED = "FILED"
    MARKED = "MARKED"
    DECIDED = "DECIDED"


class ObjectionDecision(StrEnum):
    UPHELD = "UPHELD"
    CORRECTED = "CORRECTED"
    REJECTED = "REJECTED"


class RepairDecision(StrEnum):
    REPAIRED = "REPAIRED"
    MITIGATED = "MITIGATED"
    EXEMPTED = "EXEMPTED"
    DENIED = "DENIED"


class DishonestyRecord(Record):
    """A dishonest act of a unit or of a person (then unit is where the person served)."""

    unit: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Unit",
        null=True,
        related_name="dishonesty_records",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    person: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Person",
        null=True,
        related_name="dishonesty_records",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    commitment: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Commitment",
        null=True,
        related_name="dishonesty_records",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: The PPP breach that opened the record (plan 一(三)2: 纳入政府方责任人信用记录).
    ppp_breach: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.PppBreach",
        null=True,
        related_name="dishonesty_records",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    category = fields.CharEnumField(DishonestyCategory, max_length=32, db_index=True)
    severity = fields.CharEnumField(Severity, max_length=16)
    facts = fields.TextField()
    occurred_on = fields.DateField(db_index=True)
    reported_on = fields.DateField()
    #: The seventh working day after occurred_on (plan part 二 item 五).
    report_due_on = fields.DateField()
    #: Working days allowed to report, by the rule version the record was decided under.
    report_limit_days = fields.IntField(default=7, db_default=7)
    #: The credit rule table (resolvers/credit/rules.py) the record was decided under.
    rule_version = fields.CharField(max_length=50, default="", db_default="")
    reported_late = fields.BooleanField(default=False)
    #: How working days were counted for report_due_on (calendar package or weekend fallback).
    calendar_basis = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(
        RecordStatus, max_length=16, default=RecordStatus.ACTIVE, db_index=True
    )
    #: Marked while an objection is being handled, no edits or publication changes meanwhile.
    under_objection = fields.BooleanField(default=False)
    status_reason = fields.TextField(default="")

    unit_id: int | None
    person_id: int | None
    commitment_id: int | None
    ppp_breach_id: int | None

    class Meta:
        table = "dishonesty_record"
        ordering = ["id"]


class DishonestyPublication(Record):
    """Publication (公示) of a record for a window fixed by the rule version that applied."""

    record: fields.ForeignKeyRelation[DishonestyRecord] = fields.ForeignKeyField(
        "models.DishonestyRecord",
        related_name="publications",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    published_on = fields.DateField()
    public_until = fields.DateField()
    #: The first channel named (kept for old clients); every channel is a PublicationChannel.
    channel = fields.CharField(max_length=200, default="")
    #: 公示内容: the text the public sees, names masked, checked when it was published.
    summary = fields.TextField(default="")
    rule_version = fields.CharField(max_length=50)
    severity = fields.CharEnumField(Severity, max_length=16)
    #: Set when the publication was taken down before public_until.
    withdrawn_on = fields.DateField(null=True)
    withdraw_reason = fields.TextField(default="")

    record_id: int

    class Meta:
        table = "dishonesty_publication"
        ordering = ["record_id", "id"]


class DishonestyPublicationChannel(Record):
    """One channel a publication went out on (单位门户网站, 信用武威, 信用甘肃…), with its own
    day and reference; the public window stays the publication's."""

    publication: fields.ForeignKeyRelation[DishonestyPublication] = fields.ForeignKeyField(
        "models.DishonestyPublication",
        related_name="channels",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    channel = fields.CharField(max_length=100)
    published_on = fields.DateField()
    #: The channel's own reference (its notice number or link), as the administrator gave it.
    reference = fields.CharField(max_length=500, default="")

    publication_id: int

    class Meta:
        table = "dishonesty_publication_channel"
        ordering = ["publication_id", "published_on", "id"]
        unique_together = (("publication", "channel"),)


class DishonestySanction(Record):
    """A sanction (惩戒措施) on a record with its own deadline."""

    record: fields.ForeignKeyRelation[DishonestyRecord] = fields.ForeignKeyField(
        "models.DishonestyRecord",
        related_name="sanctions",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    kind = fields.CharEnumField(SanctionKind, max_length=32)
    imposed_on = fields.DateField()
    due_on = fields.DateField(null=True)
    note = fields.TextField(default="")
    status = fields.CharEnumField(SanctionStatus, max_length=16, default=SanctionStatus.IMPOSED)
    closed_on = fields.DateField(null=True)
    close_note = fields.TextField(default="")

    record_id: int

    class Meta:
        table = "dishonesty_sanction"
        ordering = ["record_id", "id"]


class DishonestyObjection(Record):
    """An objection (异议) against a record, with the working-day limits that applied."""

    record: fields.ForeignKeyRelation[DishonestyRecord] = fields.ForeignKeyField(
        "models.DishonestyRecord",
        related_name="objections",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    filed_by = fields.CharField(max_length=200)
    filed_on = fields.DateField()
    grounds = fields.TextField()
    status = fields.CharEnumField(ObjectionStatus, max_length=16, default=ObjectionStatus.FILED)
    mark_limit_days = fields.IntField()
    mark_due_on = fields.DateField()
    marked_on = fields.DateField(null=True)
    marked_late = fields.BooleanField(default=False)
    decide_limit_days = fields.IntField()
    decision_due_on = fields.DateField(null=True)
    decision = fields.CharEnumField(ObjectionDecision, max_length=16, null=True)
    decided_on = fields.DateField(null=True)
    decided_late = fields.BooleanField(default=False)
    decision_reason = fields.TextField(default="")
    rule_version = fields.CharField(max_length=50)

    record_id: int

    class Meta:
        table = "dishonesty_objection"
        ordering = ["record_id", "id"]


class CreditRepair(Record):
    """A credit repair (信用修复) application, the measures taken, and its decision."""

    record: fields.ForeignKeyRelation[DishonestyRecord] = fields.ForeignKeyField(
        "models.DishonestyRecord",
        related_name="repairs",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    applicant = fields.CharField(max_length=200)
    applied_on = fields.DateField()
    statement = fields.TextField(default="")
    #: Measures taken, each a JSON object with kind, description and taken_on.
    measures: fields.Field[list[dict[str, str]]] = fields.JSONField(default=list)
    decision = fields.CharEnumField(RepairDecision, max_length=16, null=True)
    decided_on = fields.DateField(null=True)
    decision_reason = fields.TextField(default="")

    record_id: int

    class Meta:
        table = "credit_repair"
        ordering = ["record_id", "id"]
