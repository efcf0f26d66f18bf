"""Holiday schedules (放假调休安排) loaded for years the calendar package does not cover."""

from tortoise import fields

from models.base import Record


class HolidaySchedule(Record):
    """A State Council notice for one year: its days off and worked weekend days (调休)."""

    year = fields.IntField(unique=True)
    #: The notice it was taken from (e.g. 国务院办公厅关于2027年部分节假日安排的通知).
    notice = fields.CharField(max_length=500)
    loaded_on = fields.DateField()
    #: Each day as {"day": ISO date, "kind": "HOLIDAY" | "WORKDAY", "name": festival}.
    days: fields.Field[list[dict[str, str]]] = fields.JSONField(default=list)

    class Meta:
        table = "holiday_schedule"
        ordering = ["year"]
