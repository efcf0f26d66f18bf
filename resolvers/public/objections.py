"""Objections from the public (公众异议): on receipt a formal objection is open at once — its
working-day limits count from the day it arrived — the record shows 异议处理中 publicly, the credit
administrator hears of it (event DISHONESTY_OBJECTION_RECEIVED), and the sender gets a reference
and a secret, returned once (only its SHA-256 is stored), to follow it to its decision."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

import strawberry

from models import DishonestyObjection as ObjectionRow
from models import DishonestyRecord as RecordRow
from models import ObjectionStatus as ObjectionStatusRow
from models import PublicSubmission as SubmissionRow
from models import PublicSubmissionKind as KindRow
from resolvers import workdays
from resolvers.actor import Actor
from resolvers.credit.publication import known_names
from resolvers.credit.remedies import file_objection
from resolvers.credit.rules import CreditRules
from resolvers.errors import bad_input, not_found
from resolvers.global_ids import from_global_id
from resolvers.journal.writer import Journal
from resolvers.public.queries import public_pk, published
from resolvers.records import required_text
from schema.public.objection import PublicObjection

#: Who files the formal objection of a public one: the endpoint's intake, on receipt.
INTAKE = Actor("public:objection-intake")
#: Who an objection without a name was filed by.
ANONYMOUS_SENDER = "公众（公示异议）"


@dataclass(frozen=True)
class Received:
    submission: SubmissionRow
    secret: str


@contextmanager
def acting_as(journal: Journal, actor: Actor) -> Iterator[Journal]:
    """The same transaction and journal chain, its entries written as ``actor``."""
    previous = journal.actor
    journal.actor = actor
    try:
        yield journal
    finally:
        journal.actor = previous


def optional_text(value: str, field: str, max_length: int) -> str:
    text = value.strip()
    if len(text) > max_length:
        raise bad_input(f"`{field}` is longer than {max_length} characters.", field)
    return text


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


async def receive(
    journal: Journal,
    rules: CreditRules,
    record_id: str,
    grounds: str,
    name: str,
    contact: str,
) -> Received:
    """Store the objection and open the formal one (or join the one already open)."""
    pk = public_pk(record_id, "recordId")
    today = workdays.today()
    if pk is None or not await published(today).filter(pk=pk).exists():
        raise not_found("PublicDishonestyRecord", record_id, "recordId")
    grounds = required_text(grounds, "grounds", 5000)
    sender = optional_text(name, "name", 100)
    contact = optional_text(contact, "contact", 200)
    await journal.lock()
    pending = (
        await ObjectionRow.filter(
            record_id=pk, status__in=[ObjectionStatusRow.FILED, ObjectionStatusRow.MARKED]
        )
        .using_db(journal.connection)
        .first()
    )
    if pending is None:
        with acting_as(journal, INTAKE):
            pending = await file_objection(
                journal, rules, pk, sender or ANONYMOUS_SENDER, today, grounds
            )
    secret = secrets.token_urlsafe(24)
    row = await SubmissionRow.create(
        kind=KindRow.OBJECTION,
        record_id=pk,
        objection_id=pending.pk,
        submitter_name=sender,
        contact=contact,
        content=grounds,
        secret_hash=secret_hash(secret),
        using_db=journal.connection,
    )
    await journal.created(row, "public_submission.objection")
    return Received(row, secret)


@dataclass(frozen=True)
class Followed:
    """A public objection as its sender may see it; ``objection`` None for one from before."""

    submission: SubmissionRow
    objection: ObjectionRow | None
    decision_reason: str


async def follow(reference: str, secret: str) -> Followed | None:
    """The objection behind ``reference`` if ``secret`` is its own; None otherwise (the same
    answer for an unknown reference and a wrong secret)."""
    type_name, pk = from_global_id(reference.strip(), "reference")
    if type_name != "PublicSubmission":
        return None
    row = await SubmissionRow.filter(pk=pk, kind=KindRow.OBJECTION).first()
    if row is None or not row.secret_hash:
        return None
    if not hmac.compare_digest(row.secret_hash, secret_hash(secret.strip())):
        return None
    objection = None
    if row.objection_id is not None:
        objection = await ObjectionRow.filter(pk=row.objection_id).first()
    reason = ""
    if objection is not None and objection.decision_reason:
        # The reason is the administrator's text: names in it are masked as in a summary.
        record = await RecordRow.get(pk=objection.record_id)
        reason = (await known_names(record, None)).mask(objection.decision_reason)
    return Followed(row, objection, reason)


@strawberry.type(description="异议查询 — follow your objection.")
class PublicObjectionQuery:
    @strawberry.field(
        description="我的异议 — your objection, by the receipt's reference and secret: where it "
        "stands, its time limits and the decision (null if either does not match)."
    )
    async def objection(
        self,
        reference: Annotated[str, strawberry.argument(description="回执编号 — the reference.")],
        secret: Annotated[str, strawberry.argument(description="查询密码 — the secret.")],
    ) -> PublicObjection | None:
        found = await follow(reference, secret)
        if found is None:
            return None
        return PublicObjection.from_rows(found.submission, found.objection, found.decision_reason)
