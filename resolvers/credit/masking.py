"""Public summaries (公示内容) that never name a person: known names masked (王志强 → 王**), and
the check that refuses a summary still holding one, naming where.

A *known name* is the name of anyone in the person table or of a party to the record (its person,
who objected, who applied for repair), stripped of annotations such as （示例）. A name is found
also when spaces, dots or zero-width characters are put between its characters (王 志·强). Unit
names are never touched: where a person's name lies inside a unit's name, short name or alias
written in the text (a person 张义 and the unit 张义镇政府), that span is the unit's, so neither
masking nor the check turns a unit into nonsense. Only the record's own person also has the given
name alone masked (志强 → **): other people's given names are too often ordinary words (国庆).

Pure functions: the names come from the caller (resolvers/credit/publication.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Annotations after a stored name: 王志强（示例）, 李明(副县长).
_ANNOTATION = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
#: What may stand between the characters of a name without making it another word.
_GAP = r"[\s\u00b7\u30fb\u2022.\-_\u200b-\u200d\ufeff]*"
_HAN = re.compile(r"^[\u3400-\u9fff]{2,4}$")


def clean_name(name: str) -> str:
    """A stored name without annotations and blanks: 王志强（示例） → 王志强."""
    return re.sub(r"\s+", "", _ANNOTATION.sub("", name))


def mask_name(name: str) -> str:
    """A person's name as the public sees it: the surname and two stars, whatever its length."""
    name = clean_name(name)
    return f"{name[0]}**" if name else ""


#: Common surnames (the first ~200 of the national census), to tell a party who is a person
#: (王志强) from one that is a word or a body (公众, 当事单位) where no person row says which.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_BODIES = ("单位", "政府", "部门", "公司", "中心", "委员会", "局", "办", "院", "所", "处", "科")


def looks_like_person(name: str) -> bool:
    """Whether a party's name (who objected, who applied) is a person's: 2–4 Han characters
    beginning with a common surname, not ending like a body (单位, 政府, 局…)."""
    cleaned = clean_name(name)
    return bool(_HAN.match(cleaned)) and cleaned[0] in SURNAMES and not cleaned.endswith(_BODIES)


def _loose(name: str) -> str:
    return _GAP.join(re.escape(ch) for ch in name)


@dataclass(frozen=True)
class KnownNames:
    """The names to mask, the record person's own name, and the unit names to leave alone."""

    people: frozenset[str]
    own: str = ""
    units: frozenset[str] = frozenset()

    @classmethod
    def of(cls, people: Iterable[str], own: str | None, units: Iterable[str]) -> KnownNames:
        cleaned = {clean_name(p) for p in people} | ({clean_name(own)} if own else set())
        unit_names = {u.strip() for u in units if u and u.strip()}
        return cls(
            people=frozenset(p for p in cleaned if len(p) >= 2),
            own=clean_name(own) if own else "",
            units=frozenset(unit_names),
        )

    def _forms(self) -> list[tuple[str, str]]:
        """(form, replacement): full names longest first, then the record person's given name."""
        forms = [(p, mask_name(p)) for p in sorted(self.people, key=len, reverse=True)]
        given = self.own[1:]
        if len(given) >= 2:
            forms.append((given, "**"))
        return forms

    def _unit_spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for unit in self.units:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(unit), text)]
        return spans

    def _hits(self, text: str) -> list[tuple[int, str, str]]:
        """(position, text found, its mask) of every known name outside unit names."""
        forms = self._forms()
        if not forms:
            return []
        pattern = re.compile("|".join(f"({_loose(form)})" for form, _ in forms))
        spans = self._unit_spans(text)
        hits: list[tuple[int, str, str]] = []
        for hit in pattern.finditer(text):
            if any(start <= hit.start() and hit.end() <= end for start, end in spans):
                continue
            which = next(i for i, group in enumerate(hit.groups()) if group is not None)
            hits.append((hit.start(), hit.group(0), forms[which][1]))
        return hits

    def mask(self, text: str) -> str:
        """``text`` with every known name masked, and the record person's given name alone."""
        pieces: list[str] = []
        last = 0
        for position, found, masked in self._hits(text):
            pieces += [text[last:position], masked]
            last = position + len(found)
        return "".join([*pieces, text[last:]])

    def unmasked(self, text: str) -> tuple[int, str] | None:
        """The first known name still written out in ``text`` (its position and text), or None."""
        hits = self._hits(text)
        return (hits[0][0], hits[0][1]) if hits else None
