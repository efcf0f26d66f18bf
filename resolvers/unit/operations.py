"""Unit rules: unique names across names and aliases, collectives, succession without cycles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tortoise.expressions import Q

from models import Unit, UnitKind, UnitMembership
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal, snapshot
from resolvers.records import check_window, fetch, required_text, update_record, write_if
from resolvers.unit.succession import check_successor_open, move_duties


@dataclass(frozen=True)
class UnitDraft:
    name: str
    kind: UnitKind
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    parent_pk: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""


def clean_names(values: list[str] | tuple[str, ...], field: str) -> list[str]:
    return list(dict.fromkeys(required_text(v, field, 200) for v in values))


async def ensure_names_free(journal: Journal, names: list[str], except_pk: int | None) -> None:
    """Each written name must point to one unit: refuse names another unit already uses."""
    for name in names:
        query = Unit.filter(search_names__contains=f"|{name}|").using_db(journal.connection)
        if except_pk is not None:
            query = query.exclude(pk=except_pk)
        other = await query.first()
        if other is not None:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"The name {name!r} already belongs to unit {other.name!r}.",
                "name",
            )


async def create_unit(journal: Journal, draft: UnitDraft) -> Unit:
    name = required_text(draft.name, "name", 200)
    short = required_text(draft.short_name, "shortName", 100) if draft.short_name else None
    aliases = [a for a in clean_names(draft.aliases, "aliases") if a not in (name, short)]
    check_window(draft.valid_from, draft.valid_to)
    await ensure_names_free(journal, [name, *([short] if short else []), *aliases], None)
    if draft.parent_pk is not None:
        await fetch(Unit, draft.parent_pk, "Unit", "parentId", journal)
    unit = Unit(
        name=name,
        short_name=short,
        aliases=aliases,
        kind=draft.kind,
        parent_id=draft.parent_pk,
        valid_from=draft.valid_from,
        valid_to=draft.valid_to,
        note=draft.note,
    )
    unit.refresh_search_names()
    await unit.save(using_db=journal.connection)
    await journal.created(unit)
    return unit


async def update_unit(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Unit:
    unit = await fetch(Unit, pk, "Unit", "id", journal)
    if "name" in changes:
        changes["name"] = required_text(changes["name"], "name", 200)
    if changes.get("short_name"):
        changes["short_name"] = required_text(changes["short_name"], "shortName", 100)
    if "aliases" in changes:
        changes["aliases"] = clean_names(changes["aliases"] or [], "aliases")
    if changes.get("parent_id") is not None:
        await ensure_no_cycle(journal, pk, changes["parent_id"], "parent_id", "parentId")
    check_window(changes.get("valid_from", unit.valid_from), changes.get("valid_to", unit.valid_to))
    probe = Unit(
        name=changes.get("name", unit.name),
        short_name=changes.get("short_name", unit.short_name),
        aliases=changes.get("aliases", unit.aliases),
        kind=unit.kind,
    )
    await ensure_names_free(journal, probe.all_names(), pk)
    probe.refresh_search_names()
    changes["search_names"] = probe.search_names
    return await update_record(journal, unit, changes, expected_version)


async def ensure_no_cycle(journal: Journal, pk: int, target: int, column: str, field: str) -> None:
    """Refuse a parent or successor link that would lead back to ``pk``."""
    seen: set[int] = set()
    current: int | None = target
    while current is not None and current not in seen:
        if current == pk:
            raise bad_input("That link would make a cycle.", field)
        seen.add(current)
        row = await fetch(Unit, current, "Unit", field, journal)
        current = getattr(row, column)


async def add_member(
    journal: Journal, collective_pk: int, member_pk: int, valid_from: date | None
) -> UnitMembership:
    collective = await fetch(Unit, collective_pk, "Unit", "collectiveId", journal)
    member = await fetch(Unit, member_pk, "Unit", "memberId", journal)
    if collective.kind != UnitKind.COLLECTIVE:
        raise bad_input(f"{collective.name} is not a collective unit.", "collectiveId")
    if member.pk == collective.pk:
        raise bad_input("A unit cannot be a member of itself.", "memberId")
    open_link = (
        await UnitMembership.filter(
            collective_id=collective.pk, member_id=member.pk, valid_to__isnull=True
        )
        .using_db(journal.connection)
        .exists()
    )
    if open_link:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"{member.name} is already a member of {collective.name}.",
            "memberId",
        )
    link = await UnitMembership.create(
        collective_id=collective.pk,
        member_id=member.pk,
        valid_from=valid_from,
        using_db=journal.connection,
    )
    await journal.created(link)
    return link


async def end_membership(journal: Journal, pk: int, valid_to: date) -> UnitMembership:
    link = await fetch(UnitMembership, pk, "UnitMembership", "membershipId", journal)
    if link.valid_to is not None:
        raise DomainError(ErrorCode.CONFLICT, "This membership has already ended.", "membershipId")
    check_window(link.valid_from, valid_to)
    before = snapshot(link)
    link.valid_to = valid_to
    if not await write_if(journal, link, Q(valid_to__isnull=True)):
        raise DomainError(ErrorCode.CONFLICT, "This membership has already ended.", "membershipId")
    await journal.changed(link, before, "unitmembership.end")
    return link


async def record_succession(
    journal: Journal, pk: int, successor_pk: int, effective_on: date, expected_version: int | None
) -> Unit:
    """机构改革: from ``effective_on`` the successor holds the unit's duties (its open
    assignments, commitments and PPP stage responsibilities move, resolvers/unit/succession.py);
    the unit ends the day before."""
    if pk == successor_pk:
        raise bad_input("A unit cannot succeed itself.", "successorId")
    unit = await fetch(Unit, pk, "Unit", "unitId", journal)
    if unit.successor_id is not None:
        raise DomainError(ErrorCode.CONFLICT, f"{unit.name} already has a successor.", "unitId")
    await ensure_no_cycle(journal, pk, successor_pk, "successor_id", "successorId")
    successor = await fetch(Unit, successor_pk, "Unit", "successorId", journal)
    check_successor_open(successor, effective_on)
    last_day = effective_on - timedelta(days=1)
    check_window(unit.valid_from, last_day, "effectiveOn")
    ended = await update_record(
        journal,
        unit,
        {"successor_id": successor_pk, "valid_to": last_day},
        expected_version,
        "unit.succeed",
    )
    await move_duties(journal, ended, successor, effective_on)
    return ended
