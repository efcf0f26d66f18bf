"""``planImport``: a plan (text, Word, Excel, PDF, web page) to the graph, preview if asked."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from resolvers.errors import bad_input
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from schema.plan import Plan
from schema.task import Task
from seed.load import import_plan, unit_directory
from seed.parse import ParsedPlan, parse_plan
from seed.preview import build_preview
from seed.source_errors import SourceError
from seed.sources import parse_bytes, source_kind

if TYPE_CHECKING:
    from resolvers.context import Context

MAX_SOURCE_CHARS = 2_000_000


@strawberry.input(
    description="导入方案 — a plan to import, as text or as a file (Word, Excel, PDF, web page)."
)
class PlanImportInput:
    text: str | None = strawberry.field(default=None, description="原文 — the plan's text.")
    file_base64: str | None = strawberry.field(
        default=None,
        description="文件 — a Word plan (.docx), an Excel matrix (.xlsx), a PDF or a web page "
        "(.html), base64-encoded (instead of text).",
    )
    dry_run: bool = strawberry.field(
        default=False, description="仅预览 — parse and preview only; write nothing."
    )
    create_units: bool = strawberry.field(
        default=False,
        description="新建单位 — create units the graph does not know (else they fail the import).",
    )
    supersedes: strawberry.ID | None = strawberry.field(
        default=None,
        description="替代版本 — the plan this text is the next edition of; default: the current "
        "edition with the same title.",
    )
    as_historical: bool = strawberry.field(
        default=False,
        description="历史版本 — record an edition older than the current one as a past edition "
        "(else it is refused): its assignments hold until the current edition's issue date.",
    )


@strawberry.type(description="导入提示 — something the importer could not read with certainty.")
class ImportWarning:
    message: str = strawberry.field(description="内容 — what is uncertain.")
    start: int = strawberry.field(description="起始 — character offset in the text.")
    end: int = strawberry.field(description="结束 — offset just past the span.")


@strawberry.type(description="版本差异 — how a revised edition differs from the one before.")
class EditionChanges:
    added: list[str] = strawberry.field(description="新增任务 — codes of tasks added.")
    removed: list[str] = strawberry.field(description="删除任务 — codes of tasks removed.")
    reassigned: list[str] = strawberry.field(
        description="调整分工 — codes of tasks whose units or roles changed."
    )
    redated: list[str] = strawberry.field(
        description="调整时限 — codes of tasks whose deadline changed."
    )


@strawberry.type(description="导入结果 — the preview and, when written, the plan.")
class PlanImportPayload:
    preview: JSON = strawberry.field(
        description="预览 — {document, tasks, warnings} exactly as `dutygraph import --json`."
    )
    warnings: list[ImportWarning] = strawberry.field(description="导入提示 — warnings.")
    source_text: str = strawberry.field(
        description="原文 — the text every start/end offset points into: the text given, or the "
        "text read from the Word, Excel, PDF or web-page file."
    )
    written: bool = strawberry.field(
        description="已写入 — false for a dry run or when the same text was imported before."
    )
    plan: Plan | None = strawberry.field(
        description="方案 — the plan written, or the earlier import of the same text."
    )
    previous_edition: Plan | None = strawberry.field(
        description="上一版 — the edition this import revises (same title), if any."
    )
    changes: EditionChanges | None = strawberry.field(
        description="版本差异 — changes against the previous edition."
    )
    carried_tasks: list[Task] = strawberry.field(
        description="沿用任务 — tasks of the new edition that continue a task of the previous one "
        "(see `carriedFrom`, `matchRule`, `matchScore`)."
    )


def parsed_input(value: PlanImportInput) -> ParsedPlan:
    if (value.text is None) == (value.file_base64 is None):
        raise bad_input("Give exactly one of `text` and `fileBase64`.", "text")
    if value.text is not None:
        if len(value.text) > MAX_SOURCE_CHARS:
            raise bad_input(f"The text is longer than {MAX_SOURCE_CHARS} characters.", "text")
        return parse_plan(value.text)
    try:
        data = base64.b64decode(value.file_base64 or "", validate=True)
    except binascii.Error:
        raise bad_input("`fileBase64` is not valid base64.", "fileBase64") from None
    if source_kind(data) == "text":
        raise bad_input(
            "`fileBase64` is not a .docx, .xlsx, PDF or HTML file; send plain text as `text`.",
            "fileBase64",
        )
    try:
        return parse_bytes(data)
    except SourceError as error:
        raise bad_input(error.message, "fileBase64") from None


@strawberry.type(description="方案导入 — importing plans.")
class PlanImportMutation:
    @strawberry.mutation(
        description="导入方案 — parse a 任务分工方案 and write plan, sections, tasks and "
        "assignments in one transaction; re-importing the same text changes nothing; a text "
        "with the title of an existing plan becomes its new edition."
    )
    async def plan_import(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PlanImportInput, strawberry.argument(description=INPUT)],
    ) -> PlanImportPayload:
        parsed = parsed_input(input)
        preview = build_preview(parsed, (await unit_directory()).canonical)
        warnings = [ImportWarning(**w) for w in preview["warnings"]]
        if input.dry_run:
            return PlanImportPayload(
                preview=JSON(preview),
                warnings=warnings,
                source_text=parsed.text,
                written=False,
                plan=None,
                previous_edition=None,
                changes=None,
                carried_tasks=[],
            )
        supersedes = (
            pk_of(input.supersedes, "Plan", "supersedes") if input.supersedes is not None else None
        )
        outcome = await in_journal(
            info,
            lambda j: import_plan(
                j,
                parsed,
                create_units=input.create_units,
                supersedes_pk=supersedes,
                as_historical=input.as_historical,
            ),
        )
        changes = outcome.changes
        return PlanImportPayload(
            preview=JSON(preview),
            warnings=warnings,
            source_text=parsed.text,
            written=outcome.created,
            plan=Plan.from_model(outcome.plan),
            previous_edition=(
                Plan.from_model(outcome.previous_edition) if outcome.previous_edition else None
            ),
            changes=EditionChanges(
                added=changes.added,
                removed=changes.removed,
                reassigned=[r.code for r in changes.reassigned],
                redated=[r.code for r in changes.redated],
            )
            if changes
            else None,
            carried_tasks=[Task.from_model(t) for t in outcome.matches],
        )
