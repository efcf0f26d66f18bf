"""CPU time of an import preview of a 2,000-task plan (issue 17: under 2 s on this machine kind).

    python -m bench.import_preview [--tasks 2000] [--runs 5]

The plan is synthetic and deterministic: numbered sections and tasks with every annotation
style (labelled, 牵头/配合, 会同, open 等有关部门 tails, region notation, deadlines after the
annotation) and, in every tenth section, a TAB task table. The baseline measured in the same run
is the reading floor: folding the text and splitting it into lines and brackets, which any parse
must do. Results go to ``bench/results/import-preview.md`` and into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from html import escape

from bench.report import RESULTS_DIR, write_report
from seed.parse import parse_plan
from seed.parse_lexicon import bracket_spans, fold
from seed.parse_structure import line_spans
from seed.preview import build_preview
from seed.sources import parse_bytes

_UNITS = [
    "市发改委", "市财政局", "市教育局", "市公安局", "市民政局", "市司法局", "市人社局",
    "市自然资源局", "市生态环境局", "市住建局", "市交通运输局", "市水务局", "市农业农村局",
    "市商务局", "市文旅局", "市卫健委", "市应急局", "市审计局", "市市场监管局", "市统计局",
]  # fmt: skip
_CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def synthetic_plan(tasks: int) -> str:
    """A plan of `tasks` tasks in sections of 20 (one section in ten a TAB table)."""
    lines = ["某市重点工作任务分工方案", "某市人民政府办公室", "2024年3月1日"]
    per, written, section = 20, 0, 0
    while written < tasks:
        section += 1
        lines.append(f"{_cn(min(section, 99))}、第{section}部分重点任务")
        count = min(per, tasks - written)
        if section % 10 == 0:
            lines.append("序号\t工作任务\t牵头单位\t配合单位\t完成时限")
            for i in range(1, count + 1):
                u = _UNITS[(written + i) % 20], _UNITS[(written + i + 3) % 20]
                lines.append(
                    f"{i}\t推进第{written + i}项改革\t{u[0]}\t{u[1]}、各县区政府\t2025年底前"
                )
        else:
            for i in range(1, count + 1):
                n = written + i
                a, b, c = (_UNITS[(n + k) % 20] for k in (0, 5, 11))
                form = n % 6
                if form == 0:
                    note = f"（牵头单位：{a}；配合单位：{b}、{c}）（2025年6月底前完成）"
                elif form == 1:
                    note = f"（{a}牵头，{b}、{c}等有关部门配合）"
                elif form == 2:
                    note = f"（{a}会同{b}、{c}）2025年底前完成。"
                elif form == 3:
                    note = f"（责任单位：{a}、{b}，各县区政府；每季度）"
                elif form == 4:
                    note = f"（{a}、{b}等有关部门和单位按职责分工负责）"
                else:
                    note = f"（{a}负责，每年12月底前）"
                lines.append(
                    f"{i}.加强第{n}项工作，指导各省（区、市）、各县（市、区）落实《办法（试行）》"
                    f"要求，完善工作机制{note}"
                )
        written += count
    return "\n".join(lines) + "\n"


def synthetic_page(text: str) -> bytes:
    """The synthetic plan as a web page: paragraphs as <p>, each TAB table as a <table>."""
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"]
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                out.append("<table>")
                in_table = True
            cells = "".join(f"<td>{escape(c)}</td>" for c in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        out.append(f"<p>{escape(line)}</p>")
    out.append("</table></body></html>" if in_table else "</body></html>")
    return "\n".join(out).encode("utf-8")


def _floor(text: str) -> None:
    folded = fold(text)
    for s, e in line_spans(folded):
        bracket_spans(folded, s, e)


def _preview(text: str) -> None:
    build_preview(parse_plan(text), lambda _: None)


def _cpu(work: Callable[[str], None], text: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work(text)
        times.append(time.process_time() - started)
    return times


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--tasks", type=int, default=2000)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    text = synthetic_plan(args.tasks)
    parsed = parse_plan(text)
    found = len(parsed.tasks)
    assignments = sum(len(t.assignments) for t in parsed.tasks)
    _preview(text)  # warm-up (regex compilation, imports)
    floor = _cpu(_floor, text, args.runs)
    preview = _cpu(_preview, text, args.runs)
    page = synthetic_page(text)
    from_page = parse_bytes(page)
    page_tasks = len(from_page.tasks)

    def web_preview(_: str) -> None:
        build_preview(parse_bytes(page), lambda _: None)

    web = _cpu(web_preview, text, args.runs)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    least, median = min(preview), statistics.median(preview)
    lines = [
        "## Import preview, 2,000-task plan (issue 17)",
        "",
        f"`python -m bench.import_preview --tasks {args.tasks} --runs {args.runs}` on "
        f"{platform.processor() or platform.machine()}, nproc {os.cpu_count()}, python "
        f"{platform.python_version()}; load average [{load}] at the end: the machine was shared "
        "with four other engineers' test runs, so CPU time (process_time), not wall clock, is "
        "reported, and the least run is the robust figure.",
        "",
        f"Plan: {len(text):,} characters, {found:,} tasks read, {assignments:,} assignments.",
        "",
        "| what | CPU s least | CPU s median | × reading floor (least) |",
        "| --- | ---: | ---: | ---: |",
        f"| reading floor (fold, lines, brackets) | {min(floor):.3f} | "
        f"{statistics.median(floor):.3f} | 1.0× |",
        f"| parse + preview | {least:.3f} | {median:.3f} | {least / min(floor):.1f}× |",
        f"| the same plan as a web page ({len(page):,} bytes, {page_tasks:,} tasks read): "
        f"lxml + grids + parse + preview | {min(web):.3f} | {statistics.median(web):.3f} | "
        f"{min(web) / min(floor):.1f}× |",
        "",
        f"Target: under 2 s CPU — {'met' if median < 2 else 'NOT met'} (median {median:.2f} s).",
    ]
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "import-preview.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_report()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
