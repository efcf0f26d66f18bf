"""Journal indexes for every filter of the ``journal`` list, each ending in ``seq`` (issue 19):
a filtered page in either direction reads an index range instead of walking the primary key
backwards over the whole journal; (entity_type, entity_id) gives way to its extension by seq.

Made by ``tortoise makemigrations``, less the JournalEntry.seq operations it also wrote (see 0002).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_editions_valid_time')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='JournalEntry',
            name=None,
            fields=['entity_type', 'entity_id'],
        ),
        ops.AddIndex(
            model_name='JournalEntry',
            index=Index(fields=['entity_type', 'entity_id', 'seq']),
        ),
        ops.AddIndex(
            model_name='JournalEntry',
            index=Index(fields=['entity_type', 'seq']),
        ),
        ops.AddIndex(
            model_name='JournalEntry',
            index=Index(fields=['actor', 'seq']),
        ),
        ops.AddIndex(
            model_name='JournalEntry',
            index=Index(fields=['action', 'seq']),
        ),
    ]
