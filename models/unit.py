"""Government units (责任单位): names and aliases, kinds, hierarchy, succession, collectives."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class UnitKind(StrEnum):
    MUNICIPAL_GOVERNMENT = "MUNICIPAL_GOVERNMENT"
    MUNICIPAL_DEPARTMENT = "MUNICIPAL_DEPARTMENT"
    COUNTY_GOVERNMENT = "COUNTY_GOVERNMENT"
    TOWNSHIP = "TOWNSHIP"
    JUDICIAL_ORGAN = "JUDICIAL_ORGAN"
    STATIONED_UNIT = "STATIONED_UNIT"
    CENTRAL_DEPARTMENT = "CENTRAL_DEPARTMENT"
    PROVINCIAL_GOVERNMENT = "PROVINCIAL_GOVERNMENT"
    PROVINCIAL_DEPARTMENT = "PROVINCIAL_DEPARTMENT"
    THIRD_PARTY = "THIRD_PARTY"
    COLLECTIVE = "COLLECTIVE"
    OTHER = "OTHER"


class Unit(Record):
    """A unit that can be held responsible: never deleted, only ended by valid_to or a successor."""

    name = fields.CharField(max_length=200, unique=True)
    short_name = fields.CharField(max_length=100, null=True, db_index=True)
    aliases: fields.Field[list[str]] = fields.JSONField(default=list)
    #: |name|short|alias|…| — one column to search and resolve written names against.
    search_names = fields.TextField(default="")
    kind = fields.CharEnumField(UnitKind, max_length=32, db_index=True)
    parent: fields.ForeignKeyNullableRelation["Unit"] = fields.ForeignKeyField(
        "models.Unit", null=True, related_name="children", db_index=True, on_delete=fields.RESTRICT
    )
    successor: fields.ForeignKeyNullableRelation["Unit"] = fields.ForeignKeyField(
        "models.Unit",
        null=True,
        related_name="predecessors",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)
    note = fields.TextField(default="")

    parent_id: int | None
    successor_id: int | None

    class Meta:
        table = "unit"
        ordering = ["id"]

    def all_names(self) -> list[str]:
        names = [self.name, *([self.short_name] if self.short_name else []), *self.aliases]
        return list(dict.fromkeys(names))

    def refresh_search_names(self) -> None:
        self.search_names = "|" + "|".join(self.all_names()) + "|"


class UnitMembership(Model):
    """A member of a collective unit (各县区政府 ∋ 凉州区人民政府), for a period."""

    id = fields.IntField(primary_key=True)
    collective: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="member_links", db_index=True, on_delete=fields.RESTRICT
    )
    member: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="collective_links", db_index=True, on_delete=fields.RESTRICT
    )
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    collective_id: int
    member_id: int

    class Meta:
        table = "unit_membership"
        ordering = ["id"]
