"""The demo day: a fixed today, an example year written through the API's operations, marked,
journaled and loaded once; production ignores ``--demo`` unless DUTYGRAPH_DEMO=1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import Commitment, DishonestyRecord, Evidence, JournalEntry
from resolvers import workdays
from server.cli import demo_settings
from server.database import open_database
from server.demo import DEMO_DAY, EXAMPLE, demo_choice, load_demo_year
from server.settings import Settings
from tests.conftest import running
from tests.databases import DatabaseFactory

PUBLIC = "{ dishonestyRecords(first: 5) { totalCount nodes { facts } } }"
DAILY = """
{
  overdueCommitments { nodes { content } }
  commitmentsDueWithin(workingDays: 5) { nodes { content } }
}
"""


async def test_the_example_year_is_marked_journaled_and_loaded_once(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = await databases.fresh(seeded=True)
    workdays.set_today(DEMO_DAY)
    try:
        settings = Settings(database_url=url, evidence_dir=tmp_path / "evidence")
        async with open_database(url):
            assert await load_demo_year(settings) is True
            rows = await Commitment.all().count()
            entries = await JournalEntry.all().count()
            assert await load_demo_year(settings) is False  # idempotent
            assert await Commitment.all().count() == rows == 5
            assert await JournalEntry.all().count() == entries
            assert all(c.content.startswith(EXAMPLE) for c in await Commitment.all())
            assert await Evidence.filter(status="REJECTED").count() == 1
            assert await DishonestyRecord.all().count() == 1
            demo = await JournalEntry.filter(actor__startswith="demo:").count()
            assert demo >= 15  # every step went through the journal, as the demo's actors
        assert any((tmp_path / "evidence").rglob("*")), "the example PDF is in the store"
        # The service on the demo day: the public view and the daily lists show the example.
        async with running(url, today=DEMO_DAY, evidence_dir=tmp_path / "evidence") as (_, api):
            public = await api.public().data(PUBLIC)
            assert public["dishonestyRecords"]["totalCount"] == 1
            daily = await api.data(DAILY)
            assert [n["content"] for n in daily["overdueCommitments"]["nodes"]] == [
                EXAMPLE + "建立县级督导台账"
            ]
            assert [n["content"] for n in daily["commitmentsDueWithin"]["nodes"]] == [
                EXAMPLE + "报送一季度督查台账"
            ]
    finally:
        workdays.set_today(None)


def test_demo_choice() -> None:
    plain = demo_choice(requested=False, production=False, allowed=False, today=None)
    assert (plain.today, plain.load, plain.message) == (None, False, "")
    dev = demo_choice(requested=True, production=False, allowed=False, today=None)
    assert (dev.today, dev.load) == (DEMO_DAY, True)
    assert "2018-03-01" in dev.message
    chosen = demo_choice(requested=True, production=False, allowed=False, today=date(2018, 7, 3))
    assert chosen.today == date(2018, 7, 3)
    refused = demo_choice(requested=True, production=True, allowed=False, today=None)
    assert (refused.today, refused.load) == (None, False)
    assert "ignored in production" in refused.message
    assert "DUTYGRAPH_DEMO=1" in refused.message
    allowed = demo_choice(requested=True, production=True, allowed=True, today=None)
    assert (allowed.today, allowed.load) == (DEMO_DAY, True)


def test_production_serve_demo_says_it_ignores_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DUTYGRAPH_DEMO", raising=False)
    monkeypatch.delenv("DUTYGRAPH_TODAY", raising=False)
    settings = Settings(environment="production")
    with caplog.at_level("WARNING", logger="dutygraph.demo"):
        kept, demo = demo_settings(settings, requested=True)
    assert (kept.today, demo) == (None, False)
    assert "ignored in production" in caplog.text
