"""Command-line errors say what to type: the flag, not the GraphQL field; what a flag takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import accounts_cli
from server.cli import parser
from server.plan_import import write as import_write

UNKNOWN_UNITS = "某项工作方案\n一、任务\n1.做好试点。(牵头单位:市数据局;配合单位:市发改委)\n"


async def test_an_unknown_unit_says_what_unit_takes(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parser().parse_args(
        ["user", "create", "x1", "--role", "UNIT_LEADER", "--unit", "不存在局"]
    )
    assert await accounts_cli.run_command(seeded_url, args) == 2
    err = capsys.readouterr().err
    assert err.startswith("NOT_FOUND: No unit is called '不存在局'.")
    assert "full name, short name or alias" in err
    assert "not a valid global ID" not in err


async def test_a_missing_unit_names_the_flag(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parser().parse_args(["user", "create", "x2", "--role", "UNIT_LEADER"])
    assert await accounts_cli.run_command(seeded_url, args) == 2
    err = capsys.readouterr().err
    assert "`--unit UNIT`" in err
    assert "unitId" not in err


async def test_an_import_with_unknown_units_names_the_flag(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(UNKNOWN_UNITS, encoding="utf-8")
    assert await import_write(seeded_url, plan, create_units=False, as_json=False) != 0
    captured = capsys.readouterr()
    message = captured.err + captured.out
    assert "市数据局" in message
    assert "--create-units" in message
