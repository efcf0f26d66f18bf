"""The responsibility matrix in Excel: download, CLI export, and re-import to the same
assignments through the plan import."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.conftest import GraphQLClient

PLAN = "{ plans(first: 1) { nodes { id title } } }"
SHAPE = """
query($id: ID!) {
  plan(id: $id) {
    title
    tasks(first: 100) { nodes { code title assignments { role unit { id } } } }
  }
}
"""
IMPORT = """
mutation($file: String!) {
  planImport(input: {fileBase64: $file}) {
    written warnings { message }
    plan { id previousEdition { id } }
    changes { added removed reassigned redated }
  }
}
"""


def shape(plan: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    return {
        t["code"]: {(a["role"], a["unit"]["id"]) for a in t["assignments"]}
        for t in plan["tasks"]["nodes"]
    }


async def test_download_and_reimport_give_the_same_assignments(seeded: GraphQLClient) -> None:
    plan = (await seeded.data(PLAN))["plans"]["nodes"][0]
    response = await seeded.http.get(f"/exports/plans/{plan['id']}/matrix.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == plan["title"]
    assert rows[1][:4] == ("序号", "工作任务", "牵头单位", "配合单位")
    assert len(rows) == 2 + 21
    by_code = {r[0]: r for r in rows[2:]}
    assert by_code["一.(二).2"][2:4] == ("市中级人民法院", "市直有关部门、单位、各县区政府")

    imported = (await seeded.data(IMPORT, {"file": base64.b64encode(response.content).decode()}))[
        "planImport"
    ]
    # The matrix restates the current edition (issue date, issuer, tasks, units, deadlines):
    # re-importing it changes nothing (issue 14; it used to make a second, double-counted edition).
    assert imported["written"] is False
    assert imported["warnings"] == []
    assert imported["plan"]["id"] == plan["id"]
    assert imported["changes"] is None
    assert rows[0][1:3] == ("发文单位：武威市人民政府办公室", "印发日期：2017-12-12")
    original = (await seeded.data(SHAPE, {"id": plan["id"]}))["plan"]
    assert len(shape(original)) == 21
    assert (await seeded.data(PLAN))["plans"]["nodes"] == [plan]

    # A changed deadline makes it a new edition of the same document: same tasks and units.
    changed = io.BytesIO()
    book = load_workbook(io.BytesIO(response.content))
    for row in book.worksheets[0].iter_rows(min_row=3):
        if row[0].value == "一.(二).2":
            row[4].value = "2019年6月底前"
    book.save(changed)
    imported = (await seeded.data(IMPORT, {"file": base64.b64encode(changed.getvalue()).decode()}))[
        "planImport"
    ]
    assert imported["written"] is True
    assert imported["plan"]["previousEdition"]["id"] == plan["id"]
    assert imported["changes"] == {
        "added": [],
        "removed": [],
        "reassigned": [],
        "redated": ["一.(二).2"],
    }
    again = (await seeded.data(SHAPE, {"id": imported["plan"]["id"]}))["plan"]
    assert shape(again) == shape(original)


async def test_unknown_plan_is_a_404_with_a_code(seeded: GraphQLClient) -> None:
    response = await seeded.http.get("/exports/plans/UGxhbjo5OTk=/matrix.xlsx")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = await seeded.http.get("/exports/plans/nonsense/matrix.xlsx")
    assert bad.status_code == 400


def test_cli_export_matrix(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{tmp_path / 'm.sqlite3'}"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert cli("seed").returncode == 0
    out = tmp_path / "matrix.xlsx"
    result = cli("export-matrix", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).worksheets[0].max_row == 23
    assert cli("export-matrix", "99", "-o", str(out)).returncode == 2
