"""Issue 18 (rules): holiday schedules loaded for years chinesecalendar does not cover
(models/calendar.py); on dishonesty records the rule version and reporting limit they were
decided under (existing records: WW-2017-1, 7 working days), the PPP breach that opened a draft
record, and the DRAFT and DISMISSED statuses.

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.credit import RecordStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

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
    dependencies = [('models', '0007_credit_publication_channels')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HolidaySchedule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('year', fields.IntField(unique=True)),
                ('notice', fields.CharField(description='The notice it was taken from (e.g. 国务院办公厅关于2027年部分节假日安排的通知).', max_length=500)),
                ('loaded_on', fields.DateField()),
                ('days', fields.JSONField(default=list, description='Each day as {"day": ISO date, "kind": "HOLIDAY" | "WORKDAY", "name": festival}.', encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'holiday_schedule', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A State Council notice for one year: its days off and worked weekend days (调休).'},
            bases=['Record'],
        ),
        DescribedOnly(
            model_name='DishonestyRecord',
            name='status',
            field=fields.CharEnumField(default=RecordStatus.ACTIVE, db_index=True, description='DRAFT: DRAFT\nACTIVE: ACTIVE\nREVOKED: REVOKED\nREPAIRED: REPAIRED\nDISMISSED: DISMISSED', enum_type=RecordStatus, max_length=16),
        ),
        ops.AddField(
            model_name='DishonestyRecord',
            name='ppp_breach',
            field=fields.ForeignKeyField('models.PppBreach', source_field='ppp_breach_id', null=True, db_index=True, description='The PPP breach that opened the record (plan 一(三)2: 纳入政府方责任人信用记录).', db_constraint=True, to_field='id', related_name='dishonesty_records', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='DishonestyRecord',
            name='report_limit_days',
            field=fields.IntField(default=7, db_default=7, description='Working days allowed to report, by the rule version the record was decided under.'),
        ),
        ops.AddField(
            model_name='DishonestyRecord',
            name='rule_version',
            field=fields.CharField(default='', db_default='', description='The credit rule table (resolvers/credit/rules.py) the record was decided under.', max_length=50),
        ),
        # Records reported before rule versions were kept on them were decided under WW-2017-1.
        ops.RunSQL(
            "UPDATE dishonesty_record SET rule_version = 'WW-2017-1' WHERE rule_version = ''",
            reverse_sql="SELECT 1",
        ),
    ]
