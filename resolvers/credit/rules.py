"""The credit rule table: reporting deadline, publication windows by severity, objection limits.

The built-in table follows the plan (7 working days to report, part 二(五)); an office replaces it
with a JSON file named by ``DUTYGRAPH_CREDIT_RULES``, e.g.::

    {"version": "WW-2019-1", "reportWithinWorkingDays": 7,
     "publicationMonths": {"MINOR": 6, "GENERAL": 12, "SERIOUS": 36},
     "objectionMarkWorkingDays": 1, "objectionDecideWorkingDays": 10}

Each publication and objection stores the ``version`` that applied, so a later table never
rewrites what an earlier one decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import strawberry

from models import Severity
from resolvers.periods import months_end

if TYPE_CHECKING:
    from resolvers.context import Context


def _default_months() -> dict[Severity, int]:
    return {Severity.MINOR: 6, Severity.GENERAL: 12, Severity.SERIOUS: 36}


@dataclass(frozen=True)
class CreditRules:
    version: str = "WW-2017-1"
    report_within_workdays: int = 7
    publication_months: dict[Severity, int] = field(default_factory=_default_months)
    objection_mark_workdays: int = 1
    objection_decide_workdays: int = 10

    def public_until(self, severity: Severity, published_on: date) -> date:
        """Last day of the publication window: N months counted by the Civil Code, arts.
        201–203 (resolvers/periods.py): the corresponding day, moved past rest days."""
        return months_end(published_on, self.publication_months[severity])


DEFAULT_RULES = CreditRules()


@cache
def load_rules(path: str | None) -> CreditRules:
    """The rules in the JSON file at ``path`` (the built-in ones for ``None``)."""
    if path is None:
        return DEFAULT_RULES
    raw: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    months = raw.get("publicationMonths", {})
    rules = CreditRules(
        version=str(raw["version"]),
        report_within_workdays=int(raw.get("reportWithinWorkingDays", 7)),
        publication_months={
            severity: int(months.get(severity.value, DEFAULT_RULES.publication_months[severity]))
            for severity in Severity
        },
        objection_mark_workdays=int(raw.get("objectionMarkWorkingDays", 1)),
        objection_decide_workdays=int(raw.get("objectionDecideWorkingDays", 10)),
    )
    numbers = [
        rules.report_within_workdays,
        rules.objection_mark_workdays,
        rules.objection_decide_workdays,
        *rules.publication_months.values(),
    ]
    if any(n <= 0 for n in numbers):
        raise ValueError(f"{path}: every limit and window in the credit rules must be positive")
    return rules


def rules_of(settings: Any) -> CreditRules:
    """The rules configured by the app's settings."""
    return load_rules(getattr(settings, "credit_rules_file", None))


def request_rules(info: strawberry.Info[Context, None]) -> CreditRules:
    """The rules of the app serving the request."""
    app = getattr(info.context.request, "app", None)
    return rules_of(getattr(getattr(app, "state", None), "settings", None))
