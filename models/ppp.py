"""PPP projects (政府和社会资本合作): regimes, partners, contracts, stages, stage responsibility
history, government commitments and their breaches."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class PppRegime(StrEnum):
    PPP = "PPP"
    CONCESSION = "CONCESSION"
    GOVERNMENT_INVESTMENT = "GOVERNMENT_INVESTMENT"
    OTHER = "OTHER"


class PppPlanStage(StrEnum):
    """The Wuwei plan vocabulary (项目筹备、招标投标、政府采购、融资、实施)."""

    PROJECT_PREPARATION = "PROJECT_PREPARATION"
    BIDDING = "BIDDING"
    GOVERNMENT_PROCUREMENT = "GOVERNMENT_PROCUREMENT"
    FINANCING = "FINANCING"
    IMPLEMENTATION = "IMPLEMENTATION"


class PppLifecycleStage(StrEnum):
    """The Ministry of Finance lifecycle (识别、准备、采购、执行、移交)."""

    IDENTIFICATION = "IDENTIFICATION"
    PREPARATION = "PREPARATION"
    PROCUREMENT = "PROCUREMENT"
    EXECUTION = "EXECUTION"
    HANDOVER = "HANDOVER"


class PppStageStatus(StrEnum):
    PLANNED = "PLANNED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"


class PppHandOverReason(StrEnum):
    TERM_CHANGE = "TERM_CHANGE"
    TRANSFER = "TRANSFER"
    REASSIGNMENT = "REASSIGNMENT"
    OTHER = "OTHER"


class PppCommitmentKind(StrEnum):
    PAYMENT = "PAYMENT"
    SUBSIDY = "SUBSIDY"
    APPROVAL = "APPROVAL"
    OTHER = "OTHER"


class PppCommitmentStatus(StrEnum):
    OPEN = "OPEN"
    FULFILLED = "FULFILLED"
    BREACHED = "BREACHED"


class PppProject(Record):
    """A PPP project with its implementing agency (实施机构) and the plan task it falls under."""

    name = fields.CharField(max_length=300, db_index=True)
    code = fields.CharField(max_length=100, unique=True)
    sector = fields.CharField(max_length=100, default="")
    #: Total investment in units of ten thousand yuan (万元).
    total_investment = fields.DecimalField(max_digits=16, decimal_places=2, null=True)
    implementing_agency: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="ppp_projects", db_index=True, on_delete=fields.RESTRICT
    )
    task: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Task",
        null=True,
        related_name="ppp_projects",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    is_example = fields.BooleanField(default=False, db_index=True)
    note = fields.TextField(default="")

    implementing_agency_id: int
    task_id: int | None

    class Meta:
        table = "ppp_project"
        ordering = ["id"]


class PppProjectRegime(Record):
    """The regime a project runs under for a period (PPP, then perhaps 特许经营), never deleted."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject", related_name="regimes", db_index=True, on_delete=fields.RESTRICT
    )
    regime = fields.CharEnumField(PppRegime, max_length=32)
    valid_from = fields.DateField()
    valid_to = fields.DateField(null=True)
    reason = fields.TextField(default="")

    project_id: int

    class Meta:
        table = "ppp_project_regime"
        ordering = ["project_id", "valid_from", "id"]


