"""Public reads: the published dishonesty records of a day (today unless asked for a past day),
as the public saw them — the public summary, masked names, the channels and the objection flag
of that day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, cast

import strawberry
from tortoise.queryset import QuerySet

from models import DishonestyObjection as ObjectionRow
from models import DishonestyPublication as PublicationRow
from models import DishonestyPublicationChannel as ChannelRow
from models import DishonestyRecord as RecordRow
from models import Person as PersonRow
from models import Unit as UnitRow
from resolvers import workdays
from resolvers.credit.masking import mask_name
from resolvers.credit.queries import objected_on, public_on
from resolvers.errors import bad_input
from resolvers.global_ids import from_global_id
from resolvers.search import search_term
from schema.pagination import PageArgs, paginate_query
from schema.public.record import PUBLIC_TYPE_NAME, PublicDishonestyRecord, PublicState
from schema.relay import After, Before, Connection, First, Last


def published(day: date) -> QuerySet[RecordRow]:
    """The only rows the public ever reads: records the public saw on ``day``."""
    return (
        RecordRow.filter(public_on(day))
        .select_related("unit", "person")
        .prefetch_related("publications__channels", "objections")
    )


def shown_on(record: RecordRow, day: date) -> PublicationRow:
    publications: list[PublicationRow] = list(record.publications)  # type: ignore[attr-defined]
    held = [
        p
        for p in publications
        if p.published_on <= day <= p.public_until
        and (p.withdrawn_on is None or p.withdrawn_on > day)
    ]
    return max(held, key=lambda p: (p.published_on, p.id))


def public_view(day: date) -> Callable[[RecordRow], PublicDishonestyRecord]:
    def convert(record: RecordRow) -> PublicDishonestyRecord:
        unit = cast("UnitRow | None", record.unit)
        person = cast("PersonRow | None", record.person)
        publication = shown_on(record, day)
        channels: list[ChannelRow] = list(publication.channels)  # type: ignore[attr-defined]
        objections: list[ObjectionRow] = list(record.objections)  # type: ignore[attr-defined]
        state = PublicState(
            publication=publication,
            channels=sorted(
                (c for c in channels if c.published_on <= day),
                key=lambda c: (c.published_on, c.id),
            ),
            unit_name=unit.name if unit else None,
            person_name=mask_name(person.name) if person else None,
            under_objection=objected_on(objections, day),
        )
        return PublicDishonestyRecord.from_rows(record, state)

    return convert


def public_pk(global_id: strawberry.ID | str, field: str = "id") -> int | None:
    """The record number inside a public ID; None for an ID of anything else."""
    type_name, pk = from_global_id(str(global_id), field)
    return pk if type_name == PUBLIC_TYPE_NAME else None


def public_day(as_of: date | None) -> date:
    """The day asked, never after today: what is scheduled is not public yet."""
    today = workdays.today()
    if as_of is None:
        return today
    if as_of > today:
        raise bad_input(f"`asOf` ({as_of}) is after today ({today}): ask for a past day.", "asOf")
    return as_of


AS_OF = strawberry.argument(
    description="日期 — a past day, to see what was published then (default: today in China)."
)


@strawberry.type(description="公示查询 — what is published today, or was on a past day.")
class PublicRecordQuery:
    @strawberry.field(
        description="公示中的失信记录 — records inside their publication window on the day "
        "(revoked, repaired, withdrawn and expired ones never appear; a record repaired later "
        "still appears for the days before), oldest first."
    )
    async def dishonesty_records(
        self,
        unit_name: Annotated[
            str | None, strawberry.argument(description="单位 — text in the unit's name.")
        ] = None,
        as_of: Annotated[date | None, AS_OF] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PublicDishonestyRecord]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        day = public_day(as_of)
        query = published(day)
        if unit_name is not None:
            text = search_term(unit_name, "unitName")
            query = query.filter(unit__search_names__icontains=text)
        return await paginate_query(query, [("id", False)], args, public_view(day))

    @strawberry.field(
        description="公示记录 — one published record (null if it was not published on the day)."
    )
    async def dishonesty_record(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="记录编号 — its ID.")],
        as_of: Annotated[date | None, AS_OF] = None,
    ) -> PublicDishonestyRecord | None:
        pk = public_pk(id)
        if pk is None:
            return None
        day = public_day(as_of)
        row = await published(day).filter(pk=pk).first()
        return public_view(day)(row) if row else None
