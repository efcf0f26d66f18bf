"""``dutygraph import FILE``: preview a plan (no database needed) or write it to the graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from resolvers.errors import DomainError
from seed.load import DEFAULT_UNITS, seed_text
from seed.parse import ParsedPlan
from seed.preview import build_preview
from seed.source_errors import SourceError
from seed.sources import catalogue_directory, parse_file


def summary(preview: dict[str, Any]) -> str:
    """A person's view of the preview: one line per task and per warning."""
    document = preview["document"]
    lines = [
        f"{document['title'] or '(no title)'}  {document['docNumber'] or ''}  "
        f"{document['issuer'] or ''}  {document['issuedOn'] or ''}".rstrip(),
        f"{len(preview['tasks'])} tasks",
    ]
    for task in preview["tasks"]:
        units = "、".join(
            f"{a['unit']}({a['role'][0]}{'*' if a['implicit'] else ''})"
            for a in task["assignments"]
        )
        deadline = f"  [{task['deadline']['text']}]" if task["deadline"] else ""
        lines.append(f"  {'.'.join(task['path'])}  {task['title']}  — {units}{deadline}")
    for warning in preview["warnings"]:
        lines.append(f"warning [{warning['start']}:{warning['end']}] {warning['message']}")
    return "\n".join(lines)


def _read(path: Path) -> ParsedPlan | None:
    """The parsed file, or None after saying on stderr why it holds no readable plan."""
    try:
        return parse_file(path)
    except OSError as error:
        sys.stderr.write(f"{path}: cannot read the file: {error.strerror or error}\n")
    except SourceError as error:
        sys.stderr.write(f"{path}: {error.message}\n")
    return None


def counts(preview: dict[str, Any]) -> dict[str, int]:
    """What an operator checks per plan: tasks, assignments, warnings, unresolved units."""
    assignments = [a for t in preview["tasks"] for a in t["assignments"]]
    return {
        "tasks": len(preview["tasks"]),
        "assignments": len(assignments),
        "warnings": len(preview["warnings"]),
        "unresolvedUnits": len({a["unit"] for a in assignments if a["canonicalUnit"] is None}),
    }


def report(paths: list[Path], as_json: bool) -> int:
    """Per-plan counts for a batch of files; exit 2 when any file holds no readable plan."""
    canonical = catalogue_directory(seed_text(DEFAULT_UNITS)).canonical
    rows: list[dict[str, Any]] = []
    failed = False
    for path in paths:
        parsed = _read(path)
        if parsed is None:
            failed = True
            rows.append({"file": str(path), "error": True})
            continue
        rows.append({"file": str(path), **counts(build_preview(parsed, canonical))})
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("tasks\tassignments\twarnings\tunresolved\tfile\n")
        for row in rows:
            if row.get("error"):
                sys.stdout.write(f"-\t-\t-\t-\t{row['file']} (not read)\n")
            else:
                sys.stdout.write(
                    f"{row['tasks']}\t{row['assignments']}\t{row['warnings']}\t"
                    f"{row['unresolvedUnits']}\t{row['file']}\n"
                )
    return 2 if failed else 0


def dry_run(path: Path, as_json: bool) -> int:
    """Parse and preview against the embedded unit catalogue; never touches a database."""
    parsed = _read(path)
    if parsed is None:
        return 2
    preview = build_preview(parsed, catalogue_directory(seed_text(DEFAULT_UNITS)).canonical)
    if as_json:
        sys.stdout.write(json.dumps(preview, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(summary(preview) + "\n")
    return 0


async def write(
    database_url: str,
    path: Path,
    create_units: bool,
    as_json: bool,
    *,
    supersedes: int | None = None,
    as_historical: bool = False,
) -> int:
    from resolvers.context import Actor
    from resolvers.journal.writer import journaled
    from seed.load import import_plan
    from server.database import apply_migrations, open_database
    from server.progress import progress

    parsed = _read(path)
    if parsed is None:
        return 2  # nothing written
    with progress(3, "导入方案", unit="步") as advance:
        advance(1)
        await apply_migrations(database_url)
        advance(1)
        async with open_database(database_url):
            try:
                async with journaled(Actor("cli:import")) as journal:
                    outcome = await import_plan(
                        journal,
                        parsed,
                        create_units=create_units,
                        supersedes_pk=supersedes,
                        as_historical=as_historical,
                    )
            except DomainError as error:
                sys.stderr.write(f"import failed ({error.code.value}): {error.message}\n")
                return 2
        advance(1)
    report: dict[str, Any] = {
        "plan": outcome.plan.pk,
        "title": outcome.plan.title,
        "written": outcome.created,
        "tasks": outcome.tasks,
        "assignments": outcome.assignments,
        "createdUnits": outcome.created_units,
        "previousEdition": outcome.previous_edition.pk if outcome.previous_edition else None,
    }
    if outcome.changes is not None:
        report["changes"] = {
            "added": outcome.changes.added,
            "removed": outcome.changes.removed,
            "reassigned": [r.code for r in outcome.changes.reassigned],
            "redated": [r.code for r in outcome.changes.redated],
        }
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        state = "written" if outcome.created else "already imported (nothing changed)"
        sys.stdout.write(
            f"{report['title']}: {state}; {outcome.tasks} tasks, "
            f"{outcome.assignments} assignments\n"
        )
    return 0
