"""The supervision bulletin (督查通报) for a period: the ranking, the red and yellow cards, the
units that have not reported and the overdue commitments, as a Word document and an Excel
workbook. Its numbers come from the same functions the API answers with (unitRanking,
commitmentWarnings, unreportedFeedback, overdueCommitments), within the caller's scopes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from models import Commitment, SupervisionItem, SupervisionItemUnit, Unit
from resolvers.exports.overdue import OverdueRow, overdue_rows
from resolvers.permissions.scopes import RowScopes
from resolvers.reporting_period import Period, parse_period
from resolvers.supervision import ranking
from resolvers.supervision.item_queries import unreported
from resolvers.supervision.warning_queries import warnings_on
from resolvers.supervision.warnings import YELLOW_WITHIN, Level

TITLE = "督查通报"
#: The document number is filled in by the office when the bulletin is issued.
DOC_NUMBER = "武督查〔{year}〕  号"
RANKING_HEADER = (
    "名次",
    "单位",
    "承诺数",
    "按期践诺",
    "逾期践诺",
    "逾期未践诺",
    "延期",
    "被催办",
    "按期践诺率",
)
WARNING_HEADER = ("预警", "单位", "承诺内容", "到期工作日", "原因")
UNREPORTED_HEADER = ("反馈期", "单位", "承办角色", "督办事项")
OVERDUE_HEADER = ("单位", "任务编号", "承诺内容", "承诺期限", "逾期起始", "逾期工作日")
ROLE = {"LEAD": "主办", "CO_RESPONSIBLE": "协办"}
CARD = {Level.RED: "红牌", Level.YELLOW: "黄牌"}


@dataclass(frozen=True)
class Bulletin:
    """The bulletin's content: one tuple of cells per table row."""

    period: str
    as_of: date
    ranking: list[tuple[object, ...]]
    warnings: list[tuple[object, ...]]
    unreported: list[tuple[object, ...]]
    overdue: list[tuple[object, ...]]

    @property
    def file_stem(self) -> str:
        return f"督查通报-{self.period}"


def rate_text(rate: float | None) -> str:
    """A rate as the bulletin prints it: a percentage, or "—" when nothing has fallen due."""
    return "—" if rate is None else f"{rate:.2%}"


def _overdue(row: OverdueRow) -> tuple[object, ...]:
    return (
        row.unit,
        row.task_code,
        row.commitment,
        row.due_on.isoformat(),
        row.overdue_since.isoformat(),
        row.working_days_overdue,
    )


def feedback_periods(period: Period, as_of: date) -> list[Period]:
    """The months, quarters, halves and the year inside ``period`` that ended before ``as_of``:
    the feedback periods whose gaps the bulletin lists."""
    year = period.starts_on.year
    names = [f"{year}-{m:02d}" for m in range(1, 13)]
    names += [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-H1", f"{year}-H2", str(year)]
    found = [parse_period(name) for name in names]
    return [
        p
        for p in found
        if period.starts_on <= p.starts_on and p.ends_on <= period.ends_on and p.ends_on < as_of
    ]


async def unreported_rows(
    scopes: RowScopes, period: Period, as_of: date
) -> list[tuple[object, ...]]:
    """未报送清单 of every feedback period inside the bulletin's (as ``unreportedFeedback``)."""
    rows: list[tuple[object, ...]] = []
    for each in feedback_periods(period, as_of):
        links = await SupervisionItemUnit.filter(
            await scopes.of(SupervisionItemUnit), unreported(each)
        ).order_by("id")
        if not links:
            continue
        items = {i.pk: i for i in await SupervisionItem.filter(pk__in={x.item_id for x in links})}
        units = {u.pk: u.name for u in await Unit.filter(pk__in={x.unit_id for x in links})}
        rows += [
            (each.name, units[x.unit_id], ROLE.get(x.role, x.role), items[x.item_id].title)
            for x in links
        ]
    return rows


async def bulletin(scopes: RowScopes, period_text: str, as_of: date) -> Bulletin:
    period = parse_period(period_text)
    stats = (await ranking.ranked_units(scopes, period, as_of=as_of)).units
    cards = [w for w in await warnings_on(scopes, as_of, YELLOW_WITHIN) if w.level != Level.GREEN]
    wanted = {s.unit_pk for s in stats} | {w.commitment.unit_id for w in cards}
    units = {u.pk: u.name for u in await Unit.filter(pk__in=wanted)}
    late = await overdue_rows(as_of, None, await scopes.of(Commitment))
    return Bulletin(
        period=period.name,
        as_of=as_of,
        ranking=[
            (
                s.rank,
                units[s.unit_pk],
                s.total,
                s.on_time,
                s.late,
                s.overdue,
                s.extended,
                s.urged,
                rate_text(s.on_time_rate),
            )
            for s in stats
        ],
        warnings=[
            (
                CARD[w.level],
                units[w.commitment.unit_id],
                w.commitment.content,
                w.falls_due_on.isoformat(),
                "；".join(w.reasons),
            )
            for w in cards
        ],
        unreported=await unreported_rows(scopes, period, as_of),
        overdue=[_overdue(row) for row in late],
    )


SECTIONS = (
    ("一、单位践诺排名", RANKING_HEADER, "ranking"),
    ("二、红黄牌预警", WARNING_HEADER, "warnings"),
    ("三、未报送单位", UNREPORTED_HEADER, "unreported"),
    ("四、逾期未践诺承诺", OVERDUE_HEADER, "overdue"),
)


def docx_bytes(content: Bulletin) -> bytes:
    document = Document()
    document.add_heading(TITLE, level=0)
    document.add_paragraph(DOC_NUMBER.format(year=content.as_of.year))
    document.add_paragraph(
        f"考核期 {content.period}，截至 {content.as_of.isoformat()}。现将各单位承诺践诺、"
        "预警、进展报送情况通报如下。"
    )
    for heading, header, name in SECTIONS:
        document.add_heading(heading, level=1)
        rows: list[tuple[object, ...]] = getattr(content, name)
        if not rows:
            document.add_paragraph("无。")
            continue
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(content: Bulletin) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for heading, header, name in SECTIONS:
        sheet = book.create_sheet(heading.split("、", 1)[1][:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in getattr(content, name):
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
