"""Fields every mutable record shares: timestamps and an optimistic-locking version."""

from tortoise import fields
from tortoise.models import Model


class Record(Model):
    """Abstract base: created_at/updated_at set by the server, version bumped per edit."""

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    version = fields.IntField(default=1)

    class Meta:
        abstract = True
