"""Public reads: today's published dishonesty records, personal fields masked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, cast

import strawberry
from tortoise.queryset import QuerySet

from models import DishonestyPublication as PublicationRow
from models import DishonestyRecord as RecordRow
from models import Person as PersonRow
from models import Unit as UnitRow
from resolvers import workdays
from resolvers.credit.queries import public_on
from resolvers.search import search_term
from schema.pagination import PageArgs, paginate_query
from schema.public.record import PUBLIC_TYPE_NAME, PublicDishonestyRecord
from schema.relay import After, Before, Connection, First, Last, from_global_id


def published(day: date) -> QuerySet[RecordRow]:
    """The only rows the public ever reads: standing records inside a publication window."""
    return (
        RecordRow.filter(public_on(day))
        .select_related("unit", "person")
        .prefetch_related("publications")
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
        return PublicDishonestyRecord.from_rows(
            record,
            shown_on(record, day),
            unit.name if unit else None,
            person.name if person else None,
        )

    return convert


def public_pk(global_id: strawberry.ID | str, field: str = "id") -> int | None:
    """The record number inside a public ID; None for an ID of anything else."""
    type_name, pk = from_global_id(str(global_id), field)
    return pk if type_name == PUBLIC_TYPE_NAME else None


@strawberry.type(description="公示查询 — what is published today.")
class PublicRecordQuery:
    @strawberry.field(
        description="公示中的失信记录 — records inside their publication window today (revoked, "
        "repaired, withdrawn and expired ones never appear), oldest first."
    )
    async def dishonesty_records(
        self,
        unit_name: Annotated[
            str | None, strawberry.argument(description="单位 — text in the unit's name.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PublicDishonestyRecord]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        day = workdays.today()
        query = published(day)
        if unit_name is not None:
            text = search_term(unit_name, "unitName")
            query = query.filter(unit__search_names__icontains=text)
        return await paginate_query(query, [("id", False)], args, public_view(day))

    @strawberry.field(description="公示记录 — one published record (null if not published today).")
    async def dishonesty_record(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="记录编号 — its ID.")],
    ) -> PublicDishonestyRecord | None:
        pk = public_pk(id)
        if pk is None:
            return None
        day = workdays.today()
        row = await published(day).filter(pk=pk).first()
        return public_view(day)(row) if row else None
