"""A world for the authorization tests: two county governments (A 凉州区人民政府, B 古浪县人民政府)
with their own commitment, progress, evidence, evaluation, dishonesty record (published, with a
sanction, an objection and a repair) and PPP project, and one client per role.

Unit roles act for A. ``Maker`` builds fresh rows of either unit for writes that use them up.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from resolvers.actor import Role
from resolvers.root import graphql_schema
from resolvers.workdays import today
from tests.conftest import GraphQLClient

#: Unit A (the unit roles' own unit) and unit B (another unit), as the seed names them.
UNIT_A = "凉州区人民政府"
UNIT_B = "古浪县人民政府"

MUTATION_FIELDS = graphql_schema._schema.type_map["Mutation"].fields  # type: ignore[attr-defined]
NUMBERS = itertools.count(1)

SETUP = """
query {
  tasks(filter: {search: "建立专项督导机制"}, first: 1) {
    nodes { id assignments { id unit { kind } } }
  }
  a: unitByName(name: "凉州区人民政府") { id }
  b: unitByName(name: "古浪县人民政府") { id }
}
"""


def number() -> int:
    return next(NUMBERS)


def month(n: int) -> str:
    """One of 216 months of 2000–2017, all ended before the fixtures' evaluation day."""
    return f"{2000 + n // 12 % 18}-{n % 12 + 1:02d}"


def document(name: str, variables: dict[str, Any], select: str = "__typename") -> str:
    """A mutation document calling ``name`` with exactly the given variables."""
    args = MUTATION_FIELDS[name].args
    params = ", ".join(f"${key}: {args[key].type}" for key in variables)
    call = ", ".join(f"{key}: ${key}" for key in variables)
    return f"mutation Cell({params}) {{ {name}({call}) {{ {select} }} }}"


async def call(
    client: GraphQLClient, name: str, variables: dict[str, Any], select: str = "__typename"
) -> dict[str, Any]:
    """The response body of one mutation (any HTTP status is returned, not asserted)."""
    response = await client.post(document(name, variables, select), variables)
    body: dict[str, Any] = response.json()
    return body


async def make(client: GraphQLClient, name: str, variables: dict[str, Any], thing: str) -> str:
    """Call a mutation that must succeed and return the ID of ``thing`` in its payload."""
    body = await call(client, name, variables, f"{thing} {{ id }}")
    assert "errors" not in body, (name, body.get("errors"))
    return str(body["data"][name][thing]["id"])


def inputs(**values: Any) -> dict[str, Any]:
    return {"input": values}


@dataclass
class UnitWork:
    """One unit's rows: a unit role of A may touch A's and must never touch B's."""

    unit: str
    leader: GraphQLClient
    staff: GraphQLClient
    person: str = ""
    commitment: str = ""
    progress: str = ""
    evidence: str = ""
    rejected_evidence: str = ""
    evaluation: str = ""
    record: str = ""
    #: A record decided lately, public today (windows count from the decision).
    published_record: str = ""
    publication: str = ""
    sanction: str = ""
    objection: str = ""
    repair: str = ""
    project: str = ""
    stage: str = ""
    responsibility: str = ""
    ppp_commitment: str = ""
    assignment: str = ""
    account: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    office: GraphQLClient
    roles: dict[Role, GraphQLClient]
    counties: str
    plan: str
    section: str
    task: str
    a: UnitWork
    b: UnitWork
    collective: str = ""
    membership: str = ""
    spare_unit: str = ""
    position: str = ""

    def of(self, own: bool) -> UnitWork:
        return self.a if own else self.b


