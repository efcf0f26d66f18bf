"""GraphiQL's saved example tabs are valid and show something on the demo day, as the office
account (督查室 + 信用 + 审计) that opens them."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from resolvers import workdays
from resolvers.root import graphql_schema
from server.database import open_database
from server.demo import DEMO_DAY, load_demo_year
from server.graphiql import EXAMPLES
from server.settings import Settings
from tests.conftest import running
from tests.databases import DatabaseFactory
from tests.readme import has_value

NAMES = [parse(tab["query"]).definitions[0].name.value for tab in EXAMPLES]  # type: ignore[attr-defined]


def test_there_are_tabs_for_the_workflow_credit_and_ppp() -> None:
    assert {"Accountability", "CreditRecords", "PppResponsibility"} <= set(NAMES)


@pytest.mark.parametrize("tab", EXAMPLES, ids=NAMES)
def test_every_tab_is_valid(tab: dict[str, str]) -> None:
    assert validate(graphql_schema._schema, parse(tab["query"])) == []


async def test_every_tab_answers_with_data_on_the_demo_day(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = await databases.fresh(seeded=True)
    workdays.set_today(DEMO_DAY)
    try:
        async with open_database(url):
            await load_demo_year(Settings(database_url=url, evidence_dir=tmp_path))
    finally:
        workdays.set_today(None)
    async with running(url, today=DEMO_DAY, evidence_dir=tmp_path) as (_, office):
        for name, tab in zip(NAMES, EXAMPLES, strict=True):
            data = await office.data(tab["query"])
            assert has_value(data), name
            for value in data.values():
                if isinstance(value, dict) and "totalCount" in value:
                    assert value["totalCount"] > 0, f"{name}: an empty list on the demo day"
