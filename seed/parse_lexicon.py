"""Width folding, brackets, numbered labels and what a unit name looks like, for the plan parser."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

# Full-width ASCII, the ideographic space and the no-break space fold to one half-width char each,
# so a folded copy of the text keeps every offset of the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0xFE59: 0x28, 0xFE5A: 0x29, 0x3010: 0x5B, 0x3011: 0x5D})


def fold(text: str) -> str:
    """`text` with full-width punctuation, digits and letters made half-width; same length."""
    return text.translate(_FOLD)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})


def cn_number(word: str) -> int | None:
    """Read a small Chinese numeral (一 … 九十九) or a digit run; None when it is neither."""
    if word.isdigit():
        return int(word)
    if not word or any(ch not in _CN_DIGITS and ch != "十" for ch in word):
        return None
    if "十" not in word:
        if len(word) == 1:
            return _CN_DIGITS[word]
        return int("".join(str(_CN_DIGITS[ch]) for ch in word))
    tens, _, ones = word.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


_CN = "一二三四五六七八九十"
# Label styles, matched on folded text at the start of a paragraph. Order matters: "(一)" must be
# tried before "一、" would never match it anyway, but "1)" must come after "(1)".
LABEL_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"[{_CN}]{{1,3}}\s*[、.,]")),
    ("pcn", re.compile(rf"\(\s*[{_CN}]{{1,3}}\s*\)\s*[、.]?")),
    ("num", re.compile(r"\d{1,3}\s*(?:、|\.(?:(?!\d)|(?=\d{4}\s*年)))")),
    ("pnum", re.compile(r"(?:\(\s*\d{1,3}\s*\)|[⑴-⒇])\s*[、.]?")),
    ("circ", re.compile(r"[①-⑳]\s*[、.]?")),
    ("numparen", re.compile(r"\d{1,3}\)")),
)
_LABEL_CORE = re.compile(rf"[{_CN}]+|\d+|[①-⑳]|[⑴-⒇]")


@dataclass(frozen=True)
class Label:
    """A numbered label at the start of a paragraph: its style, normalised form and span."""

    style: str
    name: str
    start: int
    end: int


def match_label(folded: str, pos: int, end: int) -> Label | None:
    """The numbered label beginning at `pos` (leading spaces skipped), if any."""
    while pos < end and folded[pos] in " \t":
        pos += 1
    for style, pattern in LABEL_STYLES:
        found = pattern.match(folded, pos, end)
        if found is None:
            continue
        core = _LABEL_CORE.search(found.group())
        if core is None:
            continue
        word = core.group()
        if "⑴" <= word <= "⒇":
            word = str(ord(word) - ord("⑴") + 1)
        name = {"pcn": f"({word})", "pnum": f"({word})", "numparen": f"{word})"}.get(style, word)
        return Label(style, name, pos, found.end())
    return None


OPEN, CLOSE = "([", ")]"


def bracket_spans(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost (…) / […] groups in folded[start:end] as (open, close+1); unclosed ones skipped."""
    spans: list[tuple[int, int]] = []
    depth, opened = 0, -1
    for i in range(start, end):
        ch = folded[i]
        if ch in OPEN:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, i + 1))
    return spans


def split_top(folded: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Split folded[start:end] on any char of `seps` outside brackets; spans exclude separators."""
    parts: list[tuple[int, int]] = []
    depth, piece = 0, start
    for i in range(start, end):
        ch = folded[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif depth == 0 and ch in seps:
            parts.append((piece, i))
            piece = i + 1
    parts.append((piece, end))
    return parts


def strip_span(folded: str, start: int, end: int, chars: str = " \t\r\n") -> tuple[int, int]:
    """Shrink a span past leading and trailing `chars`."""
    while start < end and folded[start] in chars:
        start += 1
    while end > start and folded[end - 1] in chars:
        end -= 1
    return start, end


_UNIT_SUFFIX = re.compile(
    r"(部|委|局|厅|办|院|署|会|府|中心|行|单位|部门|机关|司|室|所|处|科|站|队|社|联|协|团|台|馆|校|"
    r"公司|组|中央|党委|党组|政协|人大|海关|街道|乡镇|企业|机构|高校|市|县|区|州|旗|盟|镇|乡|局等)$"
)
_UNIT_PREFIX = re.compile(
    r"^(各|有关|相关|其他|其它|市直|省直|县直|区直|州直|中央|国家|国务院|全国)"
)
_NOT_UNIT = re.compile(
    r"[的了要将把\d年月日%。]|下同|不再|以下|负责|牵头|配合|按照|通过|加强|推进|建立"
)
#: A qualifier or conjunction left over from a list (有关, 各, 其他…) is never a unit by itself.
_FRAGMENT = re.compile(r"(?:各|有关|相关|其他|其它|等|以及|及|和|有关的|相关的|等有关|等相关)+")
_PAREN_PART = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|〔[^〔〕]*〕")


#: Collective names the plan itself defines (…（以下简称“各责任单位”）), while one plan is parsed.
DEFINED_UNITS: ContextVar[frozenset[str]] = ContextVar("DEFINED_UNITS", default=frozenset())
_DEFINES = re.compile(r"以下(?:简称|统称|称)\s*[\"“”'‘’「『]?(?P<name>[^\"“”'‘’」』()]{2,16})")


def defined_units(folded: str) -> frozenset[str]:
    """Names defined by 以下简称“…” after a list of units (a collective the plan names)."""
    names: set[str] = set()
    for m in _DEFINES.finditer(folded):
        opened = folded.rfind("(", 0, m.start())
        clause = re.split(r"[。;:,]", folded[max(0, opened - 60) : max(opened, 0)])[-1]
        parts = [p for p in re.split(r"[、和及]", clause) if p]
        if opened != -1 and parts and any(looks_like_unit(p) for p in parts[-2:]):
            names.add(m["name"].strip())
    return frozenset(names)


def looks_like_unit(name: str) -> bool:
    """Whether a (folded) string reads as a government unit name such as 市发改委 or 各县区政府."""
    bare = _PAREN_PART.sub("", fold(name)).strip()
    if bare in DEFINED_UNITS.get():
        return True
    if not 2 <= len(bare) <= 32 or _NOT_UNIT.search(bare):
        return False
    if not re.search(r"[\u4e00-\u9fff]", bare) or _FRAGMENT.fullmatch(bare):
        return False
    if bare.endswith("行") and not re.search(r"(银行|支行|分行|人行|总行)$", bare):
        return bool(_UNIT_PREFIX.search(bare))
    return bool(_UNIT_SUFFIX.search(bare) or _UNIT_PREFIX.search(bare))
