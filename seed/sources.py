"""Reading plan files: text in UTF-8 (or GB18030, common in government offices) and Word."""

from __future__ import annotations

import json
from pathlib import Path

from seed.docx import parse_docx
from seed.matrix import read_matrix, zip_kind
from seed.parse import ParsedPlan, parse_plan
from seed.units import KnownUnit, UnitDirectory


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); GB18030 when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def parse_bytes(data: bytes) -> ParsedPlan:
    """A plan from a file's bytes: Word (.docx), an Excel matrix (.xlsx) or text."""
    kind = zip_kind(data)
    if kind == "docx":
        return parse_docx(data)
    if kind == "xlsx":
        return read_matrix(data)
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
