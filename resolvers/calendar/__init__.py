"""The working-day calendar: holiday schedules loaded by the administrator."""
