"""The deadline clock: overdue transitions and due-soon notices, once, whoever runs it."""
