"""Migration 0006 on a database written before it: assignments start on their plan's issue
date, and of two editions of one plan only the later one still counts."""

from __future__ import annotations

from datetime import date

from tortoise.migrations.api.migrate import migrate

from models import Assignment, Plan
from server.database import apply_migrations, open_database, tortoise_config
from tests.databases import DatabaseFactory, execute_raw

STAMP = "'2020-01-01 00:00:00+00:00'"
ROWS = [
    "INSERT INTO unit (id, created_at, updated_at, version, name, aliases, search_names, kind, "
    f"note) VALUES (1, {STAMP}, {STAMP}, 1, '市财政局', '[]', '|市财政局|', 'OTHER', '')",
    *(
        "INSERT INTO plan (id, created_at, updated_at, version, title, issued_on, implements, "
        f"source_text, source_sha256, previous_edition_id) VALUES ({pk}, {STAMP}, {STAMP}, 1, "
        f"'方案', '{issued}', '[]', '', '{pk}', {previous})"
        for pk, issued, previous in ((1, "2017-12-12", "NULL"), (2, "2019-03-01", "1"))
    ),
    *(
        "INSERT INTO task (id, created_at, updated_at, version, plan_id, code, title, body, "
        f"ordinal, status) VALUES ({pk}, {STAMP}, {STAMP}, 1, {pk}, '1', '任务', '', 1, "
        "'NOT_STARTED')"
        for pk in (1, 2)
    ),
    *(
        "INSERT INTO assignment (id, created_at, updated_at, version, task_id, unit_id, role, "
        f"ordinal, written_name, rule, implicit, end_reason) VALUES ({pk}, {STAMP}, {STAMP}, 1, "
        f"{pk}, 1, 'LEAD', 1, '市财政局', 'EXPLICIT', FALSE, '')"
        for pk in (1, 2)
    ),
]


async def test_existing_editions_are_moved_onto_valid_time(databases: DatabaseFactory) -> None:
    url = databases._url(await databases._create_empty())
    async with open_database(url):
        await migrate(
            config=tortoise_config(url), target="models.0008_rules_calendar_credit_rules_drafts"
        )
    for statement in ROWS:
        await execute_raw(url, statement)
    await apply_migrations(url)
    async with open_database(url):
        old, new = await Assignment.all().order_by("id")
        assert (old.valid_from, old.valid_to) == (date(2017, 12, 12), date(2019, 2, 28))
        assert "superseded" in old.end_reason
        assert (new.valid_from, new.valid_to) == (date(2019, 3, 1), None)
        assert new.in_charge_post == ""
        first, second = await Plan.all().order_by("id")
        assert (first.superseded_on, first.historical) == (date(2019, 3, 1), False)
        assert second.superseded_on is None
        assert await Assignment.filter(valid_to__isnull=True).count() == 1
