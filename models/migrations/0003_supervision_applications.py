"""The supervision cycle: commitment applications (办结/撤回/延期), corrections, and the
commitment's pending application and original due date (models/supervision.py).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
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
    dependencies = [('models', '0002_public_rate_bucket')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CommitmentApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('commitment', fields.ForeignKeyField('models.Commitment', source_field='commitment_id', db_index=True, db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(db_index=True, description='CLOSE: CLOSE\nWITHDRAW: WITHDRAW\nEXTENSION: EXTENSION', enum_type=ApplicationKind, max_length=16)),
                ('status', fields.CharEnumField(default=ApplicationStatus.PENDING, db_index=True, description='PENDING: PENDING\nACCEPTED: ACCEPTED\nREJECTED: REJECTED', enum_type=ApplicationStatus, max_length=16)),
                ('applied_on', fields.DateField()),
                ('applicant', fields.CharField(max_length=200)),
                ('reason', fields.TextField(default='', unique=False)),
                ('fulfilled_on', fields.DateField(null=True, description='CLOSE: the day the unit says the commitment was fulfilled.')),
                ('requested_due_on', fields.DateField(null=True, description='EXTENSION: the due date asked for, and the due date when it was asked.')),
                ('previous_due_on', fields.DateField(null=True)),
                ('decided_on', fields.DateField(null=True)),
                ('decided_by', fields.CharField(default='', max_length=200)),
                ('decision_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'commitment_application', 'app': 'models', 'indexes': [Index(fields=['commitment_id', 'kind'])], 'pk_attr': 'id', 'table_description': "A unit's request about its commitment: only the office's decision changes the commitment."},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='Correction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('commitment', fields.ForeignKeyField('models.Commitment', source_field='commitment_id', db_index=True, db_constraint=True, to_field='id', related_name='corrections', on_delete=OnDelete.RESTRICT)),
                ('corrected_on', fields.DateField()),
                ('corrected_by', fields.CharField(max_length=200)),
                ('reason', fields.TextField(unique=False)),
                ('old_values', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('new_values', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'correction', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An office correction of a closed record: the old and new values and why (append-only).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Commitment',
            name='late_against_original',
            field=fields.BooleanField(default=False, description='Fulfilled after the working day the original due date fell due (before any extension).'),
        ),
        ops.AddField(
            model_name='Commitment',
            name='original_due_on',
            field=fields.DateField(null=True, description='The due date as first pledged, once an approved extension (延期) moved ``due_on``.'),
        ),
        ops.AddField(
            model_name='Commitment',
            name='pending_application',
            field=fields.CharEnumField(null=True, description='CLOSE: CLOSE\nWITHDRAW: WITHDRAW\nEXTENSION: EXTENSION', enum_type=ApplicationKind, max_length=16),
        ),
    ]
