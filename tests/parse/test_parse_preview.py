"""The machine-readable preview has exactly the shape of issue 8 item 6."""

from __future__ import annotations

import json

from seed.parse import parse_plan
from seed.preview import build_preview

TEXT = (
    "某某方案\n某市人民政府办公室\n2018年1月2日\n一、任务\n"
    "1.推进改革。（市发改委牵头，市外星局配合，2018年6月底前）\n"
)
KNOWN = {"市发改委": "市发展和改革委员会"}


def test_preview_shape() -> None:
    preview = build_preview(parse_plan(TEXT), KNOWN.get)
    json.dumps(preview)  # plain JSON data
    assert set(preview) == {"document", "tasks", "warnings"}
    assert preview["document"] == {
        "title": "某某方案",
        "docNumber": None,
        "issuer": "某市人民政府办公室",
        "issuedOn": "2018-01-02",
        "leadRule": None,
    }
    (task,) = preview["tasks"]
    assert set(task) == {"path", "title", "start", "end", "assignments", "deadline"}
    assert task["path"] == ["一", "1"]
    assert task["title"] == "推进改革"
    assert TEXT[task["start"] :].startswith("1.推进改革")
    assert task["deadline"] == {
        "kind": "DATE",
        "text": "2018年6月底前",
        "dueOn": "2018-06-30",
        "rule": None,
    }
    lead, co = task["assignments"]
    assert lead == {
        "unit": "市发改委",
        "canonicalUnit": "市发展和改革委员会",
        "role": "LEAD",
        "start": TEXT.index("市发改委"),
        "end": TEXT.index("市发改委") + 4,
        "implicit": False,
        "rule": "EXPLICIT",
    }
    assert co["canonicalUnit"] is None
    assert co["role"] == "CO_RESPONSIBLE"
    unknown = [w for w in preview["warnings"] if w["message"].startswith("unknown unit")]
    assert unknown == [{"message": "unknown unit 市外星局", "start": co["start"], "end": co["end"]}]
