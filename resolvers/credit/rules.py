"""The credit rule tables: reporting deadline, publication windows by severity (minimum and
maximum, counted from the decision), earliest repair, objection limits — each number with its
source, each table with a version that the records decided under it keep.

Built in:

- ``CN-2023-WW`` (the default): the national rules on publishing and repairing dishonesty
  information, and the Wuwei plan where it is stricter (its 7 working days to report);
- ``WW-2017-1``: the table dutygraph used before (windows counted from publication, repair at any
  time), kept so records decided under it stay as they were decided.

``DUTYGRAPH_CREDIT_RULES`` names a JSON file with a table that replaces the default, e.g.::

    {"version": "WW-2027-1", "reportWithinWorkingDays": 7,
     "publication": {"MINOR": {"minimumMonths": 3, "maximumMonths": 6},
                     "GENERAL": {"minimumMonths": 3, "maximumMonths": 12},
                     "SERIOUS": {"minimumMonths": 12, "maximumMonths": 36}},
     "countingFrom": "DECISION",
     "objectionMarkWorkingDays": 1, "objectionDecideWorkingDays": 10,
     "sources": {"publication": "…"}}

(A file with only ``publicationMonths`` — the maximum per severity — is an older table: counted
from publication, no minimum.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models import Severity
from resolvers.periods import months_end

if TYPE_CHECKING:
    import strawberry

    from resolvers.context import Context

PLAN = "武威市政务诚信建设任务分工方案（2017）"
#: 国家发展改革委令2023年第58号, in force since 2023-05-01.
REPAIR_RULES = "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）"


class CountingFrom(StrEnum):
    """Where publication windows start (公示期起算)."""

    DECISION = "DECISION"
    PUBLICATION = "PUBLICATION"


@dataclass(frozen=True)
class Window:
    """A publication window in months: repair possible once the minimum has run (最短公示期),
    public no longer than the maximum (最长公示期)."""

    minimum_months: int
    maximum_months: int


def _national_windows() -> dict[Severity, Window]:
    return {
        Severity.MINOR: Window(3, 12),
        Severity.GENERAL: Window(3, 12),
        Severity.SERIOUS: Window(12, 36),
    }


def _national_sources() -> dict[str, str]:
    return {
        "reportWithinWorkingDays": f"{PLAN} 二(五)：失信信息产生后的7个工作日内报送",
        "publication": f"{REPAIR_RULES}，行政处罚信息公示期限：一般失信最短3个月、最长1年，"
        "严重失信最短1年、最长3年（轻微失信无单列期限，按一般失信）",
        "countingFrom": f"{REPAIR_RULES}：公示期自认定（处罚决定）之日起计算",
        "earliestRepair": f"{REPAIR_RULES}：最短公示期届满后方可申请信用修复",
        "months": "《中华人民共和国民法典》第二百零一条至第二百零三条（期间计算）",
        "objectionLimits": f"{PLAN} 一(二)6 要求建立异议制度但未定时限：dutygraph 的默认值，"
        "请按本地制度在 DUTYGRAPH_CREDIT_RULES 中设定",
    }


@dataclass(frozen=True)
class CreditRules:
    version: str = "CN-2023-WW"
    report_within_workdays: int = 7
    publication: dict[Severity, Window] = field(default_factory=_national_windows)
    counting_from: CountingFrom = CountingFrom.DECISION
    objection_mark_workdays: int = 1
    objection_decide_workdays: int = 10
    sources: dict[str, str] = field(default_factory=_national_sources)

    @property
    def publication_months(self) -> dict[Severity, int]:
        """The maximum window per severity (the older single number)."""
        return {severity: window.maximum_months for severity, window in self.publication.items()}

    def window_start(self, decided_on: date, published_on: date) -> date:
        return decided_on if self.counting_from == CountingFrom.DECISION else published_on

    def public_until(self, severity: Severity, start: date) -> date:
        """Last public day: the maximum window from ``start`` by the Civil Code, arts. 201–203."""
        return months_end(start, self.publication[severity].maximum_months)

    def repairable_from(self, severity: Severity, decided_on: date) -> date:
        """The first day a repair may be decided: the day after the minimum window ran out."""
        minimum = self.publication[severity].minimum_months
        if minimum == 0:
            return decided_on
        return months_end(decided_on, minimum) + timedelta(days=1)


DEFAULT_RULES = CreditRules()

#: The table dutygraph used before rule versions were kept on records.
LEGACY_RULES = CreditRules(
    version="WW-2017-1",
    publication={
        Severity.MINOR: Window(0, 6),
        Severity.GENERAL: Window(0, 12),
        Severity.SERIOUS: Window(0, 36),
    },
    counting_from=CountingFrom.PUBLICATION,
    sources={"publication": "dutygraph's first table (no published source); kept for old records"},
)

BUILT_IN = {rules.version: rules for rules in (DEFAULT_RULES, LEGACY_RULES)}


def _positive(path: str, name: str, value: Any, minimum: int = 1) -> int:
    number = int(value)
    if number < minimum:
        raise ValueError(f"{path}: `{name}` in the credit rules must be at least {minimum}")
    return number


def _windows(path: str, raw: dict[str, Any]) -> tuple[dict[Severity, Window], CountingFrom]:
    if "publication" not in raw:
        months = raw.get("publicationMonths", {})
        legacy = LEGACY_RULES.publication
        return {
            severity: Window(
                0,
                _positive(
                    path,
                    f"publicationMonths.{severity.value}",
                    months.get(severity.value, legacy[severity].maximum_months),
                ),
            )
            for severity in Severity
        }, CountingFrom(raw.get("countingFrom", CountingFrom.PUBLICATION))
    windows = {}
    for severity in Severity:
        given = raw["publication"].get(severity.value)
        if given is None:
            windows[severity] = DEFAULT_RULES.publication[severity]
            continue
        name = f"publication.{severity.value}"
        low = _positive(path, f"{name}.minimumMonths", given.get("minimumMonths", 0), 0)
        high = _positive(path, f"{name}.maximumMonths", given["maximumMonths"])
        if low > high:
            raise ValueError(f"{path}: `{name}` has a minimum above its maximum")
        windows[severity] = Window(low, high)
    return windows, CountingFrom(raw.get("countingFrom", CountingFrom.DECISION))


@cache
def load_rules(path: str | None) -> CreditRules:
    """The rules in the JSON file at ``path`` (the built-in default for ``None``)."""
    if path is None:
        return DEFAULT_RULES
    raw: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    version = str(raw["version"])
    if version in BUILT_IN:
        raise ValueError(f"{path}: version {version!r} is a built-in table; name yours apart")
    windows, counting_from = _windows(path, raw)
    sources = raw.get("sources", {})
    return CreditRules(
        version=version,
        report_within_workdays=_positive(
            path, "reportWithinWorkingDays", raw.get("reportWithinWorkingDays", 7)
        ),
        publication=windows,
        counting_from=counting_from,
        objection_mark_workdays=_positive(
            path, "objectionMarkWorkingDays", raw.get("objectionMarkWorkingDays", 1)
        ),
        objection_decide_workdays=_positive(
            path, "objectionDecideWorkingDays", raw.get("objectionDecideWorkingDays", 10)
        ),
        sources={str(k): str(v) for k, v in sources.items()} or {"all": f"{path} ({version})"},
    )


def version_of(current: CreditRules, version: str) -> CreditRules:
    """The table named ``version`` (a record's), the current one if it is that or unknown."""
    if version == current.version:
        return current
    return BUILT_IN.get(version, current)


def rules_of(settings: Any) -> CreditRules:
    """The rules configured by the app's settings."""
    return load_rules(getattr(settings, "credit_rules_file", None))


def request_rules(info: strawberry.Info[Context, None]) -> CreditRules:
    """The rules of the app serving the request."""
    app = getattr(info.context.request, "app", None)
    return rules_of(getattr(getattr(app, "state", None), "settings", None))


#: Where a record may be published (plan 一(二)3: the unit's portal, the city platform, 信用甘肃);
#: ``DUTYGRAPH_CREDIT_CHANNELS`` (names, commas) replaces the list.
DEFAULT_CHANNELS = ("单位门户网站", "信用武威", "信用甘肃")


def channels_of(settings: Any) -> tuple[str, ...]:
    """The publication channels configured by the app's settings."""
    return tuple(getattr(settings, "credit_channels", None) or DEFAULT_CHANNELS)


def request_channels(info: strawberry.Info[Context, None]) -> tuple[str, ...]:
    """The publication channels of the app serving the request."""
    app = getattr(info.context.request, "app", None)
    return channels_of(getattr(getattr(app, "state", None), "settings", None))
