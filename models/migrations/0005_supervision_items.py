"""The supervision cycle: supervision items (督办事项) handed off to units (主办/协办) with a
feedback rhythm, and the units' feedback per period (models/supervision.py).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.supervision import FeedbackRhythm, ItemSource, ItemStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_supervision_urgings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SupervisionItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('source', fields.CharEnumField(db_index=True, description='PLAN_TASK: PLAN_TASK\nINSTRUCTION: INSTRUCTION', enum_type=ItemSource, max_length=16)),
                ('task', fields.ForeignKeyField('models.Task', source_field='task_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='supervision_items', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=500)),
                ('instruction_source', fields.CharField(default='', description='INSTRUCTION: who gave it (e.g. 市长批示), the day, and its text.', max_length=200)),
                ('instruction_on', fields.DateField(null=True)),
                ('instruction_text', fields.TextField(default='', unique=False)),
                ('opened_on', fields.DateField()),
                ('opened_by', fields.CharField(max_length=200)),
                ('due_on', fields.DateField(db_index=True)),
                ('rhythm', fields.CharEnumField(description='MONTHLY: MONTHLY\nQUARTERLY: QUARTERLY\nHALF_YEARLY: HALF_YEARLY\nYEARLY: YEARLY', enum_type=FeedbackRhythm, max_length=16)),
                ('feedback_day', fields.IntField(description="Feedback for a period is due by this day of the period's last month (clamped to its end).")),
                ('status', fields.CharEnumField(default=ItemStatus.OPEN, db_index=True, description='OPEN: OPEN\nCLOSED: CLOSED', enum_type=ItemStatus, max_length=16)),
            ],
            options={'table': 'supervision_item', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A supervision item (督办事项) the office hands off (交办): a plan task, or an instruction'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='SupervisionItemUnit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('item', fields.ForeignKeyField('models.SupervisionItem', source_field='item_id', db_index=True, db_constraint=True, to_field='id', related_name='units', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_index=True, db_constraint=True, to_field='id', related_name='supervision_items', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharField(max_length=16)),
            ],
            options={'table': 'supervision_item_unit', 'app': 'models', 'unique_together': (('item', 'unit'),), 'pk_attr': 'id', 'table_description': 'A handling unit of an item: 主办 (LEAD) or 协办 (CO_RESPONSIBLE) (assignment roles).'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='SupervisionFeedback',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('item_unit', fields.ForeignKeyField('models.SupervisionItemUnit', source_field='item_unit_id', db_index=True, db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.RESTRICT)),
                ('period', fields.CharField(db_index=True, max_length=20)),
                ('text', fields.TextField(unique=False)),
                ('percent_complete', fields.IntField()),
                ('reported_on', fields.DateField()),
                ('reported_late', fields.BooleanField(default=False)),
                ('reported_by', fields.CharField(max_length=200)),
            ],
            options={'table': 'supervision_feedback', 'app': 'models', 'unique_together': (('item_unit', 'period'),), 'pk_attr': 'id', 'table_description': "A handling unit's feedback (进展反馈) on an item for one period of its rhythm."},
            bases=['Record'],
        ),
    ]
