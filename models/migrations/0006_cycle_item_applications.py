"""Supervision items close and extend like commitments: a lead handling unit's applications
(办结申请 / 延期申请) the office decides, the office's corrections of a closed item (更正), and on
the item its pending application, original due date and closing day (models/supervision.py).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
Existing items need no data moved: none has an application, an extension or a closing yet.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.supervision import ApplicationKind, ApplicationStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_supervision_items')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SupervisionItemApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('item', fields.ForeignKeyField('models.SupervisionItem', source_field='item_id', db_index=True, db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_index=True, description='The handling unit that applied (a 主办 of the item).', db_constraint=True, to_field='id', related_name='item_applications', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(db_index=True, description='CLOSE: CLOSE\nWITHDRAW: WITHDRAW\nEXTENSION: EXTENSION', enum_type=ApplicationKind, max_length=16)),
                ('status', fields.CharEnumField(default=ApplicationStatus.PENDING, db_index=True, description='PENDING: PENDING\nACCEPTED: ACCEPTED\nREJECTED: REJECTED', enum_type=ApplicationStatus, max_length=16)),
                ('applied_on', fields.DateField()),
                ('applicant', fields.CharField(max_length=200)),
                ('reason', fields.TextField(default='', description='CLOSE: the completion report (办结报告), EXTENSION: the reason.', unique=False)),
                ('completed_on', fields.DateField(null=True, description='CLOSE: the day the unit says the work was done, and a link to its evidence.')),
                ('evidence_url', fields.CharField(default='', max_length=2000)),
                ('requested_due_on', fields.DateField(null=True, description='EXTENSION: the due date asked for, and the due date when it was asked.')),
                ('previous_due_on', fields.DateField(null=True)),
                ('decided_on', fields.DateField(null=True)),
                ('decided_by', fields.CharField(default='', max_length=200)),
                ('decision_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'supervision_item_application', 'app': 'models', 'indexes': [Index(fields=['item_id', 'kind'])], 'pk_attr': 'id', 'table_description': "A lead handling unit's request about its item (办结申请 / 延期申请): only the office's"},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='SupervisionItemCorrection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('item', fields.ForeignKeyField('models.SupervisionItem', source_field='item_id', db_index=True, db_constraint=True, to_field='id', related_name='corrections', on_delete=OnDelete.RESTRICT)),
                ('corrected_on', fields.DateField()),
                ('corrected_by', fields.CharField(max_length=200)),
                ('reason', fields.TextField(unique=False)),
                ('old_values', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('new_values', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'supervision_item_correction', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An office correction of a closed item: the old and new values and why (append-only).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='SupervisionItem',
            name='closed_late',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='SupervisionItem',
            name='closed_on',
            field=fields.DateField(null=True, description='CLOSED: the day the work was done (办结日期), whether after the due working day, and the'),
        ),
        ops.AddField(
            model_name='SupervisionItem',
            name='closing_summary',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='SupervisionItem',
            name='original_due_on',
            field=fields.DateField(null=True, description='The due date as first handed off, once an approved extension moved ``due_on``.'),
        ),
        ops.AddField(
            model_name='SupervisionItem',
            name='pending_application',
            field=fields.CharEnumField(null=True, description='CLOSE: CLOSE\nWITHDRAW: WITHDRAW\nEXTENSION: EXTENSION', enum_type=ApplicationKind, max_length=16),
        ),
    ]
