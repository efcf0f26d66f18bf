"""Issue 17: planImport with web pages and PDFs; files without a plan refused, nothing written."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GraphQLClient
from tests.parse.pdfs import encrypted_pdf, plan_pdf, scanned_pdf
from tests.parse.test_parse_sources import PAGE

IMPORT = """
mutation($input: PlanImportInput!) {
  planImport(input: $input) {
    written sourceText preview
    plan { title tasks { nodes { code assignments { role unit { name } } } } }
  }
}
"""
STATE = "{ journalHead { seq } plans { totalCount } units { totalCount } }"


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def test_web_page_imports(seeded: GraphQLClient) -> None:
    page = {"fileBase64": encoded(PAGE.encode()), "createUnits": True}
    data = await seeded.data(IMPORT, {"input": page})
    result = data["planImport"]
    assert result["written"] is True
    assert result["plan"]["title"] == "某市政务诚信建设任务分工方案"
    # the preview's spans point into the text read from the page, which the payload returns
    text = result["sourceText"]
    spans = [a for t in result["preview"]["tasks"] for a in t["assignments"]]
    assert [text[a["start"] : a["end"]] for a in spans] == [a["unit"] for a in spans]
    assert "首页" not in text
    tasks = result["plan"]["tasks"]["nodes"]
    assert [[a["role"] for a in t["assignments"]] for t in tasks] == [
        ["LEAD", "CO_RESPONSIBLE"],
        ["LEAD", "CO_RESPONSIBLE"],
        ["LEAD", "CO_RESPONSIBLE", "CO_RESPONSIBLE"],
    ]


async def test_pdf_imports(seeded: GraphQLClient) -> None:
    pdf = plan_pdf(
        ["关于信用建设的分工方案", "一、重点任务"],
        [
            ["序号", "工作任务", "牵头单位", "配合单位"],
            ["1", "建立督办台账", "市政府督查室", "各县区政府"],
        ],
        [],
    )
    result = (await seeded.data(IMPORT, {"input": {"fileBase64": encoded(pdf)}}))["planImport"]
    assert result["written"] is True
    (task,) = result["plan"]["tasks"]["nodes"]
    assert [(a["unit"]["name"], a["role"]) for a in task["assignments"]] == [
        ("市政府督查室", "LEAD"),
        ("各县区政府", "CO_RESPONSIBLE"),
    ]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (scanned_pdf(), "no text layer"),
        (encrypted_pdf(), "encrypted"),
        (b"<!DOCTYPE html><html><body><p>hello</p></body></html>", "no plan"),
        (bytes(range(256)) * 4, "send plain text"),
    ],
    ids=["scanned-pdf", "encrypted-pdf", "html-without-plan", "binary"],
)
async def test_files_without_a_plan_are_refused(
    seeded: GraphQLClient, data: bytes, said: str
) -> None:
    before = await seeded.data(STATE)
    error = await seeded.error(IMPORT, {"input": {"fileBase64": encoded(data)}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "fileBase64"}
    assert said in error["message"]
    assert await seeded.data(STATE) == before


async def test_binary_text_is_refused(seeded: GraphQLClient) -> None:
    before = await seeded.data(STATE)
    garbage = bytes(range(1, 256)).decode("latin-1") * 4
    error = await seeded.error(IMPORT, {"input": {"text": garbage}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}
    assert "control character" in error["message"]  # refused before the parser runs
    assert await seeded.data(STATE) == before


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_report_and_bad_files(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    binary = tmp_path / "plan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    env = {"DATABASE_URL": f"sqlite://{tmp_path / 'never.sqlite3'}"}
    report = run_cli("import", "--report", "--json", str(page), str(scan), env=env)
    assert report.returncode == 2
    rows = json.loads(report.stdout)
    assert rows[0] == {
        "file": str(page),
        "tasks": 3,
        "assignments": 7,
        "warnings": rows[0]["warnings"],
        "unresolvedUnits": rows[0]["unresolvedUnits"],
    }
    assert rows[0]["unresolvedUnits"] >= 1  # 市统计局 is not in the catalogue
    assert rows[1] == {"file": str(scan), "error": True}
    assert "no text layer" in report.stderr
    refused = run_cli("import", str(binary), env=env)
    assert refused.returncode == 2
    assert "binary" in refused.stderr
    assert not (tmp_path / "never.sqlite3").exists()  # nothing written


def readme_block(language: str, needle: str) -> str:
    from tests import readme

    (block,) = [b for b in readme.blocks() if b.language == language and needle in b.text]
    return block.text


async def test_readme_source_text_example(seeded: GraphQLClient) -> None:
    document = readme_block("graphql", "sourceText")
    data = await seeded.data(document, {"file": encoded(PAGE.encode())})
    result = data["planImport"]
    assert result["sourceText"].startswith("某市政务诚信建设任务分工方案\n")
    assert len(result["preview"]["tasks"]) == 3


def test_readme_import_command_lines(tmp_path: Path) -> None:
    from tests import readme

    block = readme_block("sh", "--report")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(
        plan_pdf(
            ["关于信用建设的分工方案", "一、重点任务"],
            [["序号", "工作任务", "牵头单位"], ["1", "建立督办台账", "市政府督查室"]],
            [],
        )
    )
    (tmp_path / "plan.txt").write_text("方案\n一、任务\n1.试点。(牵头单位:市发改委)\n", "utf-8")
    lines = readme.command_lines(readme.Block("sh", block, 0))
    assert len(lines) == 3
    outputs = []
    for argv in lines:
        done = subprocess.run(
            [sys.executable, "-m", "server.cli", *argv],
            cwd=tmp_path,
            env={**os.environ, "DATABASE_URL": f"sqlite://{tmp_path / 'never.sqlite3'}"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert "3 tasks" in outputs[0]
    assert [t["title"] for t in json.loads(outputs[1])["tasks"]] == ["建立督办台账"]
    report = [line.split("\t") for line in outputs[2].splitlines()]
    assert report == [
        ["tasks", "assignments", "warnings", "unresolved", "file"],
        ["1", "1", report[1][2], "0", "plan.txt"],
        ["3", "7", report[2][2], report[2][3], "page.html"],
        ["1", "1", report[3][2], "0", "plan.pdf"],
    ]
