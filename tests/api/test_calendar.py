"""The working-day calendar beyond chinesecalendar: statutory holidays by rule until the year's
schedule is loaded, then the schedule, with stored deadlines recounted and journaled."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from resolvers import workdays
from resolvers.actor import Actor, Role
from resolvers.calendar.operations import load_schedule, refreshed_schedules
from server import calendar_cli
from server.cli import parser
from tests.conftest import GraphQLClient

CALENDAR = """
query Calendar($year: Int!) {
  workingCalendar(year: $year) { covered source basis warning makeUpWorkingDays holidays }
}
"""

LOAD = """
mutation Load($input: WorkdayScheduleLoadInput!) {
  workdayScheduleLoad(input: $input) {
    calendar { source covered warning makeUpWorkingDays holidays }
    recounted
  }
}
"""

REPORT = """
mutation Report($input: DishonestyRecordReportInput!) {
  dishonestyRecordReport(input: $input) {
    record { id reportDueOn reportedLate calendarBasis }
  }
}
"""

RECORD = """
query Record($id: ID!) {
  node(id: $id) { ... on DishonestyRecord { reportDueOn reportedLate calendarBasis } }
}
"""

RECOUNTS = """
query Recounts($id: ID!) {
  journal(filter: {entityId: $id, action: "dishonesty_record.recount"}) {
    nodes { before after }
  }
}
"""

FILE = """
mutation File($id: ID!) {
  dishonestyObjectionFile(input: {recordId: $id, filedBy: "古浪县政府", filedOn: "2027-02-04",
                                  grounds: "处罚已撤销"}) {
    objection { id markDueOn }
  }
}
"""

OBJECTION = """
query Objection($id: ID!) { node(id: $id) { ... on DishonestyObjection { markDueOn } } }
"""

HEAD = "query { journalHead { seq } }"
UNIT = 'query { unitByName(name: "古浪县政府") { id } }'

#: A 2027 notice as the State Council writes them (the dates here are made up for the test).
SCHEDULE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（测试用）
day,kind,name
2027-01-01..2027-01-03,HOLIDAY,元旦
2027-02-05..2027-02-13,HOLIDAY,春节
2027-02-14,WORKDAY,春节调休上班
2027-02-20,WORKDAY,春节调休上班
"""


@pytest.fixture
def in_2027(seeded: GraphQLClient) -> Iterator[GraphQLClient]:
    """The seeded app, with today in March 2027 (event days may not lie in the future)."""
    workdays.set_today(date(2027, 3, 1))
    try:
        yield seeded
    finally:
        workdays.set_today(None)


async def report(client: GraphQLClient, occurred: str, reported: str) -> dict[str, Any]:
    unit = (await client.data(UNIT))["unitByName"]["id"]
    values = {
        "unitId": unit,
        "category": "ACCOUNTABILITY",
        "severity": "GENERAL",
        "facts": "未按期完成承诺事项",
        "occurredOn": occurred,
        "reportedOn": reported,
    }
    data = await client.data(REPORT, {"input": values})
    return dict(data["dishonestyRecordReport"]["record"])


async def load(client: GraphQLClient, schedule: str, year: int = 2027) -> dict[str, Any]:
    notice = "国务院办公厅关于2027年部分节假日安排的通知"
    variables = {"input": {"year": year, "notice": notice, "schedule": schedule}}
    return dict((await client.data(LOAD, variables))["workdayScheduleLoad"])


