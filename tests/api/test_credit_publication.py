"""Publishing a dishonesty record: the public summary (公示内容) with every known name masked, the
check that refuses a summary still naming a known person, and several channels in one window."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tortoise.migrations.api.migrate import migrate

from models import (
    DishonestyPublication,
    DishonestyPublicationChannel,
    DishonestyRecord,
)
from resolvers.workdays import today
from server.auth_settings import AuthSettings
from server.database import apply_migrations, open_database
from server.settings import Settings, tortoise_config
from tests.api.authz import inputs, make
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import DatabaseFactory

SETUP = """
query {
  unit: unitByName(name: "凉州区政府") { id }
  persons(filter: {search: "王志强"}) { nodes { id name } }
}
"""
UNIT_CREATE = """
mutation($input: UnitCreateInput!) { unitCreate(input: $input) { unit { id } } }
"""
DRAFT = "query($id: ID!) { dishonestyPublicSummaryDraft(recordId: $id) }"
PUBLISH = """
mutation($input: DishonestyRecordPublishInput!) {
  dishonestyRecordPublish(input: $input) {
    publication {
      id publishedOn publicUntil summary channel
      channels { channel publishedOn reference }
    }
  }
}
"""
PUBLICATIONS = """
query($id: ID!) {
  dishonestyRecord(id: $id) { publications { id summary channels { channel } } }
}
"""
PUBLIC_LIST = """
{ dishonestyRecords(first: 50) {
    nodes {
      id summary facts personName unitName channel channels { channel publishedOn reference }
    }
} }
"""
FACTS = (
    "王志强在赵家庄村民委员会项目验收中违规签字，志强本人已承认；孙建国知情未报，"
    "马文涛农业合作社因此受损。身份证号620102198001011234。"
)
MASKED = (
    "王**在赵家庄村民委员会项目验收中违规签字，**本人已承认；孙**知情未报，"
    "马文涛农业合作社因此受损。身份证号620102198001011234。"
)


def day(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@dataclass
class Scene:
    office: GraphQLClient
    unit: str
    person: str


@pytest.fixture
async def scene(seeded_url: str) -> AsyncIterator[Scene]:
    async with running(seeded_url, auth=AuthSettings(public_submit_burst=50)) as (_, office):
        found = await office.data(SETUP)
        [wang] = [p for p in found["persons"]["nodes"] if p["name"] == "王志强（示例）"]
        # Unit names holding a surname (赵) and a known person's whole name (马文涛（示例）).
        for name in ("赵家庄村民委员会", "马文涛农业合作社"):
            await office.data(UNIT_CREATE, inputs(name=name, kind="OTHER"))
        yield Scene(office, found["unit"]["id"], wang["id"])


async def report(scene: Scene, facts: str = FACTS) -> str:
    return await make(
        scene.office,
        "dishonestyRecordReport",
        inputs(
            unitId=scene.unit,
            personId=scene.person,
            category="BREACH_OF_PROMISE",
            severity="GENERAL",
            facts=facts,
            occurredOn=day(-30),
            reportedOn=day(-28),
        ),
        "record",
    )


async def publish(office: GraphQLClient, **values: Any) -> dict[str, Any]:
    return await office.run(PUBLISH, inputs(**values))


async def test_the_draft_masks_every_known_name_and_leaves_unit_names_whole(scene: Scene) -> None:
    record = await report(scene)
    draft = (await scene.office.data(DRAFT, {"id": record}))["dishonestyPublicSummaryDraft"]
    # The stored name is 王志强（示例）, the facts say 王志强; 孙建国（示例） is another person;
    # 赵家庄… begins with a surname and 马文涛… holds a person's name, but both are units.
    assert draft == MASKED


async def test_published_without_a_summary_the_public_reads_the_masked_draft(scene: Scene) -> None:
    record = await report(scene)
    body = await publish(scene.office, recordId=record, publishedOn=day(-5), channel="信用甘肃")
    publication = body["data"]["dishonestyRecordPublish"]["publication"]
    assert publication["summary"] == MASKED
    public = await scene.office.public().run(PUBLIC_LIST)
    [shown] = [n for n in public["data"]["dishonestyRecords"]["nodes"] if n["summary"] == MASKED]
    assert shown["facts"] == MASKED  # the deprecated field is the summary too
    assert shown["personName"] == "王**"
    text = json.dumps(public, ensure_ascii=False)
    for name in ("王志强", "孙建国", "志强本人"):
        assert name not in text


async def test_a_summary_naming_a_known_person_is_refused_with_its_position(
    scene: Scene,
) -> None:
    record = await report(scene)
    for summary, position, name in (
        ("凉州区政府干部孙 建国违规签字", 8, "孙 建国"),
        ("王**违规签字，志强本人已承认", 9, "志强"),
        ("违规签字者王志强（示例）", 6, "王志强"),
    ):
        error = (
            await publish(scene.office, recordId=record, publishedOn=day(-5), summary=summary)
        )["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "summary"
        assert f"character {position} ({name!r})" in error["message"]
    stored = (await scene.office.data(PUBLICATIONS, {"id": record}))["dishonestyRecord"]
    assert stored["publications"] == []  # nothing half-written


async def test_the_administrators_summary_is_what_the_public_reads(scene: Scene) -> None:
    record = await report(scene)
    summary = "赵家庄村民委员会项目验收中，凉州区政府干部王**违规签字，马文涛农业合作社受损。"
    body = await publish(scene.office, recordId=record, publishedOn=day(-5), summary=summary)
    assert body["data"]["dishonestyRecordPublish"]["publication"]["summary"] == summary
    public = await scene.office.public().run(PUBLIC_LIST)
    summaries = [n["summary"] for n in public["data"]["dishonestyRecords"]["nodes"]]
    assert summary in summaries
    # Never the raw facts: the identity number is in the facts only.
    assert "620102198001011234" not in json.dumps(public)


async def test_one_window_on_several_channels(scene: Scene) -> None:
    record = await report(scene)
    first = await publish(
        scene.office,
        recordId=record,
        publishedOn=day(-5),
        channels=[
            {"channel": "单位门户网站", "reference": "https://lzq.gov.cn/xy/1"},
            {"channel": "信用武威", "publishedOn": day(-4), "reference": "WW-2026-17"},
        ],
    )
    publication = first["data"]["dishonestyRecordPublish"]["publication"]
    assert publication["channel"] == "单位门户网站"
    # The second call used to be refused with CONFLICT: 信用甘肃 joins the same window.
    more = await publish(scene.office, recordId=record, publishedOn=day(-2), channel="信用甘肃")
    joined = more["data"]["dishonestyRecordPublish"]["publication"]
    assert joined["id"] == publication["id"]
    assert (joined["publishedOn"], joined["publicUntil"]) == (
        publication["publishedOn"],
        publication["publicUntil"],
    )
    assert joined["channels"] == [
        {"channel": "单位门户网站", "publishedOn": day(-5), "reference": "https://lzq.gov.cn/xy/1"},
        {"channel": "信用武威", "publishedOn": day(-4), "reference": "WW-2026-17"},
        {"channel": "信用甘肃", "publishedOn": day(-2), "reference": ""},
    ]
    again = await publish(scene.office, recordId=record, publishedOn=day(-1), channel="信用甘肃")
    assert again["errors"][0]["extensions"]["code"] == "CONFLICT"
    public = await scene.office.public().run(PUBLIC_LIST)
    [shown] = [n for n in public["data"]["dishonestyRecords"]["nodes"] if len(n["channels"]) == 3]
    assert [c["channel"] for c in shown["channels"]] == ["单位门户网站", "信用武威", "信用甘肃"]


async def test_bad_channels_are_refused_and_nothing_is_written(scene: Scene) -> None:
    record = await report(scene)
    cases = [
        ({"channel": "微博"}, "BAD_USER_INPUT", "channel"),
        ({"channels": [{"channel": "微博"}]}, "BAD_USER_INPUT", "channels.0.channel"),
        (
            {"channels": [{"channel": "信用甘肃"}, {"channel": "信用甘肃"}]},
            "BAD_USER_INPUT",
            "channels.1.channel",
        ),
        (
            {"channels": [{"channel": "信用甘肃", "publishedOn": day(-9)}]},
            "BAD_USER_INPUT",
            "channels.0.publishedOn",
        ),
        (
            {"channel": "信用甘肃", "channels": [{"channel": "信用武威"}]},
            "BAD_USER_INPUT",
            "channels",
        ),
    ]
    for values, code, field in cases:
        body = await publish(scene.office, recordId=record, publishedOn=day(-5), **values)
        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    stored = (await scene.office.data(PUBLICATIONS, {"id": record}))["dishonestyRecord"]
    assert stored["publications"] == []


async def test_the_channel_list_is_a_setting(seeded_url: str) -> None:
    assert Settings.from_env(
        {"DUTYGRAPH_CREDIT_CHANNELS": "市政府网站, 信用中国"}
    ).credit_channels == (
        "市政府网站",
        "信用中国",
    )
    async with running(seeded_url, credit_channels=("市政府网站",)) as (_, office):
        found = await office.data(SETUP)
        scene = Scene(office, found["unit"]["id"], found["persons"]["nodes"][0]["id"])
        record = await report(scene, facts="承诺的台账未建立")
        refused = await publish(office, recordId=record, publishedOn=day(-5), channel="信用甘肃")
        assert "市政府网站" in refused["errors"][0]["message"]
        body = await publish(office, recordId=record, publishedOn=day(-5), channel="市政府网站")
        assert body["data"]["dishonestyRecordPublish"]["publication"]["channels"] == [
            {"channel": "市政府网站", "publishedOn": day(-5), "reference": ""}
        ]


async def insert(client: Any, table: str, **values: Any) -> int:
    """One row of ``table`` written as SQL, with the bookkeeping columns every table has."""
    columns = {"created_at": now(), "updated_at": now(), "version": 1, **values}
    postgres = client.capabilities.dialect == "postgres"
    marks = ", ".join(f"${n}" if postgres else "?" for n in range(1, len(columns) + 1))
    names = ", ".join(f'"{name}"' for name in columns)
    parameters = [
        date.fromisoformat(v)
        if postgres and isinstance(v, str) and v[:2] == "20" and len(v) == 10
        else v
        for v in columns.values()
    ]
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    if postgres:
        rows = await client.execute_query_dict(sql + " RETURNING id", parameters)
        return int(rows[0]["id"])
    return int(await client.execute_insert(sql, parameters))


UNIT = {"aliases": "[]", "search_names": "", "note": ""}


def now() -> datetime:
    return datetime.now(UTC)


async def test_the_migration_fills_channels_and_summaries_of_existing_publications(
    databases: DatabaseFactory,
) -> None:
    # A database as it was before: migrated to 0006, with a published record in it.
    url = databases._url(await databases._create_empty())
    async with open_database(url):
        await migrate(config=tortoise_config(url), target="models.0006_cycle_item_applications")
        # Rows written as SQL: the models know columns that later migrations add.
        client = DishonestyRecord._meta.db
        unit = await insert(client, "unit", name="凉州区政府", kind="COUNTY_GOVERNMENT", **UNIT)
        await insert(client, "unit", name="马文涛农业合作社", kind="OTHER", **UNIT)
        wang = await insert(client, "person", name="王志强（示例）", note="")
        await insert(client, "person", name="孙建国（示例）", note="")
        record_pk = await insert(
            client,
            "dishonesty_record",
            unit_id=unit,
            person_id=wang,
            category="BREACH_OF_PROMISE",
            severity="GENERAL",
            status="ACTIVE",
            facts="王志强违规签字，志强本人已承认；孙建国知情，马文涛农业合作社受损。",
            occurred_on="2018-02-05",
            reported_on="2018-02-06",
            report_due_on="2018-02-14",
            reported_late=False,
            under_objection=False,
            status_reason="",
            calendar_basis="",
        )
        mark = "$1" if client.capabilities.dialect == "postgres" else "?"
        for channel in ("信用甘肃", ""):
            await client.execute_query(
                "INSERT INTO dishonesty_publication (created_at, updated_at, version, record_id, "
                "published_on, public_until, channel, rule_version, severity, withdraw_reason) "
                f"VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, {mark}, "
                "'2018-02-28', '2019-02-27', '" + channel + "', 'WW-2017-1', 'GENERAL', '')",
                [record_pk],
            )
    await apply_migrations(url)
    async with open_database(url):
        publications = await DishonestyPublication.filter(record_id=record_pk).order_by("id")
        assert [p.summary for p in publications] == [
            "王**违规签字，**本人已承认；孙**知情，马文涛农业合作社受损。"
        ] * 2
        channels = await DishonestyPublicationChannel.filter(
            publication__record_id=record_pk
        ).values_list("publication_id", "channel", "published_on")
        assert channels == [(publications[0].pk, "信用甘肃", date(2018, 2, 28))]


async def test_channels_published_at_once_share_one_window(scene: Scene) -> None:
    record = await report(scene)
    channels = ("单位门户网站", "信用武威", "信用甘肃")
    bodies = await asyncio.gather(
        *(
            publish(scene.office, recordId=record, publishedOn=day(-5), channel=channel)
            for channel in channels
        )
    )
    assert all("errors" not in body for body in bodies), bodies
    ids = {b["data"]["dishonestyRecordPublish"]["publication"]["id"] for b in bodies}
    assert len(ids) == 1
    stored = (await scene.office.data(PUBLICATIONS, {"id": record}))["dishonestyRecord"]
    [publication] = stored["publications"]
    assert sorted(c["channel"] for c in publication["channels"]) == sorted(channels)


PUBLIC_PAGE = """
query($n: Int!) { dishonestyRecords(first: $n) {
  nodes { id summary personName underObjection channels { channel } } } }
