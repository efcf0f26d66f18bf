"""The one clock: ``DUTYGRAPH_TODAY`` fixes "today" for the service; unset, it is the real date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from resolvers import workdays
from server.app import create_app
from server.settings import Settings, fixed_day


def test_unset_today_is_the_real_date_in_china() -> None:
    workdays.set_today(None)
    assert not workdays.today_is_fixed()
    assert workdays.today() == datetime.now(workdays.CHINA_TIME).date()


def test_fixed_today_is_read_by_every_caller() -> None:
    try:
        workdays.set_today(date(2018, 3, 1))
        assert workdays.today() == date(2018, 3, 1)
        assert workdays.today_is_fixed()
    finally:
        workdays.set_today(None)


def test_settings_read_dutygraph_today() -> None:
    assert Settings.from_env({"DUTYGRAPH_TODAY": "2018-03-01"}).today == date(2018, 3, 1)
    assert Settings.from_env({}).today is None
    assert fixed_day("  ") is None


def test_a_malformed_day_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Settings.from_env({"DUTYGRAPH_TODAY": "2018年3月1日"})


def test_the_app_fixes_the_day_and_an_app_without_it_restores_the_real_date(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        create_app(Settings(database_url="sqlite://:memory:", today=date(2018, 3, 1)))
        assert workdays.today() == date(2018, 3, 1)
        assert "fixed day 2018-03-01" in caplog.text
        create_app(Settings(database_url="sqlite://:memory:"))
        assert not workdays.today_is_fixed()
    finally:
        workdays.set_today(None)
