"""Progress bars for CLI commands that take a while: drawn on a terminal (stderr), silent in
pipes and files, so output stays machine-readable."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress(
    total: int | None, description: str, unit: str = "条"
) -> Iterator[Callable[[int], None]]:
    """``advance(n)`` for the block; a bar only when stderr is a terminal (``disable=None``)."""
    with tqdm(
        total=total,
        desc=description,
        unit=unit,
        file=sys.stderr,
        disable=None,
        leave=False,
        dynamic_ncols=True,
    ) as bar:
        yield bar.update