class PppPartner(Record):
    """A social capital partner (社会资本方) or project company of a project, for a period."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject", related_name="partners", db_index=True, on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=300)
    role = fields.CharField(max_length=100, default="")
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)

    project_id: int

    class Meta:
        table = "ppp_partner"
        ordering = ["project_id", "id"]


class PppContract(Record):
    """A contract of a project (PPP项目合同, 特许经营协议), with its partner and term."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject", related_name="contracts", db_index=True, on_delete=fields.RESTRICT
    )
    partner: fields.ForeignKeyNullableRelation[PppPartner] = fields.ForeignKeyField(
        "models.PppPartner",
        null=True,
        related_name="contracts",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    title = fields.CharField(max_length=300)
    number = fields.CharField(max_length=100, default="")
    signed_on = fields.DateField(null=True)
    valid_from = fields.DateField(null=True)
    valid_to = fields.DateField(null=True)

    project_id: int
    partner_id: int | None

    class Meta:
        table = "ppp_contract"
        ordering = ["project_id", "id"]


class PppStage(Record):
    """A stage of a project, named in both vocabularies (plan and Ministry of Finance)."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject", related_name="stages", db_index=True, on_delete=fields.RESTRICT
    )
    lifecycle_stage = fields.CharEnumField(PppLifecycleStage, max_length=32, db_index=True)
    plan_stage = fields.CharEnumField(PppPlanStage, max_length=32, db_index=True)
    status = fields.CharEnumField(PppStageStatus, max_length=16, default=PppStageStatus.PLANNED)
    started_on = fields.DateField(null=True)
    ended_on = fields.DateField(null=True)
    note = fields.TextField(default="")

    project_id: int

    class Meta:
        table = "ppp_stage"
        ordering = ["project_id", "started_on", "id"]


class PppStageResponsibility(Record):
    """The government-side person and unit answering for a stage from valid_from to valid_to.

    A hand-over ends one row and starts the next, linked by predecessor, never overwriting.
    """

    stage: fields.ForeignKeyRelation[PppStage] = fields.ForeignKeyField(
        "models.PppStage",
        related_name="responsibilities",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    person: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Person",
        related_name="ppp_responsibilities",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit",
        related_name="ppp_responsibilities",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    duties = fields.TextField(default="")
    valid_from = fields.DateField()
    valid_to = fields.DateField(null=True)
    predecessor: fields.ForeignKeyNullableRelation["PppStageResponsibility"] = (
        fields.ForeignKeyField(
            "models.PppStageResponsibility",
            null=True,
            related_name="successors",
            db_index=True,
            on_delete=fields.RESTRICT,
        )
    )
    start_reason = fields.CharEnumField(PppHandOverReason, max_length=16, null=True)
    end_reason = fields.CharEnumField(PppHandOverReason, max_length=16, null=True)
    end_note = fields.TextField(default="")

    stage_id: int
    person_id: int
    unit_id: int
    predecessor_id: int | None

    class Meta:
        table = "ppp_stage_responsibility"
        ordering = ["stage_id", "valid_from", "id"]


class PppCommitment(Record):
    """A contractual commitment of the government side (付费, 补贴, 审批) with a deadline."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject",
        related_name="commitments",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    contract: fields.ForeignKeyNullableRelation[PppContract] = fields.ForeignKeyField(
        "models.PppContract",
        null=True,
        related_name="commitments",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    task: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Task",
        null=True,
        related_name="ppp_commitments",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    unit: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "models.Unit", related_name="ppp_commitments", db_index=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(PppCommitmentKind, max_length=16)
    description = fields.TextField()
    #: Amount in units of ten thousand yuan (万元), when the commitment is a sum of money.
    amount = fields.DecimalField(max_digits=16, decimal_places=2, null=True)
    due_on = fields.DateField(db_index=True)
    status = fields.CharEnumField(
        PppCommitmentStatus, max_length=16, default=PppCommitmentStatus.OPEN, db_index=True
    )
    fulfilled_on = fields.DateField(null=True)

    project_id: int
    contract_id: int | None
    task_id: int | None
    unit_id: int

    class Meta:
        table = "ppp_commitment"
        ordering = ["project_id", "due_on", "id"]


class PppBreach(Record):
    """A breach of a government commitment (失信违约), with whoever answered for it."""

    project: fields.ForeignKeyRelation[PppProject] = fields.ForeignKeyField(
        "models.PppProject", related_name="breaches", db_index=True, on_delete=fields.RESTRICT
    )
    commitment: fields.ForeignKeyRelation[PppCommitment] = fields.ForeignKeyField(
        "models.PppCommitment",
        related_name="breaches",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    person: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Person",
        null=True,
        related_name="ppp_breaches",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    unit: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Unit",
        null=True,
        related_name="ppp_breaches",
        db_index=True,
        on_delete=fields.RESTRICT,
    )
    occurred_on = fields.DateField()
    description = fields.TextField()
    #: The reason the government side gave, kept even when it is no excuse (换届).
    cited_reason = fields.TextField(default="")

    project_id: int
    commitment_id: int
    person_id: int | None
    unit_id: int | None

    class Meta:
        table = "ppp_breach"
        ordering = ["project_id", "occurred_on", "id"]
