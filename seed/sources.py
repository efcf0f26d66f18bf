"""Reading plan files: text (UTF-8 or GB18030), Word, Excel matrices, PDF and web pages."""

from __future__ import annotations

import json
from pathlib import Path

from seed.docx import parse_docx
from seed.html import looks_like_html, parse_html
from seed.matrix import zip_kind
from seed.parse import ParsedPlan, parse_plan
from seed.pdf import parse_pdf
from seed.sheet import parse_workbook
from seed.source_errors import SourceError
from seed.units import KnownUnit, UnitDirectory


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); GB18030 when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


#: The largest plan file read (a 2,000-task plan as .docx is a few MB; a scan is far larger).
MAX_FILE_BYTES = 20 * 1024 * 1024


def source_kind(data: bytes) -> str:
    """``docx``, ``xlsx``, ``pdf``, ``html`` or ``text``, from the bytes (never the file name)."""
    kind = zip_kind(data)
    if kind is not None:
        return kind
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if looks_like_html(data):
        return "html"
    return "text"


def _binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls > len(sample) // 100


def parse_bytes(data: bytes) -> ParsedPlan:
    """A plan from a file's bytes: Word, an Excel matrix, PDF, a web page or text.

    Raises SourceError for what holds no readable plan: too large, binary, a scanned or
    encrypted PDF, a web page without a plan.
    """
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; plans are read up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Import the plan's text or Word file instead "
            "of a scan or an archive."
        )
    kind = source_kind(data)
    if kind == "docx":
        return parse_docx(data)
    if kind == "xlsx":
        return parse_workbook(data)
    if kind == "pdf":
        return parse_pdf(data)
    if kind == "html":
        plan = parse_html(data)
        if not plan.tasks:
            raise SourceError(
                "The web page holds no plan: no numbered task with a responsible unit and no "
                "task table (序号/工作任务/牵头单位) was found. Open the page that carries the "
                "plan itself (often an attachment) and import that."
            )
        return plan
    if _binary(data):
        raise SourceError(
            f"The file is binary ({data[:8].hex(' ')}…), not text, Word, Excel, PDF or HTML. "
            "Check that the right file was chosen."
        )
    return parse_plan(decode_text(data))


def parse_file(path: Path) -> ParsedPlan:
    return parse_bytes(path.read_bytes())


def catalogue_directory(text: str) -> UnitDirectory:
    """A directory of the units in a seed catalogue (``seed/data/*-units.json``)."""
    units = json.loads(text)["units"]
    return UnitDirectory(
        KnownUnit(
            u["name"],
            tuple([u["name"], *filter(None, [u.get("short_name")]), *u.get("aliases", [])]),
        )
        for u in units
    )
