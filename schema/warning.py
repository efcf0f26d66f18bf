"""GraphQL types of warning levels (红黄牌预警) of open commitments."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from schema.commitment import Commitment
from schema.relay import Connection


@strawberry.enum(description="预警等级 — the warning card of an open commitment.")
class WarningLevel(Enum):
    RED = strawberry.enum_value(
        "RED", description="红牌 — overdue, or urged twice or more without feedback."
    )
    YELLOW = strawberry.enum_value(
        "YELLOW", description="黄牌 — due within N working days with no progress this period."
    )
    GREEN = strawberry.enum_value("GREEN", description="绿牌 — on track.")


@strawberry.type(description="承诺预警 — an open commitment's warning level on a day.")
class CommitmentWarning:
    commitment: Commitment = strawberry.field(description="承诺 — the open commitment.")
    level: WarningLevel = strawberry.field(description="预警等级 — red, yellow or green.")
    reasons: list[str] = strawberry.field(description="预警原因 — why (empty when green).")
    falls_due_on: date = strawberry.field(
        description="到期工作日 — the working day it falls due (after a rest-day due date)."
    )
    working_days_left: int = strawberry.field(
        description="剩余工作日 — working days until it falls due (0 when due or overdue)."
    )


CommitmentWarningConnection = Connection[CommitmentWarning]