class Maker:
    """Fresh rows of a unit, made by the roles allowed to make them."""

    def __init__(self, world: World) -> None:
        self.w = world

    async def commitment(self, u: UnitWork, due_on: str = "2018-12-31") -> str:
        return await make(
            u.leader,
            "commitmentPledge",
            inputs(
                assignmentId=self.w.counties,
                unitId=u.unit,
                content=f"承诺{number()}",
                target="按期完成",
                pledgedOn="2018-01-05",
                dueOn=due_on,
            ),
            "commitment",
        )

    async def progress(self, u: UnitWork, commitment: str) -> str:
        return await make(
            u.staff,
            "progressReportSubmit",
            inputs(
                commitmentId=commitment,
                period="2018-Q1",
                text="已部署",
                percentComplete=10,
                reportedOn="2018-03-01",
            ),
            "progressReport",
        )

    async def evidence(self, u: UnitWork, commitment: str | None = None) -> str:
        return await make(
            u.staff,
            "evidenceSubmit",
            inputs(
                commitmentId=commitment or u.commitment,
                title=f"台账{number()}",
                kind="WEB_PAGE",
                url="https://www.gswuwei.gov.cn/notice.html",
                submittedOn="2018-03-01",
            ),
            "evidence",
        )

    async def close_application(self, u: UnitWork, fresh: bool = True) -> str:
        """A pending application to close a commitment of ``u`` (made once unless ``fresh``)."""
        if not fresh and "application" in u.extra:
            return u.extra["application"]
        commitment = await self.commitment(u)
        await self.evidence(u, commitment)
        application = await make(
            u.leader,
            "commitmentCloseApply",
            inputs(id=commitment, fulfilledOn="2018-06-01", appliedOn="2018-06-02", note="已完成"),
            "application",
        )
        u.extra["application"] = application
        return application

    async def closed_commitment(self, u: UnitWork, fresh: bool = True) -> str:
        """A commitment of ``u`` the office closed as fulfilled (made once unless ``fresh``)."""
        if not fresh and "closed" in u.extra:
            return u.extra["closed"]
        application = await self.close_application(u)
        closed = await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "commitmentApplicationDecide",
            inputs(id=application, decision="ACCEPTED", decidedOn="2018-06-05"),
            "commitment",
        )
        u.extra["closed"] = closed
        return closed

    async def urging(self, u: UnitWork, fresh: bool = True) -> str:
        """The office's urging notice to ``u`` (made once unless ``fresh``)."""
        if not fresh and "urging" in u.extra:
            return u.extra["urging"]
        urging = await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "urgingRecord",
            inputs(commitmentId=u.commitment, urgedOn="2018-06-01", channel="PHONE", text="请办理"),
            "urging",
        )
        u.extra["urging"] = urging
        return urging

    async def item(self, u: UnitWork, fresh: bool = True) -> str:
        """An instruction handed off to ``u`` alone, monthly (made once unless ``fresh``)."""
        if not fresh and "item" in u.extra:
            return u.extra["item"]
        item = await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "supervisionItemOpen",
            inputs(
                title=f"批示{number()}",
                instructionSource="市长批示",
                instructionOn="2018-01-03",
                openedOn="2018-01-05",
                dueOn="2018-06-29",
                rhythm="MONTHLY",
                feedbackDay=25,
                units=[{"unitId": u.unit, "role": "LEAD"}],
            ),
            "item",
        )
        u.extra["item"] = item
        return item

    async def item_application(self, u: UnitWork, fresh: bool = True) -> str:
        """A pending application to close an item ``u`` leads (made once unless ``fresh``)."""
        if not fresh and "item_application" in u.extra:
            return u.extra["item_application"]
        application = await make(
            u.leader,
            "supervisionItemCloseApply",
            inputs(
                id=await self.item(u),
                completedOn="2018-06-01",
                appliedOn="2018-06-02",
                summary="已办结",
            ),
            "application",
        )
        u.extra["item_application"] = application
        return application

    async def closed_item(self, u: UnitWork, fresh: bool = True) -> str:
        """An item of ``u`` the office closed (made once unless ``fresh``)."""
        if not fresh and "closed_item" in u.extra:
            return u.extra["closed_item"]
        closed = await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "supervisionItemApplicationDecide",
            inputs(id=await self.item_application(u), decision="ACCEPTED", decidedOn="2018-06-05"),
            "item",
        )
        u.extra["closed_item"] = closed
        return closed

    async def rejected_evidence(self, u: UnitWork) -> str:
        item = await self.evidence(u)
        await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "evidenceReview",
            inputs(id=item, decision="REJECTED", reviewedOn="2018-03-05", reason="缺少盖章"),
            "evidence",
        )
        return item

    async def evaluation(self, u: UnitWork, period: str = "2018") -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "evaluationCreate",
            inputs(
                unitId=u.unit,
                period=period,
                evaluatorKind="SUPERVISION_OFFICE",
                score=85,
                evaluatedOn="2019-01-10",
            ),
            "evaluation",
        )

    async def person(self, u: UnitWork) -> str:
        office = self.w.roles[Role.SUPERVISION_OFFICE]
        person = await make(office, "personCreate", inputs(name=f"王{number()}"), "person")
        await make(
            office,
            "positionCreate",
            inputs(personId=person, unitId=u.unit, title="科员", validFrom="2017-01-01"),
            "position",
        )
        return person

    async def record(
        self, u: UnitWork, person: str | None = None, days_ago: int | None = None
    ) -> str:
        """A record decided on 2018-09-25, or ``days_ago`` (to be public today: windows count
        from the decision)."""
        occurred, reported = "2018-09-25", "2018-10-09"
        if days_ago is not None:
            occurred = (today() - timedelta(days=days_ago)).isoformat()
            reported = (today() - timedelta(days=days_ago - 5)).isoformat()
        values = {
            "unitId": u.unit,
            "category": "ADMINISTRATIVE_PENALTY",
            "severity": "MINOR",
            "facts": "拖欠工程款被处罚",
            "occurredOn": occurred,
            "reportedOn": reported,
        }
        if person:
            values["personId"] = person
        return await make(
            self.w.roles[Role.CREDIT_ADMIN], "dishonestyRecordReport", {"input": values}, "record"
        )

    async def publication(self, record: str, days_ago: int = 10) -> str:
        published_on = (today() - timedelta(days=days_ago)).isoformat()
        return await make(
            self.w.roles[Role.CREDIT_ADMIN],
            "dishonestyRecordPublish",
            inputs(recordId=record, publishedOn=published_on, channel="信用武威"),
            "publication",
        )

    async def sanction(self, record: str) -> str:
        return await make(
            self.w.roles[Role.CREDIT_ADMIN],
            "dishonestySanctionImpose",
            inputs(
                recordId=record,
                kind="WRITTEN_EXPLANATION",
                imposedOn="2018-11-01",
                dueOn="2018-12-31",
            ),
            "sanction",
        )

    async def objection(self, record: str) -> str:
        return await make(
            self.w.roles[Role.CREDIT_ADMIN],
            "dishonestyObjectionFile",
            inputs(recordId=record, filedBy="当事单位", filedOn="2018-10-20", grounds="事实有误"),
            "objection",
        )

    async def marked_objection(self, record: str) -> str:
        objection = await self.objection(record)
        await make(
            self.w.roles[Role.CREDIT_ADMIN],
            "dishonestyObjectionMark",
            inputs(id=objection, markedOn="2018-10-22"),
            "objection",
        )
        return objection

    async def repair(self, record: str) -> str:
        return await make(
            self.w.roles[Role.CREDIT_ADMIN],
            "creditRepairApply",
            inputs(recordId=record, applicant="当事单位", appliedOn="2018-11-01"),
            "repair",
        )

    async def project(self, u: UnitWork) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "pppProjectCreate",
            inputs(
                name=f"测试项目{number()}",
                code=f"AUTHZ-{number()}",
                regimeFrom="2019-01-01",
                implementingAgencyId=u.unit,
            ),
            "project",
        )

    async def stage(self, project: str) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "pppStageCreate",
            inputs(projectId=project, planStage="IMPLEMENTATION", startedOn="2019-01-01"),
            "stage",
        )

    async def responsibility(self, u: UnitWork, stage: str | None = None) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "pppStageResponsibilityAssign",
            inputs(
                stageId=stage or await self.stage(await self.project(u)),
                personId=u.person,
                unitId=u.unit,
                validFrom="2019-01-01",
            ),
            "responsibility",
        )

    async def ppp_commitment(self, u: UnitWork, project: str | None = None) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "pppCommitmentCreate",
            inputs(
                projectId=project or u.project,
                kind="PAYMENT",
                description="按季度支付可用性付费",
                dueOn="2020-06-30",
                unitId=u.unit,
            ),
            "commitment",
        )

    async def draft_record(self, u: UnitWork) -> str:
        """A draft dishonesty record, opened by a PPP breach attributed to the unit's person."""
        body = await call(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "pppBreachRecord",
            inputs(
                commitmentId=await self.ppp_commitment(u),
                occurredOn="2020-07-01",
                description="逾期未付",
                personId=u.person,
            ),
            "draftRecordId",
        )
        assert "errors" not in body, body["errors"]
        return str(body["data"]["pppBreachRecord"]["draftRecordId"])

    async def assignment(self, u: UnitWork) -> str:
        task = await self.task()
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "assignmentCreate",
            inputs(taskId=task, unitId=u.unit, role="LEAD"),
            "assignment",
        )

    async def task(self) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "taskCreate",
            inputs(planId=self.w.plan, code=f"T{number()}", title="测试任务"),
            "task",
        )

    async def membership(self, u: UnitWork) -> str:
        body = await call(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "unitMemberAdd",
            {"collectiveId": await self.unit("COLLECTIVE"), "memberId": u.unit},
            "membership { id }",
        )
        return str(body["data"]["unitMemberAdd"]["membership"]["id"])

    async def position(self, u: UnitWork) -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "positionCreate",
            inputs(personId=u.person, unitId=u.unit, title="干事", validFrom="2019-01-01"),
            "position",
        )

    async def token(self, u: UnitWork) -> str:
        body = await call(
            self.w.roles[Role.SYSTEM_ADMIN],
            "apiTokenIssue",
            inputs(accountId=u.account, name="spare"),
            "apiToken { id }",
        )
        return str(body["data"]["apiTokenIssue"]["apiToken"]["id"])

    async def unit(self, kind: str = "OTHER") -> str:
        return await make(
            self.w.roles[Role.SUPERVISION_OFFICE],
            "unitCreate",
            inputs(name=f"测试单位{number()}", kind=kind),
            "unit",
        )

    async def account(self, u: UnitWork) -> str:
        return await make(
            self.w.roles[Role.SYSTEM_ADMIN],
            "accountCreate",
            inputs(username=f"spare{number()}", roles=["UNIT_STAFF"], unitId=u.unit),
            "account",
        )


