"""Importing plans: preview, unknown units, idempotence, revised editions, Word files, CLI."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import GraphQLClient

IMPORT = """
mutation($input: PlanImportInput!) {
  planImport(input: $input) {
    written preview
    warnings { message start end }
    plan {
      id title previousEdition { id }
      tasks { totalCount nodes { code assignments { role unit { name } } } }
    }
    previousEdition { id }
    changes { added removed reassigned }
  }
}
"""
STATE = "{ journalHead { seq } plans { totalCount } units { totalCount } }"

EDITION_1 = """关于推进信用建设的任务分工
一、重点任务
1.建立信用档案。(牵头单位:市发改委;配合单位:市财政局)
2.推进信息公开。(市政府办公室负责)
3.开展诚信教育。(市人社局牵头,各县区政府参与)
"""
EDITION_2 = """关于推进信用建设的任务分工
一、重点任务
1.建立信用档案。(牵头单位:市财政局;配合单位:市发改委)
3.开展诚信教育。(市人社局牵头,各县区政府参与)
4.完善考核办法。(市政府督查室负责)
"""


async def do_import(client: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await client.data(IMPORT, {"input": input})
    result: dict[str, Any] = data["planImport"]
    return result


async def test_dry_run_previews_and_writes_nothing(seeded: GraphQLClient) -> None:
    before = await seeded.data(STATE)
    result = await do_import(seeded, text=EDITION_1, dryRun=True)
    assert result["written"] is False
    assert result["plan"] is None
    preview = result["preview"]
    assert set(preview) == {"document", "tasks", "warnings"}
    first = preview["tasks"][0]
    assert first["path"] == ["一", "1"]
    assert [(a["unit"], a["canonicalUnit"], a["role"]) for a in first["assignments"]] == [
        ("市发改委", "市发展和改革委员会", "LEAD"),
        ("市财政局", "市财政局", "CO_RESPONSIBLE"),
    ]
    unit = first["assignments"][0]
    assert EDITION_1[unit["start"] : unit["end"]] == "市发改委"
    assert EDITION_1[first["start"] :].startswith("1.建立信用档案")
    assert await seeded.data(STATE) == before


async def test_import_is_idempotent_and_revisions_become_editions(seeded: GraphQLClient) -> None:
    first = await do_import(seeded, text=EDITION_1)
    assert first["written"] is True
    assert first["plan"]["tasks"]["totalCount"] == 3
    assert first["previousEdition"] is None
    state = await seeded.data(STATE)
    again = await do_import(seeded, text=EDITION_1)
    assert again["written"] is False
    assert again["plan"]["id"] == first["plan"]["id"]
    assert await seeded.data(STATE) == state

    revised = await do_import(seeded, text=EDITION_2)
    assert revised["written"] is True
    assert revised["previousEdition"]["id"] == first["plan"]["id"]
    assert revised["plan"]["previousEdition"]["id"] == first["plan"]["id"]
    assert revised["changes"] == {
        "added": ["一.4"],
        "removed": ["一.2"],
        "reassigned": ["一.1"],
    }


async def test_unknown_units_fail_the_import_unless_created(seeded: GraphQLClient) -> None:
    text = "某项工作方案\n一、任务\n1.做好试点。(牵头单位:市数据局;配合单位:市发改委)\n"
    before = await seeded.data(STATE)
    preview = await do_import(seeded, text=text, dryRun=True)
    assert any("市数据局" in w["message"] for w in preview["warnings"])
    error = await seeded.error(IMPORT, {"input": {"text": text}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "市数据局" in error["message"]
    assert await seeded.data(STATE) == before
    created = await do_import(seeded, text=text, createUnits=True)
    assert created["written"] is True
    names = [a["unit"]["name"] for a in created["plan"]["tasks"]["nodes"][0]["assignments"]]
    assert names == ["市数据局", "市发展和改革委员会"]


async def test_bad_import_input(seeded: GraphQLClient) -> None:
    both = await seeded.error(IMPORT, {"input": {"text": "x", "fileBase64": "UEs="}})
    assert both["extensions"]["code"] == "BAD_USER_INPUT"
    not_docx = await seeded.error(IMPORT, {"input": {"fileBase64": "aGVsbG8="}})
    assert not_docx["extensions"] == {"code": "BAD_USER_INPUT", "field": "fileBase64"}


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于表格分工的方案")
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["序号", "工作任务", "牵头单位", "配合单位"], strict=True
    ):
        cell.text = text
    rows = [
        ["1", "建立督办台账", "市政府督查室", "各县区政府"],
        ["2", "完善信用平台", "市发改委", "市财政局、市人社局"],
    ]
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


async def test_word_tables_import(seeded: GraphQLClient) -> None:
    encoded = base64.b64encode(docx_bytes()).decode()
    result = await do_import(seeded, fileBase64=encoded)
    tasks = result["plan"]["tasks"]["nodes"]
    assert [[(a["unit"]["name"], a["role"]) for a in t["assignments"]] for t in tasks] == [
        [("市政府督查室", "LEAD"), ("各县区政府", "CO_RESPONSIBLE")],
        [
            ("市发展和改革委员会", "LEAD"),
            ("市财政局", "CO_RESPONSIBLE"),
            ("市人力资源和社会保障局", "CO_RESPONSIBLE"),
        ],
    ]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_dry_run_needs_no_database(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(EDITION_1, encoding="gb18030")
    nowhere = f"postgres://nobody@127.0.0.1:1/{tmp_path.name}"
    result = run_cli("import", str(plan), "--dry-run", "--json", env={"DATABASE_URL": nowhere})
    assert result.returncode == 0, result.stderr
    preview = json.loads(result.stdout)
    assert preview["document"]["title"] == "关于推进信用建设的任务分工"
    assert [t["title"] for t in preview["tasks"]] == [
        "建立信用档案",
        "推进信息公开",
        "开展诚信教育",
    ]
    assert set(preview["tasks"][0]) == {"path", "title", "start", "end", "assignments", "deadline"}


def test_cli_import_writes_once(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(EDITION_1, encoding="utf-8")
    env = {"DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}"}
    assert run_cli("seed", env=env).returncode == 0
    first = run_cli("import", str(plan), "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["written"] is True
    second = run_cli("import", str(plan), "--json", env=env)
    assert json.loads(second.stdout)["written"] is False
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(EDITION_2.replace("任务分工", "任务分工（修订）", 1), encoding="utf-8")
    pk = json.loads(first.stdout)["plan"]
    revised = run_cli("import", str(renamed), "--supersedes", str(pk), "--json", env=env)
    assert revised.returncode == 0, revised.stderr
    report = json.loads(revised.stdout)
    assert report["previousEdition"] == pk
    assert report["changes"]["removed"] == ["一.2"]
    assert report["changes"]["redated"] == []
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("方案\n一、任务\n1.试点。(牵头单位:市数据局)\n", encoding="utf-8")
    refused = run_cli("import", str(unknown), env=env)
    assert refused.returncode == 2
    assert "市数据局" in refused.stderr


async def test_open_tails_name_the_city_s_collective_of_departments(seeded: GraphQLClient) -> None:
    """A、B等有关部门负责: the tail is the city's 市直有关部门、单位, no unit to create."""
    text = (
        "某项工作方案\n一、任务\n1.做好试点。(市发改委、市财政局等有关部门负责)\n"
        "2.抓好落实。(市人社局牵头,各有关部门和单位按职责分工负责)\n"
    )
    made = await do_import(seeded, text=text)
    assert made["written"] is True
    tasks = made["plan"]["tasks"]["nodes"]
    assert ("CO_RESPONSIBLE", "市直有关部门、单位") in [
        (a["role"], a["unit"]["name"]) for a in tasks[0]["assignments"]
    ]
    assert [a["unit"]["name"] for a in tasks[1]["assignments"]][-1] == "市直有关部门、单位"
