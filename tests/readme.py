"""README.md as a test fixture: its code blocks, their walkthrough markers, its command lines.

The convention a README section follows (tests/test_readme.py checks it):

- Every ```graphql block is parsed and validated against the schema of ``/graphql``, or of
  ``/public/graphql`` when its marker says ``endpoint=public``.
- A block preceded (on the line before its opening fence) by
  ``<!-- walkthrough: NAME STEP as=USER [endpoint=public] [expect=CODE] [VAR=PATH …] -->``
  is also *run*: the blocks of one walkthrough NAME run in STEP order (integers), walkthroughs in
  the order they first appear in the README, on one demo-day database, over HTTP, with the token
  of account USER. Each operation of a block runs in turn; a variable ``$VAR`` takes the value at
  PATH (dotted keys and list indexes, e.g. ``tasks.nodes.0.id``) in the data the earlier
  operations of the same walkthrough returned (later results overwrite earlier root fields of the
  same name); variables not bound are left out. Every operation must answer without errors
  (``expect=CODE``: with an error of that ``extensions.code``), and every query with some
  non-null value (also beside an expected error: partial data). Subscriptions are validated
  only. ``as=anonymous`` sends no token.
- A ```sh block preceded by ``<!-- walkthrough-setup -->`` is run, before the walkthroughs, line by
  line through the real CLI on that database: its ``dutygraph`` lines, in order. The token that
  ``token issue USER`` prints becomes USER's; the one ``serve`` prints on its first start,
  ``admin``'s. (``serve`` runs up to the point where it would start listening.)
- Every other line of a ```sh block that runs ``dutygraph`` must be a command line the CLI parses.
- A ``curl … /graphql … -d '{"query": …}'`` line of a ```sh block is posted, as ``office``, after
  the walkthroughs, and must answer without errors.
- A ``curl … '…/exports/…'`` line of a ```sh block is fetched (GET), as ``office``, after the
  walkthroughs, and must answer 200 with a file (a .docx/.xlsx one opens as a zip archive).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"

FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"^<!--\s*(walkthrough(?:-setup)?)\s*:?\s*(.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of the README and the marker on the line before it."""

    language: str
    text: str
    line: int
    marker: str | None = None
    options: str = ""

    @property
    def where(self) -> str:
        return f"README.md:{self.line}"


@dataclass(frozen=True)
class Step:
    """A walkthrough block: its walkthrough, position, account, endpoint, bindings."""

    block: Block
    name: str
    number: int
    account: str
    endpoint: str = "/graphql"
    expect: str | None = None
    bindings: dict[str, str] = field(default_factory=dict)


def blocks(text: str | None = None) -> list[Block]:
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening or not opening.group(1):
            index += 1
            continue
        marker = MARKER.match(lines[index - 1]) if index else None
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        found.append(
            Block(
                language=opening.group(1),
                text="\n".join(lines[index + 1 : end]),
                line=index + 1,
                marker=marker.group(1) if marker else None,
                options=marker.group(2) if marker else "",
            )
        )
        index = end + 1
    return found


def endpoint_of(block: Block) -> str:
    return "/public/graphql" if "endpoint=public" in block.options.split() else "/graphql"


def step_of(block: Block) -> Step:
    """The walkthrough step a marked block is (ValueError when its marker is malformed)."""
    words = block.options.split()
    if len(words) < 3 or not words[1].isdigit():
        raise ValueError(f"{block.where}: write <!-- walkthrough: NAME STEP as=USER … -->")
    options = dict(word.split("=", 1) for word in words[2:] if "=" in word)
    if "as" not in options:
        raise ValueError(f"{block.where}: a walkthrough step names its account: as=USER")
    endpoint = "/public/graphql" if options.pop("endpoint", "") == "public" else "/graphql"
    account = options.pop("as")
    expect = options.pop("expect", None)
    return Step(block, words[0], int(words[1]), account, endpoint, expect, options)


def walkthroughs(found: list[Block]) -> list[list[Step]]:
    """Walkthroughs in README order, each a list of steps in STEP order."""
    steps = [step_of(block) for block in found if block.marker == "walkthrough"]
    order: list[str] = []
    for step in steps:
        if step.name not in order:
            order.append(step.name)
    return [sorted((s for s in steps if s.name == name), key=lambda s: s.number) for name in order]


def resolve(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


def has_value(value: Any) -> bool:
    """Some non-null leaf: an answer that shows something."""
    if isinstance(value, dict):
        return any(has_value(v) for v in value.values())
    if isinstance(value, list):
        return any(has_value(v) for v in value)
    return value is not None


def command_lines(block: Block) -> list[list[str]]:
    """The ``dutygraph`` invocations of a shell block, as argv lists without ``dutygraph``."""
    commands = []
    text = block.text.replace("\\\n", " ")
    for line in text.splitlines():
        for part in re.split(r"&&|;", line.split("  #", 1)[0]):
            words = shlex.split(part, comments=True)
            while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
                words = words[1:]  # VAR=value prefixes
            if words and words[0].endswith("dutygraph"):
                commands.append(words[1:])
    return commands


TOKEN = re.compile(r"\bdg_[A-Za-z0-9_-]{43}\b")


def curl_queries(block: Block) -> list[dict[str, Any]]:
    """The JSON bodies that a shell block's ``curl … /graphql … -d '{"query": …}'`` lines post
    (subscriptions and bodies without a document are left out)."""
    bodies = []
    for line in block.text.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] != "curl" or not any(w.endswith("/graphql") for w in words):
            continue
        for flag, value in zip(words, words[1:], strict=False):
            if flag == "-d":
                body = json.loads(value)
                if "query" in body and not body["query"].lstrip().startswith("subscription"):
                    bodies.append(body)
    return bodies


def curl_downloads(block: Block) -> list[str]:
    """The paths with query string that a shell block's ``curl … '…/exports/…'`` lines fetch."""
    paths = []
    for line in block.text.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] != "curl":
            continue
        for word in words[1:]:
            if "/exports/" in word and not word.startswith("-"):
                paths.append(word[word.index("/exports/") :])
    return paths
