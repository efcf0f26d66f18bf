"""Dishonesty records through the HTTP API: the 7-working-day reporting rule, publication windows
under a rule version, sanctions, objections that freeze a record, and credit repair."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from resolvers import workdays
from server.app import create_app
from server.settings import Settings
from tests.conftest import GraphQLClient, office_client

UNIT = 'query { unitByName(name: "古浪县政府") { id } }'

REPORT = """
mutation Report($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) {
    record { id reportDueOn reportedLate calendarBasis status underObjection severity }
  }
}
"""

UPDATE = """
mutation Update($id: ID!, $facts: String!) {
  dishonestyRecordUpdate(input: {id: $id, corrections: {facts: $facts}}) { record { facts } }
}
"""

PUBLISH = """
mutation Publish($id: ID!, $on: Date!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: $on, channel: "信用甘肃"}) {
    publication { publishedOn publicUntil ruleVersion severity }
  }
}
"""

PUBLIC = """
query Public($asOf: Date!) {
  publicDishonestyRecords(asOf: $asOf) { nodes { id } }
  dishonestyRecords { nodes { id status } }
}
"""

SANCTION = """
mutation Sanction($input: DishonestySanctionImposeInput!) {
  dishonestySanctionImpose(input: $input) {
    sanction {
      id status dueOn late: overdue(asOf: "2018-12-01") early: overdue(asOf: "2018-11-01")
    }
  }
}
"""

FILE = """
mutation File($id: ID!, $on: Date!) {
  dishonestyObjectionFile(input: {recordId: $id, filedBy: "古浪县政府", filedOn: $on,
                                  grounds: "处罚已撤销"}) {
    objection { id status markDueOn markLimitDays ruleVersion }
  }
}
"""

MARK = """
mutation Mark($id: ID!, $on: Date!) {
  dishonestyObjectionMark(input: {id: $id, markedOn: $on}) {
    objection { status markedLate decisionDueOn record { underObjection } }
  }
}
"""

DECIDE = """
mutation Decide($input: DishonestyObjectionDecideInput!) {
  dishonestyObjectionDecide(input: $input) {
    objection {
      status decision decidedLate
      record { status underObjection severity facts sanctions { status } }
    }
  }
}
"""

REPAIR = """
mutation Repair($id: ID!) {
  creditRepairApply(input: {recordId: $id, applicant: "古浪县政府", appliedOn: "2018-11-01"}) {
    repair { id }
  }
}
"""

MEASURE = """
mutation Measure($id: ID!) {
  creditRepairMeasureAdd(input: {id: $id, kind: LOSS_RECOVERED, description: "已足额支付",
                                 takenOn: "2018-10-30"}) { repair { measures { kind takenOn } } }
}
"""

REPAIR_DECIDE = """
mutation RepairDecide($id: ID!, $decision: RepairDecision!, $on: Date! = "2018-11-20") {
  creditRepairDecide(input: {id: $id, decision: $decision, decidedOn: $on,
                             reason: "主动挽回损失"}) {
    repair { decision record { status sanctions { status } } }
  }
}
"""

HEAD = "query { journalHead { seq } }"


@pytest.fixture
async def office(seeded_url: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """The app under a rule table read from a file (DUTYGRAPH_CREDIT_RULES)."""
    rules = tmp_path / "credit-rules.json"
    rules.write_text(
        json.dumps(
            {
                "version": "TEST-2",
                "publicationMonths": {"MINOR": 3, "GENERAL": 6, "SERIOUS": 24},
                "objectionMarkWorkingDays": 2,
                "objectionDecideWorkingDays": 5,
            }
        )
    )
    app = create_app(Settings(database_url=seeded_url, credit_rules_file=str(rules)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield office_client(http, seeded_url)


async def report(client: GraphQLClient, **extra: Any) -> dict[str, Any]:
    unit = (await client.data(UNIT))["unitByName"]["id"]
    values = {
        "unitId": unit,
        "category": "ADMINISTRATIVE_PENALTY",
        "severity": "SERIOUS",
        "facts": "拖欠工程款被处罚",
        "occurredOn": "2018-09-25",
        "reportedOn": "2018-10-09",
    }
    data = await client.data(REPORT, {"input": values | extra})
    return dict(data["dishonestyRecordReport"]["record"])


async def test_seven_working_days_across_make_up_days_and_national_day(
    seeded: GraphQLClient,
) -> None:
    # After Tuesday 2018-09-25: 26, 27, 28, Sat 29 and Sun 30 (both worked, 调休), then the
    # National Day holiday to 10-07, then 10-08 and 10-09. Weekends only would say 10-04.
    on_time = await report(seeded)
    assert (on_time["reportDueOn"], on_time["reportedLate"]) == ("2018-10-09", False)
    assert on_time["calendarBasis"].startswith("chinesecalendar")
    late = await report(seeded, reportedOn="2018-10-10")
    assert late["reportedLate"] is True
    # An uncovered year: the clock must reach it first (event days may not lie in the future).
    workdays.set_today(date(2099, 1, 12))
    try:
        beyond = await report(seeded, occurredOn="2099-01-02", reportedOn="2099-01-12")
    finally:
        workdays.set_today(None)
    # By rule (no data for 2099, no schedule loaded): 元旦 is Thu 01-01, so Fri 2099-01-02 + 7.
    assert beyond["reportDueOn"] == "2099-01-13"
    assert beyond["calendarBasis"].startswith("statutory holidays by rule")
    head = await seeded.data(HEAD)
    error = await seeded.error(
        REPORT,
        {
            "input": {
                "category": "ACCOUNTABILITY",
                "severity": "MINOR",
                "facts": "x",
                "occurredOn": "2018-09-25",
                "reportedOn": "2018-10-09",
            }
        },
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "unitId"}
    unit = (await seeded.data(UNIT))["unitByName"]["id"]
    error = await seeded.error(
        REPORT,
        {
            "input": {
                "unitId": unit,
                "category": "ACCOUNTABILITY",
                "severity": "MINOR",
                "facts": "x",
                "occurredOn": "2018-09-25",
                "reportedOn": "2018-09-24",
            }
        },
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "reportedOn"}
    assert await seeded.data(HEAD) == head


async def test_publication_window_sanctions_and_upheld_objection(office: GraphQLClient) -> None:
    record = await report(office)
    published = await office.data(PUBLISH, {"id": record["id"], "on": "2018-10-15"})
    assert published["dishonestyRecordPublish"]["publication"] == {
        "publishedOn": "2018-10-15",
        # 24 months by the Civil Code (arts. 201–202): the corresponding day, 2020-10-15.
        "publicUntil": "2020-10-15",
        "ruleVersion": "TEST-2",
        "severity": "SERIOUS",
    }
    error = await office.error(PUBLISH, {"id": record["id"], "on": "2018-11-01"})
    assert error["extensions"]["code"] == "CONFLICT"
    public = await office.data(PUBLIC, {"asOf": "2020-10-15"})
    assert public["publicDishonestyRecords"]["nodes"] == [{"id": record["id"]}]
    assert (await office.data(PUBLIC, {"asOf": "2020-10-16"}))["publicDishonestyRecords"] == {
        "nodes": []
    }
    sanction = {"recordId": record["id"], "kind": "WRITTEN_EXPLANATION", "imposedOn": "2018-10-16"}
    error = await office.error(SANCTION, {"input": sanction})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "dueOn"}
    imposed = await office.data(SANCTION, {"input": sanction | {"dueOn": "2018-11-15"}})
    assert imposed["dishonestySanctionImpose"]["sanction"] | {"id": None} == {
        "id": None,
        "status": "IMPOSED",
        "dueOn": "2018-11-15",
        "late": True,
        "early": False,
    }

    objection = (await office.data(FILE, {"id": record["id"], "on": "2018-10-19"}))[
        "dishonestyObjectionFile"
    ]["objection"]
    assert (objection["markDueOn"], objection["markLimitDays"]) == ("2018-10-23", 2)
    assert objection["ruleVersion"] == "TEST-2"
    marked = await office.data(MARK, {"id": objection["id"], "on": "2018-10-24"})
    assert marked["dishonestyObjectionMark"]["objection"] == {
        "status": "MARKED",
        "markedLate": True,
        "decisionDueOn": "2018-10-31",
        "record": {"underObjection": True},
    }
    decided = await office.data(
        DECIDE,
        {
            "input": {
                "id": objection["id"],
                "decision": "UPHELD",
                "decidedOn": "2018-11-01",
                "reason": "已撤销",
            }
        },
    )
    result = decided["dishonestyObjectionDecide"]["objection"]
    assert (result["decision"], result["decidedLate"]) == ("UPHELD", True)
    assert result["record"]["status"] == "REVOKED"
    assert result["record"]["sanctions"] == [{"status": "LIFTED"}]
    after = await office.data(PUBLIC, {"asOf": "2019-01-01"})
    assert after["publicDishonestyRecords"]["nodes"] == []
    assert after["dishonestyRecords"]["nodes"] == [{"id": record["id"], "status": "REVOKED"}]


async def test_frozen_record_refuses_changes_until_the_decision(seeded: GraphQLClient) -> None:
    record = await report(seeded, severity="GENERAL")
    objection = (await seeded.data(FILE, {"id": record["id"], "on": "2018-10-19"}))[
        "dishonestyObjectionFile"
    ]["objection"]
    decide = {
        "id": objection["id"],
        "decision": "CORRECTED",
        "decidedOn": "2018-10-30",
        "reason": "情节较轻",
        "corrections": {"severity": "MINOR"},
    }
    error = await seeded.error(DECIDE, {"input": decide})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"  # not marked yet
    await seeded.data(MARK, {"id": objection["id"], "on": "2018-10-22"})
    head = await seeded.data(HEAD)
    for document, variables in (
        (UPDATE, {"id": record["id"], "facts": "改写"}),
        (PUBLISH, {"id": record["id"], "on": "2018-10-23"}),
        (
            SANCTION,
            {
                "input": {
                    "recordId": record["id"],
                    "kind": "PUBLIC_CRITICISM",
                    "imposedOn": "2018-10-23",
                }
            },
        ),
    ):
        error = await seeded.error(document, variables)
        assert error["extensions"]["code"] == "INVALID_TRANSITION", document
        assert "frozen" in error["message"]
    error = await seeded.error(FILE, {"id": record["id"], "on": "2018-10-23"})
    assert error["extensions"]["code"] == "CONFLICT"
    error = await seeded.error(DECIDE, {"input": decide | {"corrections": None}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "corrections"}
    assert await seeded.data(HEAD) == head
    decided = (await seeded.data(DECIDE, {"input": decide}))["dishonestyObjectionDecide"]
    assert (
        decided["objection"]["decidedLate"] is False
    )  # due 2018-11-05: 10 working days after marking
    assert decided["objection"]["record"] | {"sanctions": []} == {
        "status": "ACTIVE",
        "underObjection": False,
        "severity": "MINOR",
        "facts": "拖欠工程款被处罚",
        "sanctions": [],
    }
    updated = await seeded.data(UPDATE, {"id": record["id"], "facts": "拖欠工程款"})
    assert updated["dishonestyRecordUpdate"]["record"]["facts"] == "拖欠工程款"


async def test_repair_takes_a_record_out_of_public_views_only(seeded: GraphQLClient) -> None:
    record = await report(seeded)
    await seeded.data(PUBLISH, {"id": record["id"], "on": "2018-10-15"})
    await seeded.data(
        SANCTION,
        {"input": {"recordId": record["id"], "kind": "HONOURS_BAN", "imposedOn": "2018-10-16"}},
    )
    repair = (await seeded.data(REPAIR, {"id": record["id"]}))["creditRepairApply"]["repair"]
    error = await seeded.error(REPAIR, {"id": record["id"]})
    assert error["extensions"]["code"] == "CONFLICT"
    error = await seeded.error(REPAIR_DECIDE, {"id": repair["id"], "decision": "REPAIRED"})
    assert error["extensions"] == {"code": "INVALID_TRANSITION", "field": "decision"}
    measured = await seeded.data(MEASURE, {"id": repair["id"]})
    assert measured["creditRepairMeasureAdd"]["repair"]["measures"] == [
        {"kind": "LOSS_RECOVERED", "takenOn": "2018-10-30"}
    ]
    # Not before the minimum window of a SERIOUS record (CN-2023-WW: 12 months from the
    # decision on 2018-09-25, so from 2019-09-26): the refusal names the day.
    early = await seeded.error(REPAIR_DECIDE, {"id": repair["id"], "decision": "REPAIRED"})
    assert early["extensions"] == {"code": "INVALID_TRANSITION", "field": "decidedOn"}
    assert "can be repaired from 2019-09-26" in early["message"]
    late = {"id": repair["id"], "decision": "REPAIRED", "on": "2019-09-25"}
    assert "from 2019-09-26" in (await seeded.error(REPAIR_DECIDE, late))["message"]
    decided = await seeded.data(REPAIR_DECIDE, late | {"on": "2019-09-26"})
    assert decided["creditRepairDecide"]["repair"] == {
        "decision": "REPAIRED",
        "record": {"status": "REPAIRED", "sanctions": [{"status": "LIFTED"}]},
    }
    views = await seeded.data(PUBLIC, {"asOf": "2019-10-01"})
    assert views["publicDishonestyRecords"]["nodes"] == []
    assert views["dishonestyRecords"]["nodes"] == [{"id": record["id"], "status": "REPAIRED"}]
    error = await seeded.error(REPAIR_DECIDE, {"id": repair["id"], "decision": "DENIED"})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
