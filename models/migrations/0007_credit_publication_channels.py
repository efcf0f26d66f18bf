"""Publication on several channels, public summaries, and public objections with a secret
(models/credit.py DishonestyPublicationChannel, DishonestyPublication.summary; models/public.py).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002)
and a description-only change of ``channel``. Existing rows are filled: each publication that named
a channel gets that channel (on its own first day, no reference), and each publication gets the
public summary the public saw until now — its record's facts with known names masked, now by the
full rule (resolvers/credit/masking.py) rather than the exact stored name only.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

FILL_CHANNELS = """
INSERT INTO dishonesty_publication_channel
    (created_at, updated_at, version, publication_id, channel, published_on, reference)
SELECT created_at, updated_at, 1, id, channel, published_on, ''
FROM dishonesty_publication WHERE channel <> ''
"""


async def fill_summaries(apps: Any, schema_editor: Any) -> None:
    """Each publication's summary: its record's facts, every known name masked."""
    # A pure function of the credit domain; migrations otherwise import only tortoise.
    from resolvers.credit.masking import KnownNames

    client = schema_editor.client
    mark = "$1" if client.capabilities.dialect == "postgres" else "?"
    mark2 = "$2" if client.capabilities.dialect == "postgres" else "?"
    people = [r["name"] for r in await client.execute_query_dict("SELECT name FROM person")]
    units: list[str] = []
    for row in await client.execute_query_dict("SELECT name, short_name FROM unit"):
        units += [row["name"], row["short_name"] or ""]
    await client.execute_query("UPDATE dishonesty_publication SET summary = ''")
    rows = await client.execute_query_dict(
        "SELECT p.id, r.facts, s.name AS own FROM dishonesty_publication p "
        "JOIN dishonesty_record r ON r.id = p.record_id "
        "LEFT JOIN person s ON s.id = r.person_id"
    )
    for row in rows:
        known = KnownNames.of(people, row["own"], units)
        await client.execute_query(
            f"UPDATE dishonesty_publication SET summary = {mark} WHERE id = {mark2}",
            [known.mask(row["facts"]), row["id"]],
        )


class DescribedOnly(ops.AlterField):
    """A change of the field's description alone: SQLite keeps no column comments, so nothing
    is done there (its ALTER would rebuild the table, and dropping a table that other rows
    refer to breaks their foreign keys); PostgreSQL updates the comment."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            return
        await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0006_cycle_item_applications')]

    initial = False

    operations = [
        # Text columns get no DEFAULT in the DDL: added nullable, filled, then made NOT NULL.
        ops.AddField(
            model_name='DishonestyPublication',
            name='summary',
            field=fields.TextField(null=True, default='', description='公示内容: the text the public sees, names masked, checked when it was published.', unique=False),
        ),
        ops.RunPython(fill_summaries, ops.RunPython.noop),
        DescribedOnly(
            model_name='DishonestyPublication',
            name='channel',
            field=fields.CharField(default='', description='The first channel named (kept for old clients); every channel is a PublicationChannel.', max_length=200),
        ),
        ops.AlterField(
            model_name='DishonestyPublication',
            name='summary',
            field=fields.TextField(default='', description='公示内容: the text the public sees, names masked, checked when it was published.', unique=False),
        ),
        ops.CreateModel(
            name='DishonestyPublicationChannel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('publication', fields.ForeignKeyField('models.DishonestyPublication', source_field='publication_id', db_index=True, db_constraint=True, to_field='id', related_name='channels', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharField(max_length=100)),
                ('published_on', fields.DateField()),
                ('reference', fields.CharField(default='', description="The channel's own reference (its notice number or link), as the administrator gave it.", max_length=500)),
            ],
            options={'table': 'dishonesty_publication_channel', 'app': 'models', 'unique_together': (('publication', 'channel'),), 'pk_attr': 'id', 'table_description': 'One channel a publication went out on (单位门户网站, 信用武威, 信用甘肃…), with its own'},
            bases=['Record'],
        ),
        ops.RunSQL(FILL_CHANNELS, reverse_sql=ops.RunSQL.noop),
        ops.AddField(
            model_name='PublicSubmission',
            name='objection',
            field=fields.ForeignKeyField('models.DishonestyObjection', source_field='objection_id', null=True, db_index=True, description='The formal objection an objection opened (or joined, when one was already open).', db_constraint=True, to_field='id', related_name='public_submissions', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='PublicSubmission',
            name='secret_hash',
            field=fields.CharField(null=True, default='', description='SHA-256 of the secret returned once to the sender (empty for submissions before it).', max_length=64),
        ),
        ops.RunSQL(
            "UPDATE public_submission SET secret_hash = '' WHERE secret_hash IS NULL",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.AlterField(
            model_name='PublicSubmission',
            name='secret_hash',
            field=fields.CharField(default='', description='SHA-256 of the secret returned once to the sender (empty for submissions before it).', max_length=64),
        ),
    ]