async def test_2027_deadlines_across_new_year_and_spring_festival_by_rule_then_by_schedule(
    in_2027: GraphQLClient,
) -> None:
    seeded = in_2027
    before = (await seeded.data(CALENDAR, {"year": 2027}))["workingCalendar"]
    assert (before["source"], before["covered"]) == ("RULE", False)
    assert "Load the State Council's notice" in before["warning"]
    # 元旦, 除夕 to 初三 (4 days since 2025) with 补假 for the weekend days, 清明, 国庆 1–3.
    for day in ("2027-01-01", "2027-02-05", "2027-02-08", "2027-02-10", "2027-04-05", "2027-10-03"):
        assert day in before["holidays"]
    assert before["makeUpWorkingDays"] == []

    # Wed 2026-12-30 + 7: 12-31, (元旦 off) 01-04 … 01-08, 01-11. Weekends only says 01-08.
    new_year = await report(seeded, "2026-12-30", "2027-01-11")
    assert (new_year["reportDueOn"], new_year["reportedLate"]) == ("2027-01-11", False)
    assert new_year["calendarBasis"].startswith("statutory holidays by rule")
    # Wed 2027-02-03 + 7 by rule: 02-04, (春节 02-05 … 02-10 off) 02-11, 12, 15, 16, 17, 18.
    spring = await report(seeded, "2027-02-03", "2027-02-19")
    assert (spring["reportDueOn"], spring["reportedLate"]) == ("2027-02-18", True)

    # An objection filed on Thursday 02-04 is to be marked the next working day: 02-11 by rule.
    objection = (await seeded.data(FILE, {"id": new_year["id"]}))["dishonestyObjectionFile"]
    assert objection["objection"]["markDueOn"] == "2027-02-11"

    loaded = await load(seeded, SCHEDULE_2027)
    assert loaded["calendar"]["source"] == "LOADED"
    assert loaded["calendar"]["warning"] is None
    assert loaded["calendar"]["makeUpWorkingDays"] == ["2027-02-14", "2027-02-20"]
    assert "2027-02-13" in loaded["calendar"]["holidays"]
    # The notice moves the Spring Festival deadline: 02-04, then Sunday 02-14 (worked), 15 … 19.
    # Both were counted by rule, so both are recounted (the 元旦 one keeps its date, its basis
    # changes).
    assert sorted(loaded["recounted"]) == sorted(
        [spring["id"], new_year["id"], objection["objection"]["id"]]
    )
    # By the notice the next working day after 02-04 is Sunday 02-14 (调休).
    marked = (await seeded.data(OBJECTION, {"id": objection["objection"]["id"]}))["node"]
    assert marked["markDueOn"] == "2027-02-14"
    recounted = (await seeded.data(RECORD, {"id": spring["id"]}))["node"]
    assert (recounted["reportDueOn"], recounted["reportedLate"]) == ("2027-02-19", False)
    assert recounted["calendarBasis"].startswith("schedule loaded for 2027")
    kept = (await seeded.data(RECORD, {"id": new_year["id"]}))["node"]
    assert (kept["reportDueOn"], kept["reportedLate"]) == ("2027-01-11", False)
    entries = (await seeded.data(RECOUNTS, {"id": spring["id"]}))["journal"]["nodes"]
    assert len(entries) == 1
    assert (entries[0]["before"]["report_due_on"], entries[0]["after"]["report_due_on"]) == (
        "2027-02-18",
        "2027-02-19",
    )
    assert (entries[0]["before"]["reported_late"], entries[0]["after"]["reported_late"]) == (
        True,
        False,
    )
    # A record reported now is counted by the schedule at once.
    fresh = await report(seeded, "2027-02-03", "2027-02-19")
    assert (fresh["reportDueOn"], fresh["reportedLate"]) == ("2027-02-19", False)
    # Loading the same schedule again changes no deadline.
    assert (await load(seeded, SCHEDULE_2027))["recounted"] == []


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ("2027-01-01,HOLIDAY,元旦\n2027-13-01,HOLIDAY,春节\n", "Line 2: '2027-13-01' is not"),
        ("# 通知\n2027-01-01,HOLIDAY\n", "Line 2: expected `day,kind,name`"),
        ("2027-01-01,HOLIDAY,元旦\n2027-01-02,REST,元旦\n", "Line 2: kind 'REST'"),
        (
            "2027-02-05..2027-02-11,HOLIDAY,春节\n\n2027-02-08,HOLIDAY,春节\n",
            "Line 3: 2027-02-08 is already given on line 1",
        ),
        ("2027-01-01,HOLIDAY,元旦\n2026-12-31,HOLIDAY,元旦\n", "Line 2: 2026-12-31 is not in 2027"),
        ("2027-01-01,HOLIDAY,元旦\n2027-02-15,WORKDAY,调休\n", "Line 2: 2027-02-15 is a weekday"),
        ("2027-02-14,WORKDAY,调休\n", "names no holiday"),
    ],
)
async def test_a_bad_schedule_is_refused_naming_the_line_and_nothing_is_written(
    client: GraphQLClient, schedule: str, problem: str
) -> None:
    head = await client.data(HEAD)
    variables = {"input": {"year": 2027, "notice": "通知", "schedule": schedule}}
    error = await client.error(LOAD, variables)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "schedule"}
    assert problem in error["message"]
    assert await client.data(HEAD) == head
    calendar = (await client.data(CALENDAR, {"year": 2027}))["workingCalendar"]
    assert calendar["source"] == "RULE"


async def test_a_year_the_package_covers_takes_no_schedule(client: GraphQLClient) -> None:
    variables = {"input": {"year": 2026, "notice": "通知", "schedule": "2026-01-01,HOLIDAY,元旦"}}
    error = await client.error(LOAD, variables)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "year"}
    calendar = (await client.data(CALENDAR, {"year": 2026}))["workingCalendar"]
    assert (calendar["source"], calendar["covered"]) == ("OFFICIAL", True)


