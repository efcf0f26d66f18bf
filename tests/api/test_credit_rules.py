"""The credit rule tables: the national default with its sources, windows counted from the
decision, the earliest repair, a replacing table from DUTYGRAPH_CREDIT_RULES, kept versions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from models import Severity
from resolvers.credit.rules import DEFAULT_RULES, LEGACY_RULES, load_rules, version_of
from server.app import create_app
from server.settings import Settings
from tests.conftest import GraphQLClient, office_client

RULES = """
{
  creditRules {
    version reportWithinWorkingDays countingFrom publicationMonthsSerious
    windows { severity minimumMonths maximumMonths }
    sources { rule source }
  }
}
"""

REPORT = """
mutation Report($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) { record { id ruleVersion } }
}
"""

PUBLISH = """
mutation Publish($id: ID!, $on: Date!) {
  dishonestyRecordPublish(input: {recordId: $id, publishedOn: $on, channel: "信用甘肃"}) {
    publication { publishedOn publicUntil ruleVersion }
  }
}
"""

UNIT = 'query { unitByName(name: "古浪县政府") { id } }'


async def report(client: GraphQLClient, severity: str, occurred: str, reported: str) -> str:
    unit = (await client.data(UNIT))["unitByName"]["id"]
    values = {
        "unitId": unit,
        "category": "ADMINISTRATIVE_PENALTY",
        "severity": severity,
        "facts": "拖欠工程款被处罚",
        "occurredOn": occurred,
        "reportedOn": reported,
    }
    record = (await client.data(REPORT, {"input": values}))["dishonestyRecordReport"]["record"]
    return str(record["id"])


async def test_the_default_table_is_the_national_one_and_says_where_each_number_comes_from(
    seeded: GraphQLClient,
) -> None:
    table = (await seeded.data(RULES))["creditRules"]
    assert (table["version"], table["reportWithinWorkingDays"]) == ("CN-2023-WW", 7)
    assert table["countingFrom"] == "DECISION"
    assert table["publicationMonthsSerious"] == 36
    assert table["windows"] == [
        {"severity": "MINOR", "minimumMonths": 3, "maximumMonths": 12},
        {"severity": "GENERAL", "minimumMonths": 3, "maximumMonths": 12},
        {"severity": "SERIOUS", "minimumMonths": 12, "maximumMonths": 36},
    ]
    sources = {row["rule"]: row["source"] for row in table["sources"]}
    assert "二(五)" in sources["reportWithinWorkingDays"]
    assert "国家发展改革委令2023年第58号" in sources["publication"]
    assert "民法典" in sources["months"]


async def test_windows_count_from_the_decision_and_end_by_the_civil_code(
    seeded: GraphQLClient,
) -> None:
    record = await report(seeded, "SERIOUS", "2018-10-11", "2018-10-19")
    # Published a month after the decision, public to 2021-10-11 (36 months from 2018-10-11,
    # the corresponding day: Monday, a working day), not 36 months from publication.
    published = await seeded.data(PUBLISH, {"id": record, "on": "2018-11-12"})
    assert published["dishonestyRecordPublish"]["publication"] == {
        "publishedOn": "2018-11-12",
        "publicUntil": "2021-10-11",
        "ruleVersion": "CN-2023-WW",
    }
    late = await report(seeded, "GENERAL", "2018-10-11", "2018-10-19")
    error = await seeded.error(PUBLISH, {"id": late, "on": "2019-10-14"})
    assert error["extensions"] == {"code": "INVALID_TRANSITION", "field": "publishedOn"}
    assert "ended on 2019-10-11" in error["message"]


def test_windows_and_earliest_repair_by_table() -> None:
    decided = date(2018, 10, 11)
    assert DEFAULT_RULES.public_until(Severity.GENERAL, decided) == date(2019, 10, 11)
    # Minimum 12 months to 2019-10-11 (Friday), repair from the day after.
    assert DEFAULT_RULES.repairable_from(Severity.SERIOUS, decided) == date(2019, 10, 12)
    # 3 months to 2019-01-11 (Friday).
    assert DEFAULT_RULES.repairable_from(Severity.MINOR, decided) == date(2019, 1, 12)
    assert LEGACY_RULES.repairable_from(Severity.SERIOUS, decided) == decided
    assert version_of(DEFAULT_RULES, "WW-2017-1") is LEGACY_RULES
    assert version_of(DEFAULT_RULES, "CN-2023-WW") is DEFAULT_RULES


def test_a_bad_rule_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "version": "X-1",
                "publication": {"SERIOUS": {"minimumMonths": 40, "maximumMonths": 36}},
            }
        )
    )
    with pytest.raises(ValueError, match="minimum above its maximum"):
        load_rules(str(path))
    path.write_text(json.dumps({"version": "CN-2023-WW"}))
    with pytest.raises(ValueError, match="built-in"):
        load_rules(str(path))


async def test_a_rule_file_replaces_the_table_and_records_keep_its_version(
    seeded_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "version": "WW-2027-1",
                "reportWithinWorkingDays": 5,
                "publication": {"SERIOUS": {"minimumMonths": 18, "maximumMonths": 24}},
                "sources": {"publication": "武威市某办法第十条"},
            }
        )
    )
    app = create_app(Settings(database_url=seeded_url, credit_rules_file=str(path)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            client = office_client(http, seeded_url)
            table = (await client.data(RULES))["creditRules"]
            assert (table["version"], table["reportWithinWorkingDays"]) == ("WW-2027-1", 5)
            assert {"severity": "SERIOUS", "minimumMonths": 18, "maximumMonths": 24} in table[
                "windows"
            ]
            # Severities the file leaves out keep the national windows.
            assert {"severity": "MINOR", "minimumMonths": 3, "maximumMonths": 12} in table[
                "windows"
            ]
            assert table["sources"] == [{"rule": "publication", "source": "武威市某办法第十条"}]
            record = await report(client, "SERIOUS", "2018-10-11", "2018-10-19")
            found = await client.data(
                "query($id: ID!) { node(id: $id) { ... on DishonestyRecord { ruleVersion "
                "reportDueOn } } }",
                {"id": record},
            )
            # 5 working days after Thursday 2018-10-11: 12, 15, 16, 17, 18.
            assert found["node"] == {"ruleVersion": "WW-2027-1", "reportDueOn": "2018-10-18"}
            published = await client.data(PUBLISH, {"id": record, "on": "2018-10-22"})
            # 24 months from the decision end on Sunday 2020-10-11, a rest day: so on Monday
            # (Civil Code art. 203).
            publication = published["dishonestyRecordPublish"]["publication"]
            assert (publication["publicUntil"], publication["ruleVersion"]) == (
                "2020-10-12",
                "WW-2027-1",
            )
