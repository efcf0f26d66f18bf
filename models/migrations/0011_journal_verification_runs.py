"""Journal verification runs (issue 19): ``journalVerificationStart`` records each run, its
progress and its report, so any worker can answer how far it is.

Made by ``tortoise makemigrations``, less the JournalEntry.seq and index operations it also
wrote (see 0002 and 0010).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.journal import VerificationStatus
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_lists_journal_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JournalVerificationRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('requested_by', fields.CharField(max_length=200)),
                ('requested_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(db_index=True, description='RUNNING: RUNNING\nFINISHED: FINISHED\nABANDONED: ABANDONED', enum_type=VerificationStatus, max_length=16)),
                ('running_slot', fields.IntField(null=True, unique=True)),
                ('pins', fields.JSONField(description='The heads and checkpoints to check the journal against, as given.', encoder=JSON_DUMPS, decoder=loads)),
                ('total_entries', fields.BigIntField()),
                ('checked_entries', fields.BigIntField(default=0)),
                ('heartbeat_at', fields.DatetimeField(description='Last sign of life of the worker running it (a run that stops giving one is abandoned).', auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('report', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'journal_verification_run', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One verification of the whole journal, run in the background of the worker that started'},
            bases=['Model'],
        ),
    ]