"""
INTERNAL_PAGE = """
query($n: Int!, $asOf: Date!) { publicDishonestyRecords(first: $n, asOf: $asOf) {
  nodes { id underObjectionOn(asOf: $asOf) publications { summary channels { channel } } } } }
"""


async def test_public_pages_cost_the_same_statements_at_2_and_at_10(
    scene: Scene, sql_statements: StatementCounter
) -> None:
    for n in range(10):
        record = await report(scene, facts=f"第{n}项承诺未兑现，王志强负责")
        await publish(scene.office, recordId=record, publishedOn=day(-5), channel="信用甘肃")
        await publish(scene.office, recordId=record, publishedOn=day(-4), channel="信用武威")
        await make(
            scene.office,
            "dishonestyObjectionFile",
            inputs(recordId=record, filedBy="凉州区政府", filedOn=day(-1), grounds="有误"),
            "objection",
        )
    counts = []
    for document, variables in ((PUBLIC_PAGE, {}), (INTERNAL_PAGE, {"asOf": day(0)})):
        client = scene.office.public() if document is PUBLIC_PAGE else scene.office
        await client.data(document, {"n": 1, **variables})  # a first request's own statements
        for size in (2, 10):
            sql_statements.statements.clear()
            data = await client.data(document, {"n": size, **variables})
            assert len(next(iter(data.values()))["nodes"]) == size
            counts.append(len(sql_statements.statements))
    assert counts[0] == counts[1], counts
    assert counts[2] == counts[3], counts


async def test_the_records_parties_are_known_names_too(scene: Scene) -> None:
    # 刘小红 is no person in the table: she is known as the one who objected to this record.
    record = await report(scene, facts="刘小红反映王志强未履行承诺，当事单位已整改")
    await make(
        scene.office,
        "dishonestyObjectionFile",
        inputs(recordId=record, filedBy="刘小红", filedOn=day(-20), grounds="情况属实需更正"),
        "objection",
    )
    draft = (await scene.office.data(DRAFT, {"id": record}))["dishonestyPublicSummaryDraft"]
    assert draft == "刘**反映王**未履行承诺，当事单位已整改"
