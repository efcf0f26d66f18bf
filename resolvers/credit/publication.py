"""Publishing a dishonesty record (公示): one public window per record, its public summary with
known names masked and checked, and the channels it went out on, each with its own day and
reference (plan 一(二)3: the unit's portal, the city platform and 信用甘肃 at once)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from models import (
    CreditRepair,
    DishonestyObjection,
    DishonestyPublication,
    DishonestyPublicationChannel,
    DishonestyRecord,
    Person,
    PublicSubmission,
    Unit,
)
from resolvers.credit.masking import KnownNames, looks_like_person
from resolvers.credit.operations import check_open, check_order
from resolvers.credit.rules import CreditRules, version_of
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal
from resolvers.records import fetch, update_record

SUMMARY_MAX = 5000


@dataclass(frozen=True)
class ChannelDraft:
    channel: str
    published_on: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class PublicationDraft:
    record_pk: int
    published_on: date
    channels: Sequence[ChannelDraft] = ()
    #: The administrator's own text; None: the facts with every known name masked.
    summary: str | None = None
    #: The one channel came in the input's ``channel`` (errors then name that field).
    single: bool = False


async def unit_names(db: BaseDBAsyncClient | None) -> set[str]:
    names: set[str] = set()
    for name, short, aliases in (
        await Unit.all().using_db(db).values_list("name", "short_name", "aliases")
    ):
        names |= {name, short or "", *(aliases or [])}
    return {n for n in names if n}


async def _texts(query: QuerySet[Any], column: str) -> list[str]:
    return [str(value) for value in await query.values_list(column, flat=True) if value]


async def known_names(record: DishonestyRecord, db: BaseDBAsyncClient | None) -> KnownNames:
    """Everyone in the person table, and the record's parties whose names are a person's."""
    people = set(await _texts(Person.all().using_db(db), "name"))
    units = await unit_names(db)
    own = None
    if record.person_id is not None:
        own = await _texts(Person.filter(pk=record.person_id).using_db(db), "name")
    of_record = {"record_id": record.pk}
    parties = [
        *await _texts(DishonestyObjection.filter(**of_record).using_db(db), "filed_by"),
        *await _texts(CreditRepair.filter(**of_record).using_db(db), "applicant"),
        *await _texts(PublicSubmission.filter(**of_record).using_db(db), "submitter_name"),
    ]
    people |= {p for p in parties if p not in units and looks_like_person(p)}
    return KnownNames.of(people, own[0] if own else None, units)


def checked_summary(text: str, known: KnownNames) -> str:
    """The summary as published, or BAD_USER_INPUT naming where a known name is written out."""
    summary = text.strip()
    if not summary:
        raise bad_input("`summary` must not be empty.", "summary")
    if len(summary) > SUMMARY_MAX:
        raise bad_input(f"`summary` is longer than {SUMMARY_MAX} characters.", "summary")
    found = known.unmasked(summary)
    if found is not None:
        position, name = found
        raise bad_input(
            f"`summary` names a known person at character {position + 1} ({name!r}): the "
            f"public may see a name only masked, e.g. {known.mask(name)!r}.",
            "summary",
        )
    return summary


def _channels(
    given: Sequence[ChannelDraft], allowed: Sequence[str], single: bool
) -> list[ChannelDraft]:
    seen: set[str] = set()
    channels: list[ChannelDraft] = []
    for n, each in enumerate(given):
        name = each.channel.strip()
        field = "channel" if single else f"channels.{n}.channel"
        if name not in allowed:
            raise bad_input(
                f"Unknown channel {name!r}: publish on one of {', '.join(allowed)} "
                "(DUTYGRAPH_CREDIT_CHANNELS).",
                field,
            )
        if name in seen:
            raise bad_input(f"Channel {name!r} is named twice.", field)
        seen.add(name)
        reference = each.reference.strip()
        if len(reference) > 500:
            raise bad_input("`reference` is longer than 500 characters.", f"channels.{n}.reference")
        channels.append(ChannelDraft(name, each.published_on, reference))
    return channels


async def _add_channels(
    journal: Journal,
    publication: DishonestyPublication,
    channels: Sequence[ChannelDraft],
    default_day: date,
) -> None:
    for n, each in enumerate(channels):
        day = each.published_on or default_day
        if not publication.published_on <= day <= publication.public_until:
            raise bad_input(
                f"Channel {each.channel!r} goes out on {day}, outside the record's public window "
                f"{publication.published_on} – {publication.public_until}.",
                f"channels.{n}.publishedOn",
            )
        row = await DishonestyPublicationChannel.create(
            publication_id=publication.pk,
            channel=each.channel,
            published_on=day,
            reference=each.reference,
            using_db=journal.connection,
        )
        await journal.created(row, "dishonesty_publication_channel.add")


async def publish(
    journal: Journal,
    rules: CreditRules,
    allowed: Sequence[str],
    draft: PublicationDraft,
) -> DishonestyPublication:
    """Publish the record, or add channels to the window it is already public in."""
    channels = _channels(draft.channels, allowed, draft.single)
    record = await fetch(DishonestyRecord, draft.record_pk, "DishonestyRecord", "recordId", journal)
    check_open(record, "be published")
    # A publication may be scheduled: its first public day is a decision, not an event.
    check_order(record.reported_on, draft.published_on, "publishedOn", "the report")
    current = (
        await DishonestyPublication.filter(
            record_id=record.pk, withdrawn_on__isnull=True, public_until__gte=draft.published_on
        )
        .using_db(journal.connection)
        .first()
    )
    if current is not None:
        return await _publish_more(journal, current, channels, draft)
    # Windows follow the table the record was decided under (rules.py), from its decision day.
    table = version_of(rules, record.rule_version)
    until = table.public_until(
        record.severity, table.window_start(record.occurred_on, draft.published_on)
    )
    if until < draft.published_on:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"The longest publication window of this {record.severity.value} record under "
            f"{table.version} ended on {until}: it can no longer be published.",
            "publishedOn",
        )
    known = await known_names(record, journal.connection)
    text = known.mask(record.facts) if draft.summary is None else draft.summary
    summary = checked_summary(text, known)
    row = await DishonestyPublication.create(
        record_id=record.pk,
        published_on=draft.published_on,
        public_until=until,
        channel=channels[0].channel if channels else "",
        summary=summary,
        rule_version=table.version,
        severity=record.severity,
        using_db=journal.connection,
    )
    await journal.created(row, "dishonesty_publication.publish")
    await _add_channels(journal, row, channels, draft.published_on)
    return row


async def _publish_more(
    journal: Journal,
    current: DishonestyPublication,
    channels: Sequence[ChannelDraft],
    draft: PublicationDraft,
) -> DishonestyPublication:
    """The record is public already: new channels join its window, with the same summary."""
    held = set(
        await _texts(
            DishonestyPublicationChannel.filter(publication_id=current.pk).using_db(
                journal.connection
            ),
            "channel",
        )
    )
    new = [c for c in channels if c.channel not in held]
    if not new:
        on = f" on {', '.join(sorted(held))}" if held else ""
        raise DomainError(
            ErrorCode.CONFLICT,
            f"The record is already public{on} until {current.public_until}: name a channel it "
            "is not on yet.",
            "recordId",
        )
    if draft.summary is not None and draft.summary.strip() != current.summary:
        raise bad_input(
            "The record is already public with its summary: every channel carries the same "
            "text (take the publication down to publish another).",
            "summary",
        )
    await _add_channels(journal, current, new, max(draft.published_on, current.published_on))
    if current.channel:
        return current
    return await update_record(
        journal, current, {"channel": new[0].channel}, None, "dishonesty_publication.channel"
    )
