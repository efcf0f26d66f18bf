"""The public past (issue 14.4): what the public saw on a day is answered from the records' own
history — published, objected, revoked, repaired on which days — not from today's flags."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.authz import inputs, make
from tests.conftest import GraphQLClient, running

UNIT = 'query { unitByName(name: "古浪县政府") { id } }'
INTERNAL = """
query($asOf: Date!) {
  publicDishonestyRecords(asOf: $asOf, first: 50) {
    nodes { id status underObjection underObjectionOn(asOf: $asOf) }
  }
}
"""
PUBLIC = """
query($asOf: Date) {
  dishonestyRecords(asOf: $asOf, first: 50) {
    nodes { id underObjection channels { channel publishedOn } }
  }
}
"""


def public_id(record_id: str) -> str:
    pk = base64.b64decode(record_id).decode().split(":")[1]
    return base64.b64encode(f"PublicDishonestyRecord:{pk}".encode()).decode()


@dataclass
class History:
    office: GraphQLClient
    repaired: str
    revoked: str


async def record(office: GraphQLClient, unit: str, facts: str) -> str:
    made = await make(
        office,
        "dishonestyRecordReport",
        inputs(
            unitId=unit,
            category="BREACH_OF_PROMISE",
            severity="GENERAL",
            facts=facts,
            occurredOn="2018-09-25",
            reportedOn="2018-10-09",
        ),
        "record",
    )
    await make(
        office,
        "dishonestyRecordPublish",
        inputs(recordId=made, publishedOn="2018-10-15", channel="信用甘肃"),
        "publication",
    )
    return made


@pytest.fixture
async def history(seeded_url: str) -> AsyncIterator[History]:
    async with running(seeded_url) as (_, office):
        unit = (await office.data(UNIT))["unitByName"]["id"]
        repaired = await record(office, unit, "公开承诺的道路工程未按期完工")
        revoked = await record(office, unit, "承诺的补偿款未支付")
        # 信用武威 joins the repaired record's window five days later.
        await make(
            office,
            "dishonestyRecordPublish",
            inputs(recordId=repaired, publishedOn="2018-10-20", channel="信用武威"),
            "publication",
        )
        # The repaired record: an objection rejected on 11-10, then repaired on 2019-03-20.
        await decided_objection(
            office, repaired, ("2018-11-01", "2018-11-02", "2018-11-10"), "REJECTED"
        )
        repair = await make(
            office,
            "creditRepairApply",
            inputs(recordId=repaired, applicant="古浪县政府", appliedOn="2019-03-01"),
            "repair",
        )
        await make(
            office,
            "creditRepairMeasureAdd",
            inputs(id=repair, kind="RECTIFIED", description="工程已完工", takenOn="2019-02-28"),
            "repair",
        )
        await make(
            office,
            "creditRepairDecide",
            inputs(id=repair, decision="REPAIRED", decidedOn="2019-03-20", reason="整改到位"),
            "repair",
        )
        # The revoked record: an objection upheld on 11-15.
        await decided_objection(
            office, revoked, ("2018-11-05", "2018-11-06", "2018-11-15"), "UPHELD"
        )
        yield History(office, repaired, revoked)


async def decided_objection(
    office: GraphQLClient, record_id: str, days: tuple[str, str, str], decision: str
) -> None:
    filed, marked, decided = days
    made = await make(
        office,
        "dishonestyObjectionFile",
        inputs(recordId=record_id, filedBy="古浪县政府", filedOn=filed, grounds="事实有误"),
        "objection",
    )
    await make(office, "dishonestyObjectionMark", inputs(id=made, markedOn=marked), "objection")
    await make(
        office,
        "dishonestyObjectionDecide",
        inputs(id=made, decision=decision, decidedOn=decided, reason="经核查"),
        "objection",
    )


async def seen(history: History, day: str) -> dict[str, Any]:
    """Our two records as both endpoints answered for ``day``: {name: (flag, flag, channels)}."""
    ours = {history.repaired: "repaired", history.revoked: "revoked"}
    internal = (await history.office.data(INTERNAL, {"asOf": day}))["publicDishonestyRecords"]
    public = (await history.office.public().data(PUBLIC, {"asOf": day}))["dishonestyRecords"]
    by_public_id = {n["id"]: n for n in public["nodes"]}
    answer: dict[str, Any] = {}
    for node in internal["nodes"]:
        if node["id"] not in ours:
            continue
        shown = by_public_id.pop(public_id(node["id"]))
        assert shown["underObjection"] == node["underObjectionOn"]
        answer[ours[node["id"]]] = (
            node["underObjectionOn"],
            [(c["channel"], c["publishedOn"]) for c in shown["channels"]],
        )
    assert not {public_id(r) for r in ours} & set(by_public_id)  # both endpoints agree
    return answer


async def test_each_day_answers_as_it_was(history: History) -> None:
    assert await seen(history, "2018-10-14") == {}
    on_the_first_day = [("信用甘肃", "2018-10-15")]
    assert await seen(history, "2018-10-15") == {
        "repaired": (False, on_the_first_day),
        "revoked": (False, on_the_first_day),
    }
    both = [("信用甘肃", "2018-10-15"), ("信用武威", "2018-10-20")]
    # Under objection on the days its objection was open, whatever today's flag says.
    assert await seen(history, "2018-11-05") == {
        "repaired": (True, both),
        "revoked": (True, on_the_first_day),
    }
    assert await seen(history, "2018-11-10") == {
        "repaired": (False, both),
        "revoked": (True, on_the_first_day),
    }
    # Revoked on 11-15: public the day before, not from that day.
    assert await seen(history, "2018-11-14") == {
        "repaired": (False, both),
        "revoked": (True, on_the_first_day),
    }
    assert await seen(history, "2018-11-15") == {"repaired": (False, both)}
    # Repaired on 2019-03-20: still public the day before its repair.
    assert await seen(history, "2019-03-19") == {"repaired": (False, both)}
    assert await seen(history, "2019-03-20") == {}


async def test_today_and_the_future(history: History) -> None:
    today = (await history.office.public().data(PUBLIC))["dishonestyRecords"]["nodes"]
    assert not {public_id(history.repaired), public_id(history.revoked)} & {n["id"] for n in today}
    error = await history.office.public().error(PUBLIC, {"asOf": "2199-01-01"})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "asOf")
    statuses = (await history.office.data(INTERNAL, {"asOf": "2018-11-05"}))[
        "publicDishonestyRecords"
    ]["nodes"]
    # Today's status and freeze are not what the public saw that day.
    mine = {n["id"]: n for n in statuses}
    assert mine[history.repaired]["status"] == "REPAIRED"
    assert mine[history.revoked]["status"] == "REVOKED"
    assert mine[history.repaired]["underObjection"] is False
    assert mine[history.repaired]["underObjectionOn"] is True
