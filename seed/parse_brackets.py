"""What a bracket in plan prose is: a responsibility annotation, or one of the kinds that never is.

Plans bracket many things besides who does what: region notation (省（区、市）, 县（市、区、旗）),
document status (（试行）), abbreviations the text defines (（以下简称“…”）), document numbers
(（国办发〔2016〕33号）), contact details, explanations (（含…）, （见附件）) and deadlines.
Only the ANNOTATION kind may be read for units; a DEADLINE bracket gives the task its deadline.
"""

from __future__ import annotations

import re
from enum import StrEnum

from seed.parse_deadlines import find_deadlines


class BracketKind(StrEnum):
    """The kinds of bracketed text in a plan."""

    ANNOTATION = "ANNOTATION"
    REGION = "REGION"
    TITLE = "TITLE"
    ABBREVIATION = "ABBREVIATION"
    DOC_NUMBER = "DOC_NUMBER"
    CONTACT = "CONTACT"
    EXPLANATION = "EXPLANATION"
    CITATION = "CITATION"
    DEADLINE = "DEADLINE"


_ADMIN_WORD = (
    r"(?:新疆生产建设兵团|计划单列市|副省级城市|自治区|直辖市|自治州|自治县|县级市|市辖区|地区|林区|"
    r"特区|兵团|开发区|园区|街道|社区|乡镇|[省市县区州盟旗地乡镇村])"
)
_REGION = re.compile(rf"{_ADMIN_WORD}(?:[、,和及]{_ADMIN_WORD})*")
_ADMIN_BEFORE = re.compile(r"[省市县区州盟旗地乡镇]$")
_TITLE = re.compile(
    r"(?:试行|暂行|草案|讨论稿|征求意见稿|送审稿|修订稿|修订|修正|修正案|审议稿|代拟稿|"
    r"\d{4}\s*年\s*(?:修订|修正|版)?|\d{4}\s*[-—–~至]\s*\d{4}\s*年?|\d{4}\s*年\s*本)"
)
_ABBREVIATION = re.compile(r"以下(?:简称|统称|称)|^(?:简称|统称|下称|又称|原称|原名)")
_DOC_NUMBER = re.compile(r"[〔\[(]\s*\d{4}\s*[〕\])]\s*(?:第\s*)?\d{1,4}\s*号|第\s*\d{1,4}\s*号令?")
_CONTACT = re.compile(
    r"联系人|联系电话|联系方式|电话|手机|传真|邮箱|电子邮件|E-?mail|@|邮编|地址[::]|"
    r"\d{3,4}-\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)",
    re.IGNORECASE,
)
_EXPLANATION = re.compile(
    r"^(?:含|包括|不含|即|见|详见|参见|附件|附表|注|备注|以下|下同|同上|共|约|其中|例如|如)"
    r"|^[一二三四五六七八九十\d]+$|^[a-zA-Z]$|%$|万元|亿元"
)
_ALL_DEADLINE = re.compile(
    r"[\s,、;。]*(?:完成|前完成|全面完成|基本完成|启动|持续推进)?[\s,、;。]*"
)


def classify(folded: str, start: int, end: int) -> BracketKind:
    """The kind of the bracket folded[start:end] (brackets included)."""
    inner = folded[start + 1 : end - 1].strip()
    before = folded[max(0, start - 2) : start].rstrip()
    if before.endswith(("》", "〉")):
        return BracketKind.CITATION
    if not inner:
        return BracketKind.EXPLANATION
    if _ABBREVIATION.search(inner):
        return BracketKind.ABBREVIATION
    if _DOC_NUMBER.search(inner):
        return BracketKind.DOC_NUMBER
    if _REGION.fullmatch(inner) and (_ADMIN_BEFORE.search(before) or len(inner) <= 7):
        return BracketKind.REGION
    if _TITLE.fullmatch(inner):
        return BracketKind.TITLE
    if _CONTACT.search(re.split(r"[;,。]", inner, maxsplit=1)[0]):
        return BracketKind.CONTACT  # a contact first; 市数据局负责；联系人：… is an annotation
    if only_deadline(folded, start + 1, end - 1):
        return BracketKind.DEADLINE
    if _EXPLANATION.search(inner):
        return BracketKind.EXPLANATION
    return BracketKind.ANNOTATION


def contact_start(folded: str, start: int, end: int) -> int:
    """Where contact details begin inside an annotation (its end when there are none)."""
    found = _CONTACT.search(folded, start, end)
    if found is None:
        return end
    cut = max(folded.rfind(c, start, found.start()) for c in ";,。")
    return cut if cut > start else found.start()


def only_deadline(folded: str, start: int, end: int) -> bool:
    """Whether folded[start:end] holds deadlines and nothing else but 完成-like words."""
    deadlines = find_deadlines(folded, folded, start, end, loose=True)
    if not deadlines:
        return False
    cursor = start
    for deadline in deadlines:
        gap = _ALL_DEADLINE.fullmatch(folded, cursor, deadline.start)
        if gap is None:
            return False
        cursor = max(cursor, deadline.end)
    return _ALL_DEADLINE.fullmatch(folded, cursor, end) is not None
