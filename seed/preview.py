"""The machine-readable import preview (issue 8 item 6): a ParsedPlan as plain JSON data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seed.parse_types import ParsedDeadline, ParsedPlan


def _deadline(deadline: ParsedDeadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "kind": deadline.kind.value,
        "text": deadline.text,
        "dueOn": deadline.due_on.isoformat() if deadline.due_on else None,
        "rule": deadline.rule,
    }


def convention_warning(tasks: int, start: int) -> dict[str, Any]:
    """The per-plan warning that leads were taken from the order of the units, not the text."""
    return {
        "message": f"the plan does not say which unit leads: in {tasks} tasks the first-listed "
        "unit is taken as lead by convention (rule CONVENTION); check these leads",
        "start": start,
        "end": start,
    }


def build_preview(plan: ParsedPlan, canonical: Callable[[str], str | None]) -> dict[str, Any]:
    """The preview; `canonical` maps a written unit name to a known unit (None when unknown)."""
    doc = plan.document
    warnings = [{"message": w.message, "start": w.start, "end": w.end} for w in plan.warnings]
    tasks: list[dict[str, Any]] = []
    for task in plan.tasks:
        assignments = []
        for a in task.assignments:
            known = canonical(a.unit)
            if known is None:
                warnings.append(
                    {"message": f"unknown unit {a.unit}", "start": a.start, "end": a.end}
                )
            assignments.append(
                {
                    "unit": a.unit,
                    "canonicalUnit": known,
                    "role": a.role.value,
                    "start": a.start,
                    "end": a.end,
                    "implicit": a.implicit,
                    "rule": a.rule,
                }
            )
        tasks.append(
            {
                "path": list(task.path),
                "title": task.title,
                "start": task.start,
                "end": task.end,
                "assignments": assignments,
                "deadline": _deadline(task.deadline),
            }
        )
    conventions = [t for t in plan.tasks if any(a.rule == "CONVENTION" for a in t.assignments)]
    if conventions:
        # one per plan: the office checks the leads once, not task by task
        warnings.append(convention_warning(len(conventions), conventions[0].start))
    return {
        "document": {
            "title": doc.title,
            "docNumber": doc.doc_number,
            "issuer": doc.issuer,
            "issuedOn": doc.issued_on.isoformat() if doc.issued_on else None,
            "leadRule": doc.lead_rule,
        },
        "tasks": tasks,
        "warnings": warnings,
    }
