"""The two stage vocabularies and how they map: the plan's stages and the MoF lifecycle."""

from __future__ import annotations

from models import PppLifecycleStage as Lifecycle
from models import PppPlanStage as PlanStage
from resolvers.errors import bad_input

#: Pairs that may name the same stage (项目筹备 covers 识别 and 准备, 执行 covers 融资 and 实施).
STAGE_PAIRS: tuple[tuple[PlanStage, Lifecycle], ...] = (
    (PlanStage.PROJECT_PREPARATION, Lifecycle.IDENTIFICATION),
    (PlanStage.PROJECT_PREPARATION, Lifecycle.PREPARATION),
    (PlanStage.BIDDING, Lifecycle.PROCUREMENT),
    (PlanStage.GOVERNMENT_PROCUREMENT, Lifecycle.PROCUREMENT),
    (PlanStage.FINANCING, Lifecycle.EXECUTION),
    (PlanStage.IMPLEMENTATION, Lifecycle.EXECUTION),
    (PlanStage.IMPLEMENTATION, Lifecycle.HANDOVER),
)

#: The usual counterpart when a stage is named in one vocabulary only.
DEFAULT_LIFECYCLE = {
    PlanStage.PROJECT_PREPARATION: Lifecycle.PREPARATION,
    PlanStage.BIDDING: Lifecycle.PROCUREMENT,
    PlanStage.GOVERNMENT_PROCUREMENT: Lifecycle.PROCUREMENT,
    PlanStage.FINANCING: Lifecycle.EXECUTION,
    PlanStage.IMPLEMENTATION: Lifecycle.EXECUTION,
}
DEFAULT_PLAN_STAGE = {
    Lifecycle.IDENTIFICATION: PlanStage.PROJECT_PREPARATION,
    Lifecycle.PREPARATION: PlanStage.PROJECT_PREPARATION,
    Lifecycle.PROCUREMENT: PlanStage.GOVERNMENT_PROCUREMENT,
    Lifecycle.EXECUTION: PlanStage.IMPLEMENTATION,
    Lifecycle.HANDOVER: PlanStage.IMPLEMENTATION,
}


#: Plan stages that name one and the same stage: 招标投标 is how 政府采购 is done (both 采购).
PLAN_SYNONYMS: tuple[frozenset[PlanStage], ...] = (
    frozenset({PlanStage.BIDDING, PlanStage.GOVERNMENT_PROCUREMENT}),
)


def same_plan_stage(plan_stage: PlanStage) -> frozenset[PlanStage]:
    """The plan stages that name the same stage as ``plan_stage`` (itself included)."""
    return next((group for group in PLAN_SYNONYMS if plan_stage in group), frozenset({plan_stage}))


def stage_names(
    plan_stage: PlanStage | None, lifecycle: Lifecycle | None
) -> tuple[PlanStage, Lifecycle]:
    """Both names of a stage given at least one; a pair that cannot match is BAD_USER_INPUT."""
    if plan_stage is None and lifecycle is None:
        raise bad_input("Name the stage: give `planStage`, `lifecycleStage` or both.", "planStage")
    plan_stage = plan_stage or DEFAULT_PLAN_STAGE[lifecycle]  # type: ignore[index]
    lifecycle = lifecycle or DEFAULT_LIFECYCLE[plan_stage]
    if (plan_stage, lifecycle) not in STAGE_PAIRS:
        raise bad_input(
            f"The plan stage {plan_stage.value} does not correspond to the lifecycle stage "
            f"{lifecycle.value}.",
            "lifecycleStage",
        )
    return plan_stage, lifecycle
