"""GraphQL types of plans (任务分工方案) and their sections."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Plan as PlanRow
from models import Section as SectionRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.pagination import PageArgs, asks_only_total, counted_only, paginate_list
from schema.relay import After, Before, First, Last, Node
from schema.task import TASK_ORDER_KEYS, SourceSpan, Task, TaskConnection, span, task_key

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.unit import Unit


@strawberry.type(description="方案 — a task-division plan (任务分工方案) or policy document.")
class Plan(Node):
    pk: strawberry.Private[int]
    issuer_pk: strawberry.Private[int | None]
    previous_edition_pk: strawberry.Private[int | None]
    title: str = strawberry.field(
        description="标题 — title, e.g. 加强政务诚信建设工作任务分工方案."
    )
    doc_number: str | None = strawberry.field(
        description="文号 — document number, e.g. 武政办发〔2017〕200号."
    )
    issued_on: date | None = strawberry.field(description="印发日期 — date of issue.")
    implements: list[str] = strawberry.field(
        description="贯彻文件 — documents this plan implements, e.g. 甘政发〔2017〕48号."
    )
    source_sha256: str = strawberry.field(
        description="原文摘要 — SHA-256 of the verbatim source text (hex)."
    )
    superseded_on: date | None = strawberry.field(
        description="被替代日期 — the day a later edition became current (this edition held until "
        "the day before); null while it is current."
    )
    historical: bool = strawberry.field(
        description="历史版本 — imported as a past edition, older than the one already current."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")
    updated_at: datetime = strawberry.field(description="更新时间 — when it last changed.")

    @classmethod
    def from_model(cls, row: PlanRow) -> Plan:
        return cls(
            id=strawberry.ID(to_global_id("Plan", row.id)),
            pk=row.id,
            issuer_pk=row.issuer_id,
            previous_edition_pk=row.previous_edition_id,
            title=row.title,
            doc_number=row.doc_number,
            issued_on=row.issued_on,
            implements=list(row.implements),
            source_sha256=row.source_sha256,
            superseded_on=row.superseded_on,
            historical=row.historical,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="原文 — the plan's full source text, verbatim.")
    async def source_text(self, info: strawberry.Info[Context, None]) -> str:
        row = await info.context.loaders.plan_by_id.load(self.pk)
        return row.source_text if row else ""

    issuer = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda p: p.issuer_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        optional=True,
        description="印发单位 — the issuing unit.",
    )

    @strawberry.field(
        description="现行版本 — whether this is the current edition (none later has superseded "
        "it); lists that count work count current editions unless asked otherwise."
    )
    def is_current(self) -> bool:
        return self.superseded_on is None and not self.historical

    previous_edition = relation(
        loader=lambda loaders: loaders.plan_by_id,
        key=lambda p: p.previous_edition_pk,
        type=Annotated["Plan", strawberry.lazy("schema.plan")],
        optional=True,
        description="上一版 — the earlier edition this plan revises.",
    )

    sections = relation(
        loader=lambda loaders: loaders.sections_by_plan_id,
        key=lambda p: p.pk,
        type=Annotated["Section", strawberry.lazy("schema.plan")],
        many=True,
        description="章节 — all sections of the plan in document order.",
    )

    @strawberry.field(description="任务 — the plan's tasks in document order.")
    async def tasks(
        self,
        info: strawberry.Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> TaskConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        loaders = info.context.loaders
        if asks_only_total(info):
            return counted_only(lambda: loaders.task_counts_by_plan_id.load(self.pk))
        rows = await loaders.tasks_by_plan_id.load(self.pk)
        return await paginate_list(rows, TASK_ORDER_KEYS, args, Task.from_model, task_key)


@strawberry.type(description="章节 — a heading of a plan (一、 / （一） / 1.), nested.")
class Section(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    parent_pk: strawberry.Private[int | None]
    code: str = strawberry.field(description="编号 — ordinal path, e.g. 一.(二).")
    title: str = strawberry.field(description="标题 — heading text without its number.")
    ordinal: int = strawberry.field(description="序号 — position of the section in its plan.")
    source_span: SourceSpan | None = strawberry.field(
        description="原文位置 — where the section stands in the plan's source text."
    )

    @classmethod
    def from_model(cls, row: SectionRow) -> Section:
        return cls(
            id=strawberry.ID(to_global_id("Section", row.id)),
            pk=row.id,
            plan_pk=row.plan_id,
            parent_pk=row.parent_id,
            code=row.code,
            title=row.title,
            ordinal=row.ordinal,
            source_span=span(row.plan_id, row.source_start, row.source_end),
        )

    @strawberry.field(description="层级 — depth of the heading: 1 for 一、, 2 for （一）, ….")
    def level(self) -> int:
        return self.code.count(".") + 1

    plan = relation(
        loader=lambda loaders: loaders.plan_by_id,
        key=lambda s: s.plan_pk,
        type=Plan,
        description="所属方案 — the plan.",
    )

    parent = relation(
        loader=lambda loaders: loaders.section_by_id,
        key=lambda s: s.parent_pk,
        type=Annotated["Section", strawberry.lazy("schema.plan")],
        optional=True,
        description="上级章节 — the enclosing section.",
    )

    children = relation(
        loader=lambda loaders: loaders.sections_by_plan_id,
        key=lambda s: s.plan_pk,
        type=Annotated["Section", strawberry.lazy("schema.plan")],
        many=True,
        keep=lambda s, row: row.parent_id == s.pk,
        description="下级章节 — sections directly under this one.",
    )

    tasks = relation(
        loader=lambda loaders: loaders.tasks_by_section_id,
        key=lambda s: s.pk,
        type=Task,
        many=True,
        description="任务 — tasks directly under this section, in order.",
    )
