"""Plans (任务分工方案) with their verbatim source text, and their nested sections."""

from tortoise import fields

from models.base import Record


class Plan(Record):
    """A task-division plan or policy document."""

    title = fields.CharField(max_length=300, db_index=True)
    doc_number = fields.CharField(max_length=100, null=True, db_index=True)
    issuer: fields.ForeignKeyNullableRelation[Record] = fields.ForeignKeyField(
        "models.Unit",
        null=True,
        related_name="issued_plans",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    issued_on = fields.DateField(null=True)
    implements: fields.Field[list[str]] = fields.JSONField(default=list)
    source_text = fields.TextField(default="")
    source_sha256 = fields.CharField(max_length=64, default="", db_index=True)
    previous_edition: fields.ForeignKeyNullableRelation[Record] = fields.ForeignKeyField(
        "models.Plan",
        null=True,
        related_name="later_editions",
        db_index=True,
        on_delete=fields.RESTRICT,
    )

    #: The day a later edition became current (this one holds until the day before), or null
    #: while this edition is current.
    superseded_on = fields.DateField(null=True, db_index=True)
    #: Imported as a historical edition (older than the one already current).
    historical = fields.BooleanField(default=False, db_default=False)

    issuer_id: int | None
    previous_edition_id: int | None

    class Meta:
        table = "plan"
        ordering = ["id"]


class Section(Record):
    """A heading of a plan (一、 / （一） / 1.), nested by parent, ordered by ordinal."""

    plan: fields.ForeignKeyRelation[Plan] = fields.ForeignKeyField(
        "models.Plan", related_name="sections", db_index=True, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[Record] = fields.ForeignKeyField(
        "models.Section",
        null=True,
        related_name="children",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    code = fields.CharField(max_length=100)
    title = fields.CharField(max_length=500)
    ordinal = fields.IntField(default=0)
    source_start = fields.IntField(null=True)
    source_end = fields.IntField(null=True)

    plan_id: int
    parent_id: int | None

    class Meta:
        table = "section"
        ordering = ["plan_id", "ordinal", "id"]
        unique_together = (("plan", "code"),)
