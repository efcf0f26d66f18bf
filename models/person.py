"""People (责任人) and their time-bounded positions in units."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class PositionRole(StrEnum):
    PRINCIPAL = "PRINCIPAL"
    DEPUTY = "DEPUTY"
    CONTACT = "CONTACT"
    STAFF = "STAFF"


class Person(Record):
    """A civil servant or other person who can be named responsible."""

    name = fields.CharField(max_length=100, db_index=True)
    note = fields.TextField(default="")

    class Meta:
        table = "person"
        ordering = ["id"]


class Position(Record):
    """A post held by a person in a unit for a period, ended by valid_to and never deleted."""

    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="positions", db_index=True, on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="positions", db_index=True, on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=100, default="")
    role = fields.CharEnumField(PositionRole, max_length=16, default=PositionRole.STAFF)
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)

    person_id: int
    unit_id: int

    class Meta:
        table = "position"
        ordering = ["id"]
