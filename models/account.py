"""Accounts of the people and systems that use the API, and their API tokens (digests only)."""

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class Account(Record):
    """A user with one or more roles, bound to a unit for the unit roles, never deleted."""

    username = fields.CharField(max_length=100, unique=True)
    display_name = fields.CharField(max_length=200, default="")
    unit: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Unit",
        null=True,
        related_name="accounts",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    #: Role names such as UNIT_LEADER or AUDITOR, see resolvers/actor.py.
    roles: fields.Field[list[str]] = fields.JSONField(default=list)
    #: Argon2id hash in PHC string form, null when the account signs in by token only.
    password_hash = fields.CharField(max_length=200, null=True)
    #: A deactivated account keeps its history but can no longer authenticate.
    active = fields.BooleanField(default=True)

    unit_id: int | None

    class Meta:
        table = "account"
        ordering = ["id"]


class ApiToken(Record):
    """An opaque API token: only its SHA-256 digest is stored, the token is shown once."""

    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="tokens", db_index=True, on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100, default="")
    #: The first characters of the token, shown to people to tell tokens apart.
    prefix = fields.CharField(max_length=16, db_index=True)
    #: Hex SHA-256 of the whole token.
    digest = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    #: Set at most once a minute while the token is used.
    last_used_at = fields.DatetimeField(null=True)

    account_id: int

    class Meta:
        table = "api_token"
        ordering = ["account_id", "id"]
