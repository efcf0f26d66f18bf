"""GraphQL types of PPP projects (政府和社会资本合作): projects, stages, responsibility history,
government commitments, the project timeline and a person's responsibilities for auditors."""

from schema.ppp.auditor import PersonResponsibility, ResponsibilityKind, person_responsibilities
from schema.ppp.commitment import PppBreach, PppCommitment
from schema.ppp.enums import (
    PppCommitmentKind,
    PppCommitmentStatus,
    PppHandOverReason,
    PppLifecycleStage,
    PppPlanStage,
    PppRegime,
    PppStageStatus,
)
from schema.ppp.project import (
    PppContract,
    PppPartner,
    PppProject,
    PppProjectConnection,
    PppProjectRegime,
)
from schema.ppp.stage import PppCoverageIssue, PppStage, PppStageResponsibility
from schema.ppp.timeline import PppTimelineEvent

#: Node types of this domain, for the schema's type list.
PPP_NODE_TYPES = [
    PppProject,
    PppProjectRegime,
    PppPartner,
    PppContract,
    PppStage,
    PppStageResponsibility,
    PppCommitment,
    PppBreach,
]

__all__ = [
    "PPP_NODE_TYPES",
    "PersonResponsibility",
    "PppBreach",
    "PppCommitment",
    "PppCommitmentKind",
    "PppCommitmentStatus",
    "PppContract",
    "PppCoverageIssue",
    "PppHandOverReason",
    "PppLifecycleStage",
    "PppPartner",
    "PppPlanStage",
    "PppProject",
    "PppProjectConnection",
    "PppProjectRegime",
    "PppRegime",
    "PppStage",
    "PppStageResponsibility",
    "PppStageStatus",
    "PppTimelineEvent",
    "ResponsibilityKind",
    "person_responsibilities",
]
