"""A PPP breach attributable to a government-side person opens a draft dishonesty record for that
person (plan 一(三)2), which the credit administrator confirms or dismisses with a reason."""

from __future__ import annotations

from typing import Any

from resolvers.actor import Role
from tests.conftest import GraphQLClient

PROJECTS = """
query { pppProjects(filter: {isExample: true}, first: 20) { nodes { id code } } }
"""
PERSON = """
mutation($input: PersonCreateInput!) { personCreate(input: $input) { person { id } } }
"""
COMMITMENT = """
mutation($input: PppCommitmentCreateInput!) {
  pppCommitmentCreate(input: $input) { commitment { id unit { id } } }
}
"""
BREACH = """
mutation($input: PppBreachRecordInput!) { pppBreachRecord(input: $input) { breach { id } } }
"""
DRAFTS = """
query($person: ID!) {
  dishonestyRecords(filter: {personId: $person}) {
    nodes {
      id status category severity facts occurredOn pppBreachId ruleVersion reportDueOn
      person { id } unit { id }
    }
  }
}
"""
CONFIRM = """
mutation($input: DishonestyRecordConfirmInput!) {
  dishonestyRecordConfirm(input: $input) {
    record { status severity reportedOn reportDueOn reportedLate ruleVersion }
  }
}
"""
DISMISS = """
mutation($input: DishonestyRecordDismissInput!) {
  dishonestyRecordDismiss(input: $input) { record { status statusReason } }
}
"""
PUBLISH = """
mutation($id: ID!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: "2021-01-20"}) {
    publication { id }
  }
}
"""
HISTORY = """
query($id: ID!) { history(id: $id, first: 10) { nodes { action actor } } }
"""


async def breach(client: GraphQLClient, person: str | None, description: str) -> dict[str, Any]:
    project = next(
        p
        for p in (await client.data(PROJECTS))["pppProjects"]["nodes"]
        if p["code"] == "WW-PPP-EX-001"
    )
    values = {
        "projectId": project["id"],
        "kind": "PAYMENT",
        "description": description,
        "dueOn": "2020-12-31",
        "amount": "100",
    }
    made = (await client.data(COMMITMENT, {"input": values}))["pppCommitmentCreate"]
    values = {
        "commitmentId": made["commitment"]["id"],
        "occurredOn": "2021-01-04",
        "description": description,
        "citedReason": "责任人更替",
    }
    if person:
        values["personId"] = person
    recorded = (await client.data(BREACH, {"input": values}))["pppBreachRecord"]["breach"]
    return {"breach": recorded["id"], "unit": made["commitment"]["unit"]["id"]}


async def drafts_of(client: GraphQLClient, person: str) -> list[dict[str, Any]]:
    return list((await client.data(DRAFTS, {"person": person}))["dishonestyRecords"]["nodes"])


async def test_a_breach_by_a_person_opens_a_draft_that_is_confirmed(seeded: GraphQLClient) -> None:
    person = (await seeded.data(PERSON, {"input": {"name": "赵六（测试）"}}))["personCreate"]
    pid = person["person"]["id"]
    made = await breach(seeded, pid, "2020年度付费逾期未付")
    [draft] = await drafts_of(seeded, pid)
    assert draft["status"] == "DRAFT"
    assert (draft["category"], draft["severity"]) == ("BREACH_OF_PROMISE", "GENERAL")
    assert draft["pppBreachId"] == made["breach"]
    assert draft["occurredOn"] == "2021-01-04"
    assert "2020年度付费逾期未付" in draft["facts"]
    assert "责任人更替" in draft["facts"]
    assert (draft["person"]["id"], draft["unit"]["id"]) == (pid, made["unit"])
    # A draft is not a decision: it cannot be published.
    refused = await seeded.error(PUBLISH, {"id": draft["id"]})
    assert refused["extensions"]["code"] == "INVALID_TRANSITION"
    # Only the credit administrator decides it.
    leader = await seeded.as_roles(Role.SUPERVISION_OFFICE)
    forbidden = await leader.error(
        CONFIRM, {"input": {"id": draft["id"], "reportedOn": "2021-01-08"}}
    )
    assert forbidden["extensions"]["code"] == "FORBIDDEN"
    credit = await seeded.as_roles(Role.CREDIT_ADMIN)
    confirmed = await credit.data(
        CONFIRM, {"input": {"id": draft["id"], "reportedOn": "2021-01-15", "severity": "SERIOUS"}}
    )
    # Mon 2021-01-04 + 7 working days: 01-13; reported on the 15th, late.
    assert confirmed["dishonestyRecordConfirm"]["record"] == {
        "status": "ACTIVE",
        "severity": "SERIOUS",
        "reportedOn": "2021-01-15",
        "reportDueOn": "2021-01-13",
        "reportedLate": True,
        "ruleVersion": "CN-2023-WW",
    }
    again = await credit.error(CONFIRM, {"input": {"id": draft["id"], "reportedOn": "2021-01-15"}})
    assert again["extensions"]["code"] == "INVALID_TRANSITION"
    actions = [
        n["action"] for n in (await seeded.data(HISTORY, {"id": draft["id"]}))["history"]["nodes"]
    ]
    assert actions[:2] == ["dishonesty_record.draft", "dishonesty_record.confirm"]


async def test_a_draft_is_dismissed_with_a_reason_and_a_breach_without_a_person_opens_none(
    seeded: GraphQLClient,
) -> None:
    person = (await seeded.data(PERSON, {"input": {"name": "钱七（测试）"}}))["personCreate"]
    pid = person["person"]["id"]
    await breach(seeded, pid, "2020年度付费逾期未付")
    [draft] = await drafts_of(seeded, pid)
    credit = await seeded.as_roles(Role.CREDIT_ADMIN)
    blank = await credit.error(DISMISS, {"input": {"id": draft["id"], "reason": " "}})
    assert blank["extensions"] == {"code": "BAD_USER_INPUT", "field": "reason"}
    dismissed = await credit.data(
        DISMISS, {"input": {"id": draft["id"], "reason": "付费延迟系财政预算调整，非个人失信"}}
    )
    assert dismissed["dishonestyRecordDismiss"]["record"] == {
        "status": "DISMISSED",
        "statusReason": "付费延迟系财政预算调整，非个人失信",
    }
    late = await credit.error(CONFIRM, {"input": {"id": draft["id"], "reportedOn": "2021-01-15"}})
    assert late["extensions"]["code"] == "INVALID_TRANSITION"
    before = (await seeded.data("query { dishonestyRecords { totalCount } }"))["dishonestyRecords"]
    await breach(seeded, None, "2020年度付费逾期未付（无具体责任人）")
    after = (await seeded.data("query { dishonestyRecords { totalCount } }"))["dishonestyRecords"]
    assert after == before
