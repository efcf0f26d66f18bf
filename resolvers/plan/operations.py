"""Plan and section rules: verbatim source text with its digest, sections nested in one plan."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models import Plan, Section, Task, Unit
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class PlanDraft:
    title: str
    doc_number: str | None = None
    issuer_pk: int | None = None
    issued_on: date | None = None
    implements: tuple[str, ...] = ()
    source_text: str = ""
    previous_edition_pk: int | None = None


async def create_plan(journal: Journal, draft: PlanDraft) -> Plan:
    if draft.issuer_pk is not None:
        await fetch(Unit, draft.issuer_pk, "Unit", "issuerId", journal)
    if draft.previous_edition_pk is not None:
        await fetch(Plan, draft.previous_edition_pk, "Plan", "previousEditionId", journal)
    plan = await Plan.create(
        title=required_text(draft.title, "title", 300),
        doc_number=draft.doc_number.strip() if draft.doc_number else None,
        issuer_id=draft.issuer_pk,
        issued_on=draft.issued_on,
        implements=[required_text(d, "implements", 200) for d in draft.implements],
        source_text=draft.source_text,
        source_sha256=digest(draft.source_text),
        previous_edition_id=draft.previous_edition_pk,
        using_db=journal.connection,
    )
    await journal.created(plan)
    return plan


async def update_plan(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Plan:
    plan = await fetch(Plan, pk, "Plan", "id", journal)
    if "title" in changes:
        changes["title"] = required_text(changes["title"], "title", 300)
    if changes.get("issuer_id") is not None:
        await fetch(Unit, changes["issuer_id"], "Unit", "issuerId", journal)
    if "source_text" in changes:
        if await Task.filter(plan_id=plan.pk).using_db(journal.connection).exists():
            raise DomainError(
                ErrorCode.CONFLICT,
                "The source text of a plan with tasks cannot change (their spans point into it); "
                "import the revised text as a new edition.",
                "sourceText",
            )
        changes["source_sha256"] = digest(changes["source_text"])
    return await update_record(journal, plan, changes, expected_version)


@dataclass(frozen=True)
class SectionDraft:
    plan_pk: int
    code: str
    title: str
    parent_pk: int | None = None
    ordinal: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def create_section(journal: Journal, draft: SectionDraft) -> Section:
    plan = await fetch(Plan, draft.plan_pk, "Plan", "planId", journal)
    code = required_text(draft.code, "code", 100)
    if draft.parent_pk is not None:
        parent = await fetch(Section, draft.parent_pk, "Section", "parentId", journal)
        if parent.plan_id != plan.pk:
            raise bad_input("The parent section belongs to another plan.", "parentId")
    taken = await Section.filter(plan_id=plan.pk, code=code).using_db(journal.connection).exists()
    if taken:
        raise DomainError(ErrorCode.CONFLICT, f"The plan already has a section {code}.", "code")
    ordinal = draft.ordinal
    if ordinal is None:
        ordinal = await Section.filter(plan_id=plan.pk).using_db(journal.connection).count() + 1
    section = await Section.create(
        plan_id=plan.pk,
        parent_id=draft.parent_pk,
        code=code,
        title=required_text(draft.title, "title", 500),
        ordinal=ordinal,
        source_start=draft.source_start,
        source_end=draft.source_end,
        using_db=journal.connection,
    )
    await journal.created(section)
    return section


async def update_section(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Section:
    section = await fetch(Section, pk, "Section", "id", journal)
    if "title" in changes:
        changes["title"] = required_text(changes["title"], "title", 500)
    if "code" in changes:
        changes["code"] = required_text(changes["code"], "code", 100)
        clash = Section.filter(plan_id=section.plan_id, code=changes["code"]).exclude(pk=pk)
        if await clash.using_db(journal.connection).exists():
            raise DomainError(ErrorCode.CONFLICT, "The plan already has that section code.", "code")
    return await update_record(journal, section, changes, expected_version)
