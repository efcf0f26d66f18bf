"""The overdue list (逾期承诺清单) as .xlsx: over HTTP within the caller's permissions, and by
the CLI."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from resolvers.clock.tick import tick
from resolvers.context import Role
from resolvers.global_ids import to_global_id
from tests.api.subscribers import Scene, client_of, open_scene, token_for
from tests.api.test_events import pledge

HEADER = (
    "单位",
    "任务编号",
    "任务",
    "承诺内容",
    "承诺期限",
    "逾期起始",
    "逾期工作日",
    "责任人",
    "预警等级",
    "预警原因",
)
URGE = """
mutation Urge($id: ID!, $on: Date!) {
  urgingRecord(input: {commitmentId: $id, urgedOn: $on, channel: PHONE, text: "请说明"}) {
    urging { id }
  }
}
"""
WARNINGS = """
query { commitmentWarnings(asOf: "2018-07-03", levels: [RED]) {
  nodes { reasons commitment { unit { name } } } } }
"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def scene(seeded_url: str) -> Any:
    async with open_scene(seeded_url) as opened:
        yield opened


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


async def overdue_scene(scene: Scene) -> None:
    """One overdue commitment of each unit on 2018-07-03 (marked by the clock), one not yet due."""
    await pledge(scene.office, scene.assignment_a, "2018-06-29")
    await pledge(scene.leader_b, scene.assignment_b, "2018-06-29")
    await pledge(scene.office, scene.assignment_a, "2018-07-20")
    await tick(date(2018, 7, 3), 3)


async def test_the_office_downloads_every_overdue_commitment(scene: Scene) -> None:
    await overdue_scene(scene)
    response = await scene.office.http.get("/exports/overdue.xlsx", params={"asOf": "2018-07-03"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    rows = sheet_rows(response.content)
    assert rows[0][0] == "逾期承诺清单（截至 2018-07-03，共 2 项）"
    assert rows[1] == HEADER
    assert len(rows) == 4
    for row in rows[2:]:
        assert row[3] == "建立督导台账"
        assert (row[4].date(), row[5].date()) == (
            date(2018, 6, 29),
            date(2018, 6, 30),
        )
        assert row[6] == 2  # Monday 2 and Tuesday 3 July
        # Overdue is a red card (红牌), with the reason as `commitmentWarnings` gives it.
        assert row[8] == "红牌"
        assert row[9].startswith(f"逾期 — overdue since {row[5].date()} ")
    narrowed = await scene.office.http.get(
        "/exports/overdue.xlsx",
        params={"asOf": "2018-07-03", "unitId": to_global_id("Unit", scene.unit_b)},
    )
    assert len(sheet_rows(narrowed.content)) == 3


async def test_the_warning_columns_say_what_the_api_says(scene: Scene) -> None:
    late = await pledge(scene.office, scene.assignment_a, "2018-06-29")
    await pledge(scene.leader_b, scene.assignment_b, "2018-06-29")
    for on in ("2018-07-02", "2018-07-03"):
        await scene.office.data(URGE, {"id": late, "on": on})
    await tick(date(2018, 7, 3), 3)
    response = await scene.office.http.get("/exports/overdue.xlsx", params={"asOf": "2018-07-03"})
    cards = {(row[0], row[8], row[9]) for row in sheet_rows(response.content)[2:]}
    api = (await scene.office.data(WARNINGS))["commitmentWarnings"]["nodes"]
    assert cards == {
        (n["commitment"]["unit"]["name"], "红牌", "；".join(n["reasons"])) for n in api
    }
    urged = [reasons for _, _, reasons in cards if "催办" in reasons]
    assert len(urged) == 1
    assert "urged 3 times without feedback" in urged[0]  # twice by hand, once by the sweep


async def test_a_unit_downloads_only_its_own_and_strangers_nothing(scene: Scene) -> None:
    await overdue_scene(scene)
    staff_b = await token_for(Role.UNIT_STAFF, unit_pk=scene.unit_b)
    async with client_of(scene.app, staff_b) as client:
        own = await client.http.get("/exports/overdue.xlsx", params={"asOf": "2018-07-03"})
    rows = sheet_rows(own.content)
    assert len(rows) == 3
    anonymous = await scene.office.http.get(
        "/exports/overdue.xlsx", params={"asOf": "2018-07-03"}, headers={"authorization": ""}
    )
    assert anonymous.status_code == 401
    bad = await scene.office.http.get("/exports/overdue.xlsx", params={"asOf": "July"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "asOf"}


async def test_export_overdue_command(scene: Scene, seeded_url: str, tmp_path: Path) -> None:
    await overdue_scene(scene)
    output = tmp_path / "overdue.xlsx"
    run = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "server.cli",
            "export-overdue",
            "--as-of",
            "2018-07-03",
            "-o",
            str(output),
        ],
        env={**os.environ, "DATABASE_URL": seeded_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "2 overdue commitments" in run.stdout
    assert len(sheet_rows(output.read_bytes())) == 4