async def test_only_the_office_or_the_system_admin_loads_a_schedule(
    client: GraphQLClient,
) -> None:
    variables = {"input": {"year": 2027, "notice": "通知", "schedule": SCHEDULE_2027}}
    for role in (Role.CREDIT_ADMIN, Role.AUDITOR):
        error = await (await client.as_roles(role)).error(LOAD, variables)
        assert error["extensions"]["code"] == "FORBIDDEN"
    admin = await client.as_roles(Role.SYSTEM_ADMIN)
    assert (await load(admin, SCHEDULE_2027))["calendar"]["source"] == "LOADED"


async def test_the_command_line_loads_a_schedule_file_and_names_a_bad_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workdays.install([])  # this process counts as a fresh database says (no app started here)
    notice = ["--year", "2027", "--notice", "国务院办公厅关于2027年部分节假日安排的通知"]
    bad = tmp_path / "2027-bad.csv"
    bad.write_text("2027-01-01,HOLIDAY,元旦\n2027-01-01,HOLIDAY,元旦\n", encoding="utf-8")
    assert (
        await calendar_cli.load(
            database_url, parser().parse_args(["calendar-load", str(bad), *notice])
        )
        == 2
    )
    assert (
        "BAD_USER_INPUT: Line 2: 2027-01-01 is already given on line 1." in capsys.readouterr().err
    )
    assert workdays.source(2027) == workdays.Source.RULE
    good = tmp_path / "2027.csv"
    good.write_text(SCHEDULE_2027, encoding="utf-8")
    args = parser().parse_args(["calendar-load", str(good), *notice])
    assert await calendar_cli.load(database_url, args) == 0
    assert "2027: 12 days off and 2 make-up working days loaded" in capsys.readouterr().out
    assert workdays.source(2027) == workdays.Source.LOADED
    assert workdays.is_workday(date(2027, 2, 14))
    assert not workdays.is_workday(date(2027, 2, 12))
    workdays.install([])


async def test_a_long_running_process_picks_up_a_schedule_another_one_loaded(
    database_url: str,
) -> None:
    from server.database import open_database

    workdays.install([])
    async with open_database(database_url), refreshed_schedules(every=0.05):
        assert workdays.source(2027) == workdays.Source.RULE
        other = Actor("cli:calendar")
        await load_schedule(other, 2027, "通知", SCHEDULE_2027, date(2026, 12, 2))
        workdays.install([])  # as if another process had loaded it: this one does not know yet
        assert workdays.source(2027) == workdays.Source.RULE
        for _ in range(100):
            await asyncio.sleep(0.02)
            if workdays.source(2027) == workdays.Source.LOADED:
                break
        assert workdays.source(2027) == workdays.Source.LOADED
        assert workdays.is_workday(date(2027, 2, 20))
    workdays.install([])


def test_working_days_left_follow_a_schedule_loaded_after_they_were_counted() -> None:
    """The warning list counts working days from cached per-year counts; loading (or
    trying) a schedule must recount them, not answer from the counts of the old calendar."""
    from resolvers.calendar.schedule import parse_schedule
    from resolvers.commitment import due

    workdays.install([])
    start, end = date(2027, 2, 26), date(2027, 3, 31)
    by_rule = due.workdays_between(start, end)
    assert by_rule == workdays.workdays_between(start, end)
    # A made-up schedule: days off on Monday 1 and Friday 12 March, Saturday 6 March worked
    # instead, so the window holds one working day fewer than by rule.
    text = (
        "day,kind,name\n2027-03-01,HOLIDAY,测试\n2027-03-06,WORKDAY,测试调休\n"
        "2027-03-12,HOLIDAY,测试\n"
    )
    schedule = parse_schedule(2027, "通知", text)
    with workdays.trying(schedule):
        loaded = due.workdays_between(start, end)
        assert loaded == workdays.workdays_between(start, end)
        assert loaded == by_rule - 1
    workdays.install([schedule])
    assert due.workdays_between(start, end) == loaded
    workdays.install([])
    assert due.workdays_between(start, end) == by_rule


def test_covered_years_count_working_days_as_chinesecalendar_does() -> None:
    """``is_workday`` answers the package's own rule from its tables (without its per-call
    range check): every day of every year it covers."""
    import chinese_calendar

    day, last = date(workdays.FIRST_YEAR, 1, 1), date(workdays.LAST_YEAR, 12, 31)
    checked = 0
    while day <= last:
        assert workdays.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
        checked += 1
    assert checked > 365 * 20
