"""Public submission allowances shared by every worker (models/public.py PublicRateBucket).

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote: its
autodetector does not see ``generated=False`` in 0001 and would drop and re-add the journal key.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PublicRateBucket',
            fields=[
                ('client', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=100)),
                ('tokens', fields.FloatField()),
                ('updated', fields.FloatField(db_index=True, description='When the tokens were last worked out, in seconds since the epoch.')),
            ],
            options={'table': 'public_rate_bucket', 'app': 'models', 'pk_attr': 'client', 'table_description': 'How many submissions a client address may still send on the public endpoint.'},
            bases=['Model'],
        ),
    ]
