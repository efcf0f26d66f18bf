"""`dutygraph journal audit`: every live row against the latest snapshot the journal holds for
it. Rows changed, inserted or deleted behind the application's back are listed (exit 1); a year
of ordinary work through the API leaves nothing to report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from models import PppProject, Task
from resolvers.journal import audit as audit_module
from resolvers.journal.audit import AuditSummary, audit, differences
from server.app import create_app
from server.database import open_database
from server.settings import Settings
from tests.api.test_journal_export import dutygraph
from tests.api.test_workflow_year import test_a_year_of_the_wuwei_plan as a_year_of_work
from tests.conftest import office_client, running
from tests.databases import execute_raw

ASSIGNMENT = """
query($id: ID!) { node(id: $id) { ... on Assignment { unit { name } task { code } } } }
"""
UNIT_UPDATE = """
mutation($input: UnitUpdateInput!) { unitUpdate(input: $input) { unit { id aliases } } }
"""
UNITS = "{ units(first: 3) { nodes { id name } } }"


def run_audit(database_url: str) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    """``dutygraph journal audit``: exit code, the findings, the summary line."""
    result = dutygraph(database_url, "journal", "audit")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines, result.stderr
    return result.returncode, lines[:-1], lines[-1]


async def test_a_year_of_work_through_the_api_audits_clean(seeded_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(database_url=seeded_url, evidence_dir=tmp_path / "evidence"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            office = office_client(http, seeded_url)
            await a_year_of_work(office)
            # A rename refreshes the unit's derived search names after its journal entry.
            unit = (await office.data(UNITS))["units"]["nodes"][0]
            await office.data(UNIT_UPDATE, {"input": {"id": unit["id"], "aliases": ["审计别名"]}})
    code, findings, summary = run_audit(seeded_url)
    assert findings == []
    assert (code, summary["ok"], summary["findings"]) == (0, True, 0)
    checked = {kind for kind, rows in summary["rows_by_type"].items() if rows}
    assert checked >= {
        "Account",
        "ApiToken",
        "Assignment",
        "Commitment",
        "DishonestyRecord",
        "Evaluation",
        "Evidence",
        "Person",
        "Plan",
        "Position",
        "ProgressReport",
        "Task",
        "Unit",
        "UnitMembership",
    }, checked
    assert summary["journaled_entities"] == summary["rows_checked"]


async def test_an_assignment_moved_by_raw_sql_is_found(seeded_url: str) -> None:
    async with running(seeded_url) as (_, client):
        before = (await client.data(ASSIGNMENT, {"id": "QXNzaWdubWVudDox"}))["node"]
    await execute_raw(seeded_url, "UPDATE assignment SET unit_id = unit_id + 1 WHERE id = 1")
    code, findings, summary = run_audit(seeded_url)
    assert code == 1
    assert summary["ok"] is False
    assert summary["by_kind"] == {"changed": 1}
    [moved] = findings
    assert (moved["kind"], moved["entity_type"], moved["entity_id"]) == ("changed", "Assignment", 1)
    assert moved["id"] == "QXNzaWdubWVudDox"
    assert list(moved["columns"]) == ["unit_id"]
    assert moved["columns"]["unit_id"]["row"] == moved["columns"]["unit_id"]["journal"] + 1
    assert isinstance(moved["seq"], int)
    async with running(seeded_url) as (_, client):
        after = (await client.data(ASSIGNMENT, {"id": "QXNzaWdubWVudDox"}))["node"]
    assert after["unit"]["name"] != before["unit"]["name"]  # the API shows the moved row


async def test_rows_inserted_or_deleted_by_raw_sql_are_found(seeded_url: str) -> None:
    columns = (
        "created_at, updated_at, version, role, ordinal, written_name, rule, implicit, "
        "end_reason, task_id, unit_id"
    )
    await execute_raw(
        seeded_url,
        f"INSERT INTO assignment ({columns}) SELECT {columns.replace('ordinal', 'ordinal + 90')} "
        "FROM assignment WHERE id = 2",
    )
    await execute_raw(
        seeded_url,
        "DELETE FROM unit_membership WHERE id = (SELECT MAX(id) FROM unit_membership)",
    )
    code, findings, summary = run_audit(seeded_url)
    assert code == 1
    assert summary["by_kind"] == {"missing": 1, "unjournaled": 1}
    kinds = {(f["kind"], f["entity_type"]) for f in findings}
    assert kinds == {("unjournaled", "Assignment"), ("missing", "UnitMembership")}
    missing = next(f for f in findings if f["kind"] == "missing")
    assert missing["seq"] is not None  # the entry that last recorded it


async def test_the_audit_pages_both_sides_in_batches(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small batches give the same findings: the merge of rows and journal is keyset-paged."""
    await execute_raw(seeded_url, "UPDATE assignment SET ordinal = ordinal + 1 WHERE id = 7")
    await execute_raw(seeded_url, "DELETE FROM unit_membership WHERE id = 3")

    async def findings() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        summary = AuditSummary()
        async with open_database(seeded_url):
            found = [finding.as_dict() async for finding in audit(summary)]
        return found, summary.as_dict()

    whole = await findings()
    monkeypatch.setattr(audit_module, "BATCH", 4)
    paged = await findings()
    assert paged == whole
    assert [(f["kind"], f["entity_type"], f["entity_id"]) for f in whole[0]] == [
        ("changed", "Assignment", 7),
        ("missing", "UnitMembership", 3),
    ]
    assert whole[1]["rows_checked"] > 4 * 10


async def test_columns_journaled_in_another_form_are_checked_in_that_form(
    seeded_url: str,
) -> None:
    """A unit's search names follow from its names; an account's journal says only whether it
    has a password. Changing either by raw SQL is found too."""
    await execute_raw(seeded_url, "UPDATE unit SET search_names = '|某冒名单位|' WHERE id = 2")
    await execute_raw(
        seeded_url, "UPDATE account SET password_hash = 'x' WHERE username = 'office'"
    )
    code, findings, _ = run_audit(seeded_url)
    assert code == 1
    assert {(f["entity_type"], *f["columns"]) for f in findings} == {
        ("Unit", "search_names"),
        ("Account", "has_password"),
    }
    unit = next(f for f in findings if f["entity_type"] == "Unit")
    assert unit["columns"]["search_names"]["row"] == "|某冒名单位|"


def test_other_spellings_count_as_equal_only_in_number_and_time_columns() -> None:
    task = Task(code="01", title="任务")
    assert differences("Task", task, {"code": "1"}) == {"code": {"journal": "1", "row": "01"}}
    project = PppProject(total_investment=Decimal("1.50"))
    assert differences("PppProject", project, {"total_investment": "1.5"}) == {}
    moment = datetime(2018, 1, 2, 3, 4, 5, tzinfo=UTC)
    beijing = {"created_at": "2018-01-02T11:04:05+08:00"}
    assert differences("Task", Task(created_at=moment), beijing) == {}