async def build_world(office: GraphQLClient) -> World:
    """Two units' work, each made by the roles that make it."""
    found = await office.data(SETUP)
    task = found["tasks"]["nodes"][0]
    counties = next(a["id"] for a in task["assignments"] if a["unit"]["kind"] == "COLLECTIVE")
    roles = {
        role: await office.as_roles(role)
        for role in (Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN)
    }
    units = []
    for name in (UNIT_A, UNIT_B):
        units.append(
            UnitWork(
                unit=found["a" if name == UNIT_A else "b"]["id"],
                leader=await office.as_unit(name, Role.UNIT_LEADER),
                staff=await office.as_unit(name, Role.UNIT_STAFF),
            )
        )
    a, b = units
    roles[Role.UNIT_LEADER] = a.leader
    roles[Role.UNIT_STAFF] = a.staff
    so = roles[Role.SUPERVISION_OFFICE]
    plan = await make(so, "planCreate", inputs(title="授权测试方案"), "plan")
    section = await make(
        so, "sectionCreate", inputs(planId=plan, code="一", title="任务"), "section"
    )
    plan_task = await make(so, "taskCreate", inputs(planId=plan, code="一.1", title="做事"), "task")
    world = World(office, roles, counties, plan, section, plan_task, a, b)
    maker = Maker(world)
    for u in (a, b):
        u.person = await maker.person(u)
        u.commitment = await maker.commitment(u)
        u.progress = await maker.progress(u, u.commitment)
        u.evidence = await maker.evidence(u)
        u.rejected_evidence = await maker.rejected_evidence(u)
        u.evaluation = await maker.evaluation(u)
        u.record = await maker.record(u, u.person)
        # Public today: a record decided lately (the 2018 one's window closed in 2019).
        u.published_record = await maker.record(u, days_ago=40)
        u.publication = await maker.publication(u.published_record)
        u.sanction = await maker.sanction(u.record)
        u.objection = await maker.objection(u.record)
        u.repair = await maker.repair(u.record)
        u.project = await maker.project(u)
        u.stage = await maker.stage(u.project)
        u.responsibility = await maker.responsibility(u, u.stage)
        u.ppp_commitment = await maker.ppp_commitment(u)
        u.assignment = await maker.assignment(u)
        u.account = await maker.account(u)
        await maker.urging(u, fresh=False)
    world.collective = await maker.unit("COLLECTIVE")
    world.membership = await maker.membership(a)
    world.spare_unit = await maker.unit()
    world.position = await maker.position(a)
    return world
