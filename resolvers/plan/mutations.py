"""Plan and section mutations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, given, in_journal
from resolvers.plan import operations
from schema.plan import Plan, Section

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="新建方案 — a new plan or policy document.")
class PlanCreateInput:
    title: str = strawberry.field(description="标题 — title.")
    doc_number: str | None = strawberry.field(default=None, description="文号 — document number.")
    issuer_id: strawberry.ID | None = strawberry.field(
        default=None, description="印发单位ID — the issuing unit."
    )
    issued_on: date | None = strawberry.field(default=None, description="印发日期 — date of issue.")
    implements: list[str] = strawberry.field(
        default_factory=list, description="贯彻文件 — document numbers it implements."
    )
    source_text: str = strawberry.field(default="", description="原文 — full text, verbatim.")
    previous_edition_id: strawberry.ID | None = strawberry.field(
        default=None, description="上一版ID — the edition this one revises."
    )


@strawberry.input(description="修改方案 — changes to a plan; omitted fields stay as they are.")
class PlanUpdateInput:
    id: strawberry.ID = strawberry.field(description="方案ID — the plan to change.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="预期版本 — fail with CONFLICT unless the plan is at this version.",
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="标题 — title.")
    doc_number: str | None = strawberry.field(
        default=strawberry.UNSET, description="文号 — document number."
    )
    issuer_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="印发单位ID — issuing unit."
    )
    issued_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="印发日期 — date of issue."
    )
    implements: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="贯彻文件 — replaces the list."
    )
    source_text: str | None = strawberry.field(
        default=strawberry.UNSET, description="原文 — only while the plan has no tasks."
    )


@strawberry.type(description="方案变更结果 — the plan after the change.")
class PlanPayload:
    plan: Plan = strawberry.field(description="方案 — the plan as stored.")


@strawberry.input(description="新建章节 — a new heading of a plan.")
class SectionCreateInput:
    plan_id: strawberry.ID = strawberry.field(description="方案ID — the plan.")
    code: str = strawberry.field(
        description="编号 — ordinal path, unique in the plan, e.g. 一.(二)."
    )
    title: str = strawberry.field(description="标题 — heading text.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="上级章节ID — enclosing section of the same plan."
    )
    ordinal: int | None = strawberry.field(
        default=None, description="序号 — position in the plan; default: last."
    )


@strawberry.input(description="修改章节 — changes to a section; omitted fields stay as they are.")
class SectionUpdateInput:
    id: strawberry.ID = strawberry.field(description="章节ID — the section to change.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — optimistic lock."
    )
    code: str | None = strawberry.field(default=strawberry.UNSET, description="编号 — code.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="标题 — title.")
    ordinal: int | None = strawberry.field(default=strawberry.UNSET, description="序号 — order.")


@strawberry.type(description="章节变更结果 — the section after the change.")
class SectionPayload:
    section: Section = strawberry.field(description="章节 — the section as stored.")


@strawberry.type(description="方案相关变更 — mutations of plans and sections.")
class PlanMutation:
    @strawberry.mutation(description="新建方案 — record a new plan.")
    async def plan_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PlanCreateInput, strawberry.argument(description=INPUT)],
    ) -> PlanPayload:
        draft = operations.PlanDraft(
            title=input.title,
            doc_number=input.doc_number,
            issuer_pk=pk_of(input.issuer_id, "Unit", "issuerId") if input.issuer_id else None,
            issued_on=input.issued_on,
            implements=tuple(input.implements),
            source_text=input.source_text,
            previous_edition_pk=(
                pk_of(input.previous_edition_id, "Plan", "previousEditionId")
                if input.previous_edition_id
                else None
            ),
        )
        row = await in_journal(info, lambda j: operations.create_plan(j, draft))
        return PlanPayload(plan=Plan.from_model(row))

    @strawberry.mutation(description="修改方案 — change a plan's title, number, issuer or dates.")
    async def plan_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PlanUpdateInput, strawberry.argument(description=INPUT)],
    ) -> PlanPayload:
        pk = pk_of(input.id, "Plan")
        changes = given(input, non_null=("title", "implements", "source_text"))
        if changes.get("issuer_id") is not None:
            changes["issuer_id"] = pk_of(str(changes["issuer_id"]), "Unit", "issuerId")
        row = await in_journal(
            info, lambda j: operations.update_plan(j, pk, changes, input.expected_version)
        )
        return PlanPayload(plan=Plan.from_model(row))

    @strawberry.mutation(description="新建章节 — add a heading to a plan.")
    async def section_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SectionCreateInput, strawberry.argument(description=INPUT)],
    ) -> SectionPayload:
        draft = operations.SectionDraft(
            plan_pk=pk_of(input.plan_id, "Plan", "planId"),
            code=input.code,
            title=input.title,
            parent_pk=pk_of(input.parent_id, "Section", "parentId") if input.parent_id else None,
            ordinal=input.ordinal,
        )
        row = await in_journal(info, lambda j: operations.create_section(j, draft))
        return SectionPayload(section=Section.from_model(row))

    @strawberry.mutation(description="修改章节 — change a section's code, title or order.")
    async def section_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SectionUpdateInput, strawberry.argument(description=INPUT)],
    ) -> SectionPayload:
        pk = pk_of(input.id, "Section")
        changes = given(input, non_null=("code", "title", "ordinal"))
        row = await in_journal(
            info, lambda j: operations.update_section(j, pk, changes, input.expected_version)
        )
        return SectionPayload(section=Section.from_model(row))
