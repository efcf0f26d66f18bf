"""Spreadsheet exports: the responsibility matrix (任务分工表) of a plan."""
