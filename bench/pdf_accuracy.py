"""Which PDF reader: pdfplumber (seed/pdf.py) against plain pypdfium2 text, on the test plans.

    python -m bench.pdf_accuracy

Each test plan (tests/parse/fixtures) is printed to PDF (tests/parse/pdfs.py: wrapped lines,
page breaks, page numbers), and a task table with a merged cell is made as well. Each reader's
result is scored against the parse of the plan's own text: the share of its (task, unit, role)
assignments found (recall) and of the found ones that are right (precision). Results go to
``bench/results/pdf-accuracy.md`` and into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

from bench.report import RESULTS_DIR, write_report
from seed.parse import ParsedPlan, parse_plan
from seed.sources import parse_bytes
from tests.parse.pdfs import plan_pdf, prose_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "parse" / "fixtures"
TABLE_PLAN = (
    "某市政务诚信建设任务分工方案\n一、重点工作\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t健全信用制度\t市发改委\t市司法局\t2019年底前\n"
    "2\t完善信用标准\t市发改委\t市市场监管局、市统计局\t2020年底前\n"
)


def _assignments(plan: ParsedPlan) -> set[tuple[str, str, str]]:
    return {(t.title, a.unit, a.role.value) for t in plan.tasks for a in t.assignments}


def _pdfium_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    pages = []
    for page in document:
        pages.append(page.get_textpage().get_text_range().replace("\r\n", "\n"))
    document.close()
    return "\n".join(pages)


def _score(expected: set[tuple[str, str, str]], got: set[tuple[str, str, str]]) -> str:
    hit = len(expected & got)
    recall = hit / len(expected) if expected else 1.0
    precision = hit / len(got) if got else 1.0
    return f"{recall:.2f} / {precision:.2f}"


def main() -> None:
    cases: list[tuple[str, str, bytes]] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text("utf-8")
        cases.append((path.stem, text, prose_pdf(text)))
    rows = [line.split("\t") for line in TABLE_PLAN.splitlines()[2:]]
    table = plan_pdf(TABLE_PLAN.splitlines()[:2], rows, [(2, 1, 2)])
    cases.append(("table with a merged cell", TABLE_PLAN, table))
    lines = [
        "## PDF reader accuracy (issue 17)",
        "",
        "`python -m bench.import_preview` has the speed; this is `python -m bench.pdf_accuracy`: "
        "each test plan printed to PDF, read back, its (task, unit, role) assignments scored "
        "against the parse of its text. recall / precision:",
        "",
        "| plan | assignments | pdfplumber (seed/pdf.py) | pypdfium2 plain text |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, text, data in cases:
        expected = _assignments(parse_plan(text))
        plumber = _assignments(parse_bytes(data))
        pdfium = _assignments(parse_plan(_pdfium_text(data)))
        lines.append(
            f"| {name} | {len(expected)} | {_score(expected, plumber)} | "
            f"{_score(expected, pdfium)} |"
        )
    lines += [
        "",
        "pypdfium2 is scored as its plain text (get_text_range), which keeps the page's line "
        "breaks (a wrapped paragraph is cut in two) and has no table structure; it also has "
        "character boxes, so the joining seed/pdf.py does could be rebuilt on it, but its table "
        "cells would have to be found by hand. pdfplumber gives the line geometry and the ruled "
        "tables' cells, merged ones included, so seed/pdf.py uses it. The PDFs are typeset by "
        "reportlab (CID font STSong-Light): real plans' PDFs (Word exports, scans with OCR) vary "
        "more.",
    ]
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "pdf-accuracy.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_report()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
