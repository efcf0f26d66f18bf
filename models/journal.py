"""The append-only audit journal: one hash-chained entry per change."""

from enum import StrEnum

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


class VerificationStatus(StrEnum):
    RUNNING = "RUNNING"
    FINISHED = "FINISHED"
    ABANDONED = "ABANDONED"


class JournalVerificationRun(Model):
    """One verification of the whole journal, run in the background of the worker that started
    it: progress while it runs, the report when it is done. Runs are kept (never deleted).

    ``running_slot`` is 1 while the run is in progress and NULL after: a unique column, so two
    workers cannot start a second run at once (NULLs never collide)."""

    requested_by = fields.CharField(max_length=200)
    requested_at = fields.DatetimeField()
    status = fields.CharEnumField(VerificationStatus, max_length=16, db_index=True)
    running_slot = fields.IntField(null=True, unique=True)
    #: The heads and checkpoints to check the journal against, as given.
    pins: fields.Field[dict] = fields.JSONField()
    total_entries = fields.BigIntField()
    checked_entries = fields.BigIntField(default=0)
    #: Last sign of life of the worker running it (a run that stops giving one is abandoned).
    heartbeat_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    report: fields.Field[dict | None] = fields.JSONField(null=True)

    class Meta:
        table = "journal_verification_run"
        ordering = ["id"]
