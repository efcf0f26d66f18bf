"""Saved query shapes the bench runs: documents, and variables drawn from the generated data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Q

from models import (
    Commitment,
    JournalEntry,
    PppPlanStage,
    PppProject,
    PppStageResponsibility,
    Task,
)
from resolvers.commitment.due import falling_due_within, overdue_on
from resolvers.global_ids import to_global_id
from schema.pagination import encode_cursor

JOURNAL_PAGE = 100
DEEP_PAGE = 500

NODE = """
query Node($id: ID!) {
  node(id: $id) { id ... on Task { code title status deadline { kind dueOn } } }
}
"""

FLAT = """
query Flat($n: Int!) {
  tasks(first: $n) {
    pageInfo { hasNextPage endCursor }
    nodes { id code title status ordinal deadline { kind text dueOn } }
  }
}
"""

CHAIN = """
query Chain($n: Int!) {
  tasks(first: $n) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id code title status
      deadline { kind text dueOn }
      section { code title }
      assignments {
        role writtenName
        unit {
          id name kind
          members { id name }
          positions { title role person { name } }
        }
      }
    }
  }
}
"""

COMMITMENT_CHAIN = """
query CommitmentChain($n: Int!) {
  commitments(first: $n) {
    nodes {
      id content status dueOn fulfilledLate
      unit { name }
      responsiblePerson { name }
      task { code title assignments { role unit { name kind members { name } } } }
      evidence { title status submittedOn file { sha256 size } }
    }
  }
}
"""

ACCOUNTABILITY = """
query Accountability($n: Int!) {
  units(first: $n) {
    nodes {
      name
      accountability(period: "2018") {
        tasksLed tasksShared
        commitments { total onTime late overdue broken withdrawn open }
        evidence { accepted rejected pending }
        averageScore openDishonestyRecords
      }
    }
  }
}
"""

RESPONSIBLE_AT = """
query ResponsibleAt($p: ID!, $d: Date!) {
  responsibleAt(projectId: $p, stage: {planStage: IMPLEMENTATION}, date: $d) {
    person { name } unit { name } validFrom validTo startReason predecessor { person { name } }
  }
}
"""

TIMELINE = """
query Timeline($p: ID!) {
  pppProject(id: $p) {
    name regimes { regime validFrom validTo }
    timeline { on kind summary node { id } }
    stages { planStage lifecycleStage coverageIssues { kind start end } }
  }
}
"""

JOURNAL = """
query Journal($n: Int!, $after: String) {
  journal(first: $n, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { seq recordedAt actor action entityType entityId before after hash }
  }
}
"""

#: The day the office's lists are read on (the generated deadlines run through 2018–2019).
LISTS_DAY = "2018-09-28"

OVERDUE = """
query Overdue($n: Int, $last: Int, $after: String, $day: Date) {
  overdueCommitments(asOf: $day, first: $n, last: $last, after: $after) {
    totalCount
    nodes { id content dueOn status unit { name } responsiblePerson { name } }
  }
}
"""

DUE_WITHIN = """
query DueWithin($n: Int, $last: Int, $after: String, $day: Date) {
  commitmentsDueWithin(workingDays: 20, asOf: $day, first: $n, last: $last, after: $after) {
    totalCount
    nodes { id content dueOn unit { name } }
  }
}
"""

WARNINGS = """
query Warnings($n: Int, $last: Int, $day: Date) {
  commitmentWarnings(asOf: $day, first: $n, last: $last) {
    totalCount
    nodes { level reasons fallsDueOn workingDaysLeft commitment { id content unit { name } } }
  }
}
"""

UNPLEDGED = """
query Unpledged($n: Int) {
  unpledgedAssignments(first: $n) { totalCount nodes { id role unit { name } task { code } } }
}
"""

JOURNAL_DESC = """
query JournalDesc($n: Int!, $type: String) {
  journal(filter: {entityType: $type}, direction: DESC, first: $n) {
    nodes { seq recordedAt actor action entityType entityId hash }
  }
}
"""

RANKING = """
query Ranking($n: Int!) {
  unitRanking(period: "2018", first: $n) { totalCount nodes { rank onTimeRate unit { name } } }
}
"""

MUTATION = """
mutation Rename($input: TaskUpdateInput!) {
  taskUpdate(input: $input) { task { id title version } }
}
"""


@dataclass(frozen=True)
class Subjects:
    """Objects of the generated data that the shapes name."""

    task_id: str
    last_task_id: str
    project_id: str
    #: A day in the second holder's period of the project's implementation stage.
    handed_over_on: str
    deep_cursor: str
    #: The cursor of the overdue list's middle entry on ``LISTS_DAY``.
    overdue_middle: str
    #: The same for the list due within 20 working days.
    due_within_middle: str
    #: Tasks the write loads rename, one per client: (primary key, global ID).
    write_tasks: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Shape:
    """One saved request; ``variables(subjects, i)`` gives the variables of the i-th run."""

    name: str
    document: str
    variables: Callable[[Subjects, int], dict[str, Any]]
    #: Key of its floors in ``bench.floors`` (None: no floor is measured).
    floor: str | None = None
    writes: bool = False


def page(n: int) -> Callable[[Subjects, int], dict[str, Any]]:
    return lambda s, i: {"n": n}


SHAPES = [
    Shape("node lookup", NODE, lambda s, i: {"id": s.task_id}),
    Shape("flat task page (100)", FLAT, page(100), floor="flat"),
    Shape("responsibility chain (20)", CHAIN, page(20), floor="chain"),
    Shape("responsibility chain (100)", CHAIN, page(100), floor="chain"),
    Shape("commitment chain (100)", COMMITMENT_CHAIN, page(100), floor="commitments"),
    Shape("unit accountability (first 100 units)", ACCOUNTABILITY, page(100)),
    Shape(
        "PPP responsibleAt", RESPONSIBLE_AT, lambda s, i: {"p": s.project_id, "d": s.handed_over_on}
    ),
    Shape("PPP timeline", TIMELINE, lambda s, i: {"p": s.project_id}),
    Shape("journal page 1", JOURNAL, lambda s, i: {"n": JOURNAL_PAGE, "after": None}),
    Shape(
        f"journal page {DEEP_PAGE}",
        JOURNAL,
        lambda s, i: {"n": JOURNAL_PAGE, "after": s.deep_cursor},
    ),
    Shape(
        "overdue page 1 (50)", OVERDUE, lambda s, i: {"n": 50, "day": LISTS_DAY}, floor="overdue"
    ),
    Shape(
        "overdue middle page (50)",
        OVERDUE,
        lambda s, i: {"n": 50, "after": s.overdue_middle, "day": LISTS_DAY},
        floor="overdue",
    ),
    Shape(
        "overdue last page (50)",
        OVERDUE,
        lambda s, i: {"last": 50, "day": LISTS_DAY},
        floor="overdue",
    ),
    Shape(
        "due within 20 days page 1 (50)",
        DUE_WITHIN,
        lambda s, i: {"n": 50, "day": LISTS_DAY},
        floor="due_within",
    ),
    Shape(
        "due within 20 days middle page (50)",
        DUE_WITHIN,
        lambda s, i: {"n": 50, "after": s.due_within_middle, "day": LISTS_DAY},
        floor="due_within",
    ),
    Shape(
        "due within 20 days last page",
        DUE_WITHIN,
        lambda s, i: {"last": 50, "day": LISTS_DAY},
        floor="due_within",
    ),
    Shape("warnings page 1 (50)", WARNINGS, lambda s, i: {"n": 50, "day": LISTS_DAY}),
    Shape("warnings last page (50)", WARNINGS, lambda s, i: {"last": 50, "day": LISTS_DAY}),
    Shape("unpledged page 1 (50)", UNPLEDGED, page(50)),
    Shape("journal DESC page 1", JOURNAL_DESC, lambda s, i: {"n": JOURNAL_PAGE, "type": None}),
    Shape(
        "journal DESC filtered by entity type",
        JOURNAL_DESC,
        lambda s, i: {"n": JOURNAL_PAGE, "type": "Commitment"},
    ),
    Shape("unit ranking (50)", RANKING, page(50)),
    Shape(
        "mutation with journal write",
        MUTATION,
        lambda s, i: {"input": {"id": s.last_task_id, "title": f"基准改名任务{i}"}},
        writes=True,
    ),
]


async def middle_cursor(condition: Q) -> str:
    """The cursor of the middle commitment of a due-date list (in its (due_on, id) order)."""
    chosen = Commitment.filter(condition)
    middle = await chosen.order_by("due_on", "id").offset(await chosen.count() // 2).first()
    return encode_cursor([middle.due_on.isoformat(), middle.pk] if middle else ["2018-01-01", 0])


async def subjects() -> Subjects:
    """Pick the named objects from the open database (Tortoise initialised)."""
    first = await Task.filter(title__contains="（第").order_by("id").first()
    last = await Task.all().order_by("-id").first()
    project = await PppProject.filter(code__startswith="PPP-SYN-").order_by("id").first()
    if first is None or last is None or project is None:
        raise LookupError("no bench data here: run python -m bench.generate first")
    second = (
        await PppStageResponsibility.filter(
            stage__project_id=project.id,
            stage__plan_stage=PppPlanStage.IMPLEMENTATION,
            predecessor_id__isnull=False,
        )
        .order_by("id")
        .first()
    )
    assert second, "the generated projects hand their stages over"
    entries = await JournalEntry.all().count()
    day = date.fromisoformat(LISTS_DAY)
    deep_after = min((DEEP_PAGE - 1) * JOURNAL_PAGE, max(entries - JOURNAL_PAGE, 0))
    writable: list[int] = [
        row.pk for row in await Task.all().order_by("-id").offset(1).limit(16).only("id")
    ]
    return Subjects(
        task_id=to_global_id("Task", first.id),
        last_task_id=to_global_id("Task", last.id),
        project_id=to_global_id("PppProject", project.id),
        handed_over_on=second.valid_from.isoformat(),
        deep_cursor=encode_cursor([deep_after]),
        overdue_middle=await middle_cursor(await overdue_on(day)),
        due_within_middle=await middle_cursor(await falling_due_within(day, 20)),
        write_tasks=tuple((pk, to_global_id("Task", pk)) for pk in writable),
    )
