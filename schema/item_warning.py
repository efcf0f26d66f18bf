"""GraphQL type of a supervision item's warning card (红黄牌预警) on a day."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.relay import Connection
from schema.supervision_item import SupervisionItem
from schema.warning import WarningLevel


@strawberry.type(description="督办事项预警 — an open supervision item's warning card on a day.")
class SupervisionItemWarning:
    item: SupervisionItem = strawberry.field(description="督办事项 — the open item.")
    level: WarningLevel = strawberry.field(
        description="预警等级 — red (overdue), yellow (due soon, no feedback this period), green."
    )
    reasons: list[str] = strawberry.field(description="预警原因 — why (empty when green).")
    falls_due_on: date = strawberry.field(
        description="到期工作日 — the working day it falls due (after a rest-day due date)."
    )


SupervisionItemWarningConnection = Connection[SupervisionItemWarning]
