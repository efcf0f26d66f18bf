"""Editions and valid time: an assignment's post in charge, a plan edition's supersession, a
task's link to the task it continues — and existing rows moved onto them.

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002),
plus ``move_existing_rows``: assignments start on their plan's issue date; an edition that a later
one revised is superseded on the later one's issue date and its open assignments end the day
before (so existing databases stop counting both editions).
"""

from datetime import date, timedelta
from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


async def move_existing_rows(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    await client.execute_script(
        "UPDATE assignment SET valid_from = (SELECT plan.issued_on FROM task JOIN plan "
        "ON plan.id = task.plan_id WHERE task.id = assignment.task_id) "
        "WHERE valid_from IS NULL"
    )
    _, rows = await client.execute_query(
        "SELECT later.previous_edition_id, later.issued_on, later.created_at FROM plan later "
        "WHERE later.previous_edition_id IS NOT NULL ORDER BY later.id"
    )
    for row in rows:
        old_pk = int(row["previous_edition_id"])
        start = _day(row["issued_on"]) or _day(row["created_at"])
        assert start is not None
        last_day = start - timedelta(days=1)
        await client.execute_script(
            f"UPDATE plan SET superseded_on = '{start.isoformat()}' "
            f"WHERE id = {old_pk} AND superseded_on IS NULL"
        )
        await client.execute_script(
            f"UPDATE assignment SET valid_to = '{last_day.isoformat()}', "
            "end_reason = 'superseded by a later edition of the plan' "
            f"WHERE valid_to IS NULL AND task_id IN (SELECT id FROM task WHERE plan_id = {old_pk})"
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0008_rules_calendar_credit_rules_drafts")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Assignment",
            name="in_charge_post",
            field=fields.CharField(
                default="",
                db_default="",
                description="The post in charge (分管领导 / 责任人) by its title in the unit "
                "(empty: the unit's head).",
                max_length=100,
            ),
        ),
        ops.AddField(
            model_name="Plan",
            name="historical",
            field=fields.BooleanField(
                default=False,
                db_default=False,
                description="Imported as a historical edition (older than the one already current).",
            ),
        ),
        ops.AddField(
            model_name="Plan",
            name="superseded_on",
            field=fields.DateField(
                null=True,
                db_index=True,
                description="The day a later edition became current (this one holds until the "
                "day before), or null",
            ),
        ),
        ops.AddField(
            model_name="Task",
            name="carried_from",
            field=fields.ForeignKeyField(
                "models.Task",
                source_field="carried_from_id",
                null=True,
                db_index=True,
                description="The task of the edition before that this one continues (沿用): its "
                "commitments, progress",
                db_constraint=True,
                to_field="id",
                related_name="carried_to",
                on_delete=OnDelete.RESTRICT,
            ),
        ),
        ops.AddField(
            model_name="Task",
            name="match_rule",
            field=fields.CharField(
                default="",
                db_default="",
                description="How the match was made (CODE_TITLE, TEXT, REVIEWED) and its text "
                "similarity (0..1).",
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Task",
            name="match_score",
            field=fields.FloatField(null=True),
        ),
        ops.RunPython(move_existing_rows, ops.RunPython.noop),
    ]
