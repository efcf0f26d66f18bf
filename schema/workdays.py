"""GraphQL type describing how the working days of a year are known (holiday data or fallback)."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(
    description="工作日历 — how one year's working days are counted: from published holiday "
    "data (法定节假日 and 调休 make-up days) or, for a year without data, weekends only."
)
class WorkingCalendarYear:
    year: int = strawberry.field(description="年份 — the year.")
    covered: bool = strawberry.field(
        description="有节假日数据 — false: holidays and make-up days are unknown, weekends only."
    )
    basis: str = strawberry.field(description="依据 — the data source, or the fallback used.")
    warning: str | None = strawberry.field(
        description="警告 — set when deadlines in this year may be off by holidays."
    )
    make_up_working_days: list[date] = strawberry.field(
        description="调休上班日 — weekend days that are working days."
    )
    holidays: list[date] = strawberry.field(
        description="法定节假日 — holidays (including the weekend days they absorb)."
    )
