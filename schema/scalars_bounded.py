"""Input scalars with bounds: ``Date`` within the years a plan can mean, ``Decimal`` finite.

They replace strawberry's ``Date`` and ``Decimal`` (same names, descriptions and wire format),
so a value no rule could use is refused as it is read — BAD_USER_INPUT for a variable — instead
of overflowing date arithmetic or comparisons later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

#: The first and the last day a ``Date`` input may name: far wider than any plan, deadline or
#: founding date, and far inside what date arithmetic (working days added, a day before) can
#: reach without overflowing.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def day_in_range(day: date) -> date:
    """``day``, or ValueError when it is outside ``FIRST_DAY``–``LAST_DAY``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{day.isoformat()} is outside the dates accepted "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})."
        )
    return day


def parse_day(text: str) -> date:
    """An ISO date (``2018-07-02``) within range; ValueError with a readable message if not."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2018-07-02.") from None
    return day_in_range(day)


def parse_decimal(value: Any) -> Decimal:
    """A finite decimal number (``NaN`` and ``Infinity`` are no amounts)."""
    try:
        number = Decimal(value if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{value!r} is not a decimal number like 1234.56.") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number.")
    return number


def _coercing(name: str, parse: Callable[[Any], object], strings_only: bool) -> Callable[..., Any]:
    def parse_value(value: object) -> object:
        if strings_only and not isinstance(value, str):
            raise StrawberryInputCoercionError(f"{name} must be a string, not {value!r}.")
        if isinstance(value, bool | dict | list) or value is None:
            raise StrawberryInputCoercionError(f"{name} cannot be {value!r}.")
        try:
            return parse(value)
        except ValueError as error:
            raise StrawberryInputCoercionError(f"Invalid {name}: {error}") from None

    return parse_value


BoundedDate = ScalarDefinition(
    name="Date",
    description="Date (isoformat)",
    specified_by_url=None,
    serialize=date.isoformat,
    parse_value=_coercing("Date", parse_day, strings_only=True),
    parse_literal=None,
    origin=date,
)

FiniteDecimal = ScalarDefinition(
    name="Decimal",
    description="Decimal (fixed-point)",
    specified_by_url=None,
    serialize=str,
    parse_value=_coercing("Decimal", parse_decimal, strings_only=False),
    parse_literal=None,
    origin=Decimal,
)

#: ``scalar_overrides`` of every schema the service builds.
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {date: BoundedDate, Decimal: FiniteDecimal}
