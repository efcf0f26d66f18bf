"""The policy table: which roles may call each root field, and over which units' rows.

Every field of ``Query``, ``Mutation`` and ``Subscription`` needs a row here: ``guard`` gives a
field without one a permission that refuses everybody, and tests/api/test_policy_table.py fails
for it. ``OWN_UNIT`` means the write is checked before and after against the actor's unit (see
``resolvers/permissions/writes.py``); rows outside the actor's read scope are NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from resolvers.actor import Role


class Reach(StrEnum):
    """Whose rows a role may touch through a field."""

    ANY_UNIT = "ANY_UNIT"
    OWN_UNIT = "OWN_UNIT"


Rule = Mapping[Role, Reach]

SO, CA, AUD = Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.AUDITOR
ADMIN, LEADER, STAFF = Role.SYSTEM_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF

ANY, OWN = Reach.ANY_UNIT, Reach.OWN_UNIT

#: Every signed-in role (row scoping decides what each one sees).
SIGNED_IN: Rule = {role: ANY for role in Role if role != Role.PUBLIC}
SUPERVISION: Rule = {SO: ANY}
CREDIT: Rule = {CA: ANY}
LEADER_OWN: Rule = {LEADER: OWN}
UNIT_OWN: Rule = {STAFF: OWN, LEADER: OWN}
PPP: Rule = {SO: ANY, LEADER: OWN}
REMEDY: Rule = {LEADER: OWN, CA: ANY}
ACCOUNTS: Rule = {ADMIN: ANY}
JOURNAL: Rule = {AUD: ANY, SO: ANY}
CHAIN: Rule = {AUD: ANY, SO: ANY, ADMIN: ANY}
SUBMISSIONS: Rule = {CA: ANY, SO: ANY, AUD: ANY}
PUBLIC: Rule = {Role.PUBLIC: ANY}
#: A field kept in the schema for old clients that nobody may call any more.
RETIRED: Rule = {}

PLAN_STRUCTURE_MUTATIONS = [
    "planCreate",
    "planUpdate",
    "sectionCreate",
    "sectionUpdate",
    "planImport",
    "taskCreate",
    "taskUpdate",
    "assignmentCreate",
    "assignmentEnd",
    "assignmentReassign",
    "assignmentInChargeSet",
    "taskMatchReview",
    "unitCreate",
    "unitUpdate",
    "unitMemberAdd",
    "unitMembershipEnd",
    "unitSucceed",
    "personCreate",
    "personUpdate",
    "positionCreate",
    "positionEnd",
]
PPP_MUTATIONS = [
    "pppProjectCreate",
    "pppProjectUpdate",
    "pppProjectRegimeChange",
    "pppPartnerAdd",
    "pppContractCreate",
    "pppStageCreate",
    "pppStageUpdate",
    "pppStageResponsibilityAssign",
    "pppStageResponsibilityHandOver",
    "pppStageResponsibilityEnd",
    "pppCommitmentCreate",
]
#: Judging the government side's PPP commitments — fulfilled, or broken — is the office's, not
#: the responsible unit's: a unit never closes (or clears) its own work.
PPP_JUDGEMENTS = ["pppCommitmentFulfil", "pppBreachRecord"]
CREDIT_ADMIN_MUTATIONS = [
    "dishonestyRecordReport",
    "dishonestyRecordUpdate",
    "dishonestyRecordPublish",
    "dishonestyPublicationWithdraw",
    "dishonestySanctionImpose",
    "dishonestySanctionComplete",
    "dishonestyObjectionMark",
    "dishonestyObjectionDecide",
    "creditRepairMeasureAdd",
    "creditRepairDecide",
]

MUTATIONS: dict[str, Rule] = {
    **dict.fromkeys(PLAN_STRUCTURE_MUTATIONS, SUPERVISION),
    **dict.fromkeys(PPP_MUTATIONS, PPP),
    **dict.fromkeys(PPP_JUDGEMENTS, SUPERVISION),
    "commitmentPledge": LEADER_OWN,
    "journalVerificationStart": CHAIN,
    # Retired: a unit no longer marks its own commitment fulfilled (issue 13). It applies
    # (commitmentCloseApply) and the office decides (commitmentApplicationDecide).
    "commitmentFulfill": RETIRED,
    "commitmentBreak": LEADER_OWN,
    "commitmentWithdraw": LEADER_OWN,
    "commitmentsMarkOverdue": SUPERVISION,
    "commitmentCloseApply": LEADER_OWN,
    "commitmentWithdrawApply": LEADER_OWN,
    "commitmentExtensionApply": LEADER_OWN,
    "commitmentApplicationDecide": SUPERVISION,
    "commitmentCorrect": SUPERVISION,
    "urgingRecord": SUPERVISION,
    "urgingAcknowledge": UNIT_OWN,
    "supervisionItemOpen": SUPERVISION,
    "supervisionItemsOpenForPlan": SUPERVISION,
    "supervisionFeedbackSubmit": UNIT_OWN,
    # Items close and extend like commitments: the lead unit applies, the office decides.
    "supervisionItemCloseApply": LEADER_OWN,
    "supervisionItemExtensionApply": LEADER_OWN,
    "supervisionItemApplicationDecide": SUPERVISION,
    "supervisionItemCorrect": SUPERVISION,
    "progressReportSubmit": UNIT_OWN,
    "evidenceSubmit": UNIT_OWN,
    "evidenceResubmit": UNIT_OWN,
    "evidenceReview": SUPERVISION,
    "evaluationCreate": SUPERVISION,
    "evaluationRevoke": SUPERVISION,
    **dict.fromkeys(CREDIT_ADMIN_MUTATIONS, CREDIT),
    "dishonestyObjectionFile": REMEDY,
    "creditRepairApply": REMEDY,
    "workdayScheduleLoad": {ADMIN: ANY, SO: ANY},
    "dishonestyRecordConfirm": CREDIT,
    "dishonestyRecordDismiss": CREDIT,
    "accountCreate": ACCOUNTS,
    "accountUpdate": ACCOUNTS,
    "apiTokenIssue": ACCOUNTS,
    "apiTokenRevoke": ACCOUNTS,
}

#: Reads: every signed-in role unless named here (rows are scoped per model anyway).
QUERIES: dict[str, Rule] = {
    **dict.fromkeys(
        [
            "node",
            "nodes",
            "plans",
            "plan",
            "section",
            "tasks",
            "task",
            "responsibilityChain",
            "units",
            "unit",
            "unitByName",
            "persons",
            "person",
            "pppProjects",
            "pppProject",
            "responsibleAt",
            "pppStagePairs",
            "commitment",
            "commitments",
            "overdueCommitments",
            "commitmentsDueWithin",
            "workingCalendar",
            "evidenceItem",
            "evidence",
            "evaluation",
            "evaluations",
            "dishonestyRecord",
            "dishonestyRecords",
            "publicDishonestyRecords",
            "creditRules",
            "viewer",
            "commitmentApplications",
            "corrections",
            "urgings",
            "supervisionItems",
            "supervisionItemApplications",
            "supervisionFeedbackStatus",
            "unreportedFeedback",
            "unpledgedAssignments",
            "commitmentWarnings",
            "supervisionItemWarnings",
            "unitRanking",
            "progress",
        ],
        SIGNED_IN,
    ),
    "journal": JOURNAL,
    "history": JOURNAL,
    "asRecordedAt": JOURNAL,
    "journalHead": CHAIN,
    "journalVerify": CHAIN,
    "journalVerifyPinned": CHAIN,
    "journalVerificationRun": CHAIN,
    "journalVerificationRuns": CHAIN,
    "accounts": ACCOUNTS,
    "publicSubmissions": SUBMISSIONS,
    "dishonestyPublicSummaryDraft": CREDIT,
}

#: Events follow the read rules: who may hear what is decided per event.
SUBSCRIPTIONS: dict[str, Rule] = {"events": SIGNED_IN}

#: The internal schema's root types and their tables.
INTERNAL: dict[str, dict[str, Rule]] = {
    "Query": QUERIES,
    "Mutation": MUTATIONS,
    "Subscription": SUBSCRIPTIONS,
}

#: The public schema (``/public/graphql``): anonymous reads and the two submissions.
PUBLIC_SCHEMA: dict[str, dict[str, Rule]] = {
    "Query": {"dishonestyRecords": PUBLIC, "dishonestyRecord": PUBLIC, "objection": PUBLIC},
    "Mutation": {"objectionSubmit": PUBLIC, "complaintSubmit": PUBLIC},
}
