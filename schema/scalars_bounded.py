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

from resolvers.validity import parse_day


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
