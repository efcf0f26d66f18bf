"""The append-only audit journal: one hash-chained entry per change."""

from tortoise import fields
from tortoise.models import Model


class JournalEntry(Model):
    """Hash-chained: hash is SHA-256 over the canonical entry, prev_hash is the hash before it."""

    seq = fields.BigIntField(primary_key=True, generated=False)
    recorded_at = fields.DatetimeField()
    actor = fields.CharField(max_length=200)
    action = fields.CharField(max_length=100, db_index=True)
    entity_type = fields.CharField(max_length=50)
    entity_id = fields.BigIntField()
    before: fields.Field[dict | None] = fields.JSONField(null=True)
    after: fields.Field[dict | None] = fields.JSONField(null=True)
    prev_hash = fields.CharField(max_length=64, unique=True)
    hash = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "journal_entry"
        ordering = ["seq"]
        #: One index per filter of the ``journal`` list, each ending in ``seq`` so a filtered
        #: page (either direction) is an index range, never a primary-key walk with a filter.
        indexes = (
            ("entity_type", "entity_id", "seq"),
            ("entity_type", "seq"),
            ("actor", "seq"),
            ("action", "seq"),
            ("recorded_at",),
        )
