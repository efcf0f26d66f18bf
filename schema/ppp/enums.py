"""GraphQL enums of PPP projects: regimes, the two stage vocabularies, statuses, reasons."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="项目运作模式 — the regime a project runs under.")
class PppRegime(Enum):
    PPP = strawberry.enum_value(
        "PPP", description="政府和社会资本合作 — public-private partnership."
    )
    CONCESSION = strawberry.enum_value("CONCESSION", description="特许经营 — concession.")
    GOVERNMENT_INVESTMENT = strawberry.enum_value(
        "GOVERNMENT_INVESTMENT", description="政府投资 — taken back into government investment."
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 — any other regime.")


@strawberry.enum(
    description="方案阶段 — stage in the plan's words "
    "(一(三)2: 项目筹备、招标投标、政府采购、融资、实施)."
)
class PppPlanStage(Enum):
    PROJECT_PREPARATION = strawberry.enum_value(
        "PROJECT_PREPARATION", description="项目筹备 — project preparation."
    )
    BIDDING = strawberry.enum_value("BIDDING", description="招标投标 — tendering and bidding.")
    GOVERNMENT_PROCUREMENT = strawberry.enum_value(
        "GOVERNMENT_PROCUREMENT", description="政府采购 — government procurement."
    )
    FINANCING = strawberry.enum_value("FINANCING", description="融资 — financing.")
    IMPLEMENTATION = strawberry.enum_value("IMPLEMENTATION", description="实施 — implementation.")


@strawberry.enum(
    description="生命周期阶段 — stage in the Ministry of Finance lifecycle "
    "(识别、准备、采购、执行、移交)."
)
class PppLifecycleStage(Enum):
    IDENTIFICATION = strawberry.enum_value(
        "IDENTIFICATION", description="项目识别 — identification."
    )
    PREPARATION = strawberry.enum_value("PREPARATION", description="项目准备 — preparation.")
    PROCUREMENT = strawberry.enum_value("PROCUREMENT", description="项目采购 — procurement.")
    EXECUTION = strawberry.enum_value("EXECUTION", description="项目执行 — execution.")
    HANDOVER = strawberry.enum_value("HANDOVER", description="项目移交 — hand-back to government.")


@strawberry.enum(description="阶段状态 — status of a stage.")
class PppStageStatus(Enum):
    PLANNED = strawberry.enum_value("PLANNED", description="未开始 — planned.")
    IN_PROGRESS = strawberry.enum_value("IN_PROGRESS", description="进行中 — in progress.")
    COMPLETED = strawberry.enum_value("COMPLETED", description="已完成 — completed.")
    SUSPENDED = strawberry.enum_value("SUSPENDED", description="暂停 — suspended.")
    TERMINATED = strawberry.enum_value("TERMINATED", description="终止 — terminated early.")


@strawberry.enum(description="交接原因 — why a responsibility passed to someone else.")
class PppHandOverReason(Enum):
    TERM_CHANGE = strawberry.enum_value("TERM_CHANGE", description="换届 — change of government.")
    TRANSFER = strawberry.enum_value(
        "TRANSFER", description="调动 — the holder moved to another post or unit."
    )
    REASSIGNMENT = strawberry.enum_value(
        "REASSIGNMENT", description="重新分工 — duties redistributed (责任人更替)."
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 — another reason, see the note.")


@strawberry.enum(description="政府承诺类别 — kind of government contractual commitment.")
class PppCommitmentKind(Enum):
    PAYMENT = strawberry.enum_value(
        "PAYMENT", description="政府付费 — availability or usage payment."
    )
    SUBSIDY = strawberry.enum_value(
        "SUBSIDY", description="可行性缺口补助 — viability gap subsidy."
    )
    APPROVAL = strawberry.enum_value(
        "APPROVAL", description="审批 — an approval due by a deadline."
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 — any other commitment.")


@strawberry.enum(description="承诺状态 — whether a government commitment was kept.")
class PppCommitmentStatus(Enum):
    OPEN = strawberry.enum_value("OPEN", description="待履行 — not yet due or not yet performed.")
    FULFILLED = strawberry.enum_value("FULFILLED", description="已履行 — performed.")
    BREACHED = strawberry.enum_value("BREACHED", description="违约 — broken (see its breaches).")
