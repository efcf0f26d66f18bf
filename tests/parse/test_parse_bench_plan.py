"""The bench's synthetic plan (bench/import_preview.py) reads as written, so its timing counts."""

from __future__ import annotations

from bench.import_preview import synthetic_plan
from seed.parse import parse_plan


def test_synthetic_plan_reads_every_task_and_unit() -> None:
    plan = parse_plan(synthetic_plan(200))
    assert len(plan.tasks) == 200
    # forms 0–5 give 3, 4, 3, 3, 3, 1 units; table rows (section 10) give 3
    prose = [t for t in plan.tasks if t.path[0] != "十"]
    table = [t for t in plan.tasks if t.path[0] == "十"]
    assert len(table) == 20
    assert all(len(t.assignments) == 3 for t in table)
    per_form = {0: 3, 1: 4, 2: 3, 3: 3, 4: 3, 5: 1}
    counts = [len(t.assignments) for t in prose]
    numbers = [int(t.title.removeprefix("加强第").removesuffix("项工作")) for t in prose]
    assert counts == [per_form[n % 6] for n in numbers]
    assert all(t.deadline is not None for t in prose if int(t.title[3:-3]) % 6 in (0, 2, 3, 5))
    assert not [w for w in plan.warnings if "unrecognised" in w.message]
