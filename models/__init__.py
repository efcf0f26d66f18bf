"""Tortoise models of the accountability graph (one module per domain concept)."""

from models.account import Account, ApiToken
from models.calendar import HolidaySchedule
from models.commitment import Commitment, CommitmentStatus, ProgressReport
from models.credit import (
    CreditRepair,
    DishonestyCategory,
    DishonestyObjection,
    DishonestyPublication,
    DishonestyPublicationChannel,
    DishonestyRecord,
    DishonestySanction,
    ObjectionDecision,
    ObjectionStatus,
    RecordStatus,
    RepairDecision,
    SanctionKind,
    SanctionStatus,
    Severity,
)
from models.evaluation import Evaluation, EvaluatorKind, Grade
from models.evidence import Evidence, EvidenceKind, EvidenceStatus
from models.idempotency import IdempotencyKey
from models.journal import JournalEntry
from models.person import Person, Position, PositionRole
from models.plan import Plan, Section
from models.ppp import (
    PppBreach,
    PppCommitment,
    PppCommitmentKind,
    PppCommitmentStatus,
    PppContract,
    PppHandOverReason,
    PppLifecycleStage,
    PppPartner,
    PppPlanStage,
    PppProject,
    PppProjectRegime,
    PppRegime,
    PppStage,
    PppStageResponsibility,
    PppStageStatus,
)
from models.public import (
    PublicRateBucket,
    PublicSubmission,
    PublicSubmissionKind,
    PublicSubmissionStatus,
)
from models.rows import fast_rows
from models.supervision import (
    ApplicationKind,
    ApplicationStatus,
    CommitmentApplication,
    Correction,
    FeedbackRhythm,
    ItemSource,
    ItemStatus,
    SupervisionFeedback,
    SupervisionItem,
    SupervisionItemApplication,
    SupervisionItemCorrection,
    SupervisionItemUnit,
    Urging,
    UrgingChannel,
    UrgingTrigger,
)
from models.task import Assignment, AssignmentRole, DeadlineKind, Task, TaskStatus
from models.unit import Unit, UnitKind, UnitMembership

__all__ = [
    "Account",
    "ApiToken",
    "ApplicationKind",
    "ApplicationStatus",
    "Assignment",
    "AssignmentRole",
    "Commitment",
    "CommitmentApplication",
    "CommitmentStatus",
    "Correction",
    "CreditRepair",
    "DeadlineKind",
    "DishonestyCategory",
    "DishonestyObjection",
    "DishonestyPublication",
    "DishonestyPublicationChannel",
    "DishonestyRecord",
    "DishonestySanction",
    "Evaluation",
    "EvaluatorKind",
    "Evidence",
    "EvidenceKind",
    "EvidenceStatus",
    "FeedbackRhythm",
    "Grade",
    "HolidaySchedule",
    "IdempotencyKey",
    "ItemSource",
    "ItemStatus",
    "JournalEntry",
    "ObjectionDecision",
    "ObjectionStatus",
    "Person",
    "Plan",
    "Position",
    "PositionRole",
    "PppBreach",
    "PppCommitment",
    "PppCommitmentKind",
    "PppCommitmentStatus",
    "PppContract",
    "PppHandOverReason",
    "PppLifecycleStage",
    "PppPartner",
    "PppPlanStage",
    "PppProject",
    "PppProjectRegime",
    "PppRegime",
    "PppStage",
    "PppStageResponsibility",
    "PppStageStatus",
    "ProgressReport",
    "PublicRateBucket",
    "PublicSubmission",
    "PublicSubmissionKind",
    "PublicSubmissionStatus",
    "RecordStatus",
    "RepairDecision",
    "SanctionKind",
    "SanctionStatus",
    "Section",
    "Severity",
    "SupervisionFeedback",
    "SupervisionItem",
    "SupervisionItemApplication",
    "SupervisionItemCorrection",
    "SupervisionItemUnit",
    "Task",
    "TaskStatus",
    "Unit",
    "UnitKind",
    "UnitMembership",
    "Urging",
    "UrgingChannel",
    "UrgingTrigger",
]


def install_row_builder() -> None:
    """Give every model the faster row builder of ``models/rows.py`` (idempotent).

    Called where Tortoise starts (``server/app.py``, ``server/database.py``), not on import: a
    process that only imports the models keeps Tortoise's own ``_init_from_db``.
    """
    fast_rows(
        model
        for model in (globals()[name] for name in __all__)
        if isinstance(model, type) and hasattr(model, "_meta")
    )
