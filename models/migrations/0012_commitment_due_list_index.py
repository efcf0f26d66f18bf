"""The due-date lists' index (issue 19): (due_on, id, pledged_on, status, closed_on) pages the
overdue and due-within lists in order and counts them from the index alone. The single-column
due_on index stays: dropping it is an AlterField, which Tortoise 1.1 carries out on SQLite by
rebuilding the table without any of its other indexes.

Made by ``tortoise makemigrations``, less the JournalEntry.seq and index operations it also
wrote (see 0002 and 0010).
"""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0011_journal_verification_runs")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Commitment",
            index=Index(fields=["due_on", "id", "pledged_on", "status", "closed_on"]),
        ),
    ]
