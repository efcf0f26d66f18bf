"""The supervision cycle: urging notices (催办) and their acknowledgement (签收)
(models/supervision.py Urging).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.supervision import UrgingChannel, UrgingTrigger
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_supervision_applications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Urging',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('commitment', fields.ForeignKeyField('models.Commitment', source_field='commitment_id', db_index=True, db_constraint=True, to_field='id', related_name='urgings', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_index=True, description='The unit urged: the unit that pledged the commitment.', db_constraint=True, to_field='id', related_name='urgings', on_delete=OnDelete.RESTRICT)),
                ('urged_on', fields.DateField(db_index=True)),
                ('channel', fields.CharEnumField(description='DOCUMENT: DOCUMENT\nPHONE: PHONE\nSMS: SMS\nONLINE: ONLINE\nMEETING: MEETING\nON_SITE: ON_SITE\nAUTOMATIC: AUTOMATIC', enum_type=UrgingChannel, max_length=16)),
                ('trigger', fields.CharEnumField(default=UrgingTrigger.MANUAL, description='MANUAL: MANUAL\nDUE_SOON: DUE_SOON\nOVERDUE: OVERDUE', enum_type=UrgingTrigger, max_length=16)),
                ('text', fields.TextField(unique=False)),
                ('urged_by', fields.CharField(max_length=200)),
                ('acknowledged_on', fields.DateField(null=True)),
                ('acknowledged_by', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'urging', 'app': 'models', 'indexes': [Index(fields=['unit_id', 'urged_on'])], 'pk_attr': 'id', 'table_description': "An urging notice (催办) to the unit of a commitment, and its acknowledgement (签收)."},
            bases=['Record'],
        ),
    ]
