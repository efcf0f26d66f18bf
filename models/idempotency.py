"""Idempotency keys: the first response to a keyed mutation, stored with its write."""

from tortoise import fields
from tortoise.models import Model


class IdempotencyKey(Model):
    """One keyed mutation request: a retry with the same key gets the stored response again."""

    id = fields.IntField(primary_key=True)
    #: The client key from the Idempotency-Key header, unique per actor.
    key = fields.CharField(max_length=200)
    #: Who sent it (actor name as in the journal).
    actor = fields.CharField(max_length=200)
    #: SHA-256 over the normalised document, operation name and variables.
    fingerprint = fields.CharField(max_length=64)
    #: The data and errors answered the first time (null while the first request runs).
    response: fields.Field[dict | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_key"
        unique_together = (("actor", "key"),)
        indexes = (("created_at",),)
