"""Resolving unit names as plans write them (市发改委, 各县区) to known units; pure, no database."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownUnit:
    """A unit as the directory knows it: its canonical name and every name it answers to."""

    name: str
    names: tuple[str, ...]
    pk: int | None = None


def normalise(name: str) -> str:
    """Width-folded (NFKC), without spaces or enclosing punctuation a copy-paste leaves."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(folded.split()).strip("，,。.;；:：")


def variants(name: str) -> list[str]:
    """Spellings of the same unit: 人民政府 ↔ 政府; dropping a leading 各."""
    base = normalise(name)
    found = [base]
    if "人民政府" in base:
        found.append(base.replace("人民政府", "政府"))
    elif base.endswith("政府"):
        found.append(base[: -len("政府")] + "人民政府")
    return found


class UnitDirectory:
    """Looks written names up among known units: exact names first, then normalised spellings."""

    def __init__(self, units: Iterable[KnownUnit]) -> None:
        self.units = list(units)
        self._exact: dict[str, KnownUnit] = {}
        self._loose: dict[str, KnownUnit] = {}
        for unit in self.units:
            for name in unit.names:
                self._exact.setdefault(name, unit)
                for spelling in variants(name):
                    self._loose.setdefault(spelling, unit)

    def find(self, written: str) -> KnownUnit | None:
        if written in self._exact:
            return self._exact[written]
        for spelling in variants(written):
            if spelling in self._loose:
                return self._loose[spelling]
        return None

    def canonical(self, written: str) -> str | None:
        unit = self.find(written)
        return unit.name if unit else None
