"""Runs command lines through ``server.cli.main`` in one process, as the README shows them.

Reads a JSON list of argv lists on stdin and prints a JSON list of ``{"argv", "code", "out",
"err"}``. ``serve`` stops where uvicorn would start listening (``uvicorn.run`` records its
arguments instead), so its first-start work (migrations, seed, demo, first admin) really runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any


def main() -> None:
    import uvicorn

    from server.cli import main as cli

    listened: list[dict[str, Any]] = []
    uvicorn.run = lambda *args, **kwargs: listened.append(kwargs)  # type: ignore[assignment]
    results = []
    for argv in json.load(sys.stdin):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli(argv) or 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 2
        results.append({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue()})
    json.dump({"results": results, "listened": len(listened)}, sys.__stdout__)


if __name__ == "__main__":
    main()
