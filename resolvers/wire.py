"""The wire value of an enum member, for code that compares stored values with schema enums."""

from __future__ import annotations

from enum import Enum


def wire(member: Enum) -> str:
    """The wire value of a schema enum member ("LEAD"), typed as ``str``.

    Strawberry's ``enum_value`` descriptions make type checkers see the values as definitions;
    at run time they are the plain strings.
    """
    return str(member.value)
