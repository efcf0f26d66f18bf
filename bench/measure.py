"""In-process measurement: SQL statements, response bytes and latency of each shape through the
real ASGI app, and of its floors on the same connection and data."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
import orjson

from bench.compiled import COMPILE_FLOORS
from bench.floors import PYTHON_FLOORS, Sql
from bench.floors_lists import LIST_FLOORS
from bench.shapes import Shape, Subjects

WARM_UP = 5


@dataclass(frozen=True)
class Budget:
    """How long each measurement may take: at most ``runs`` requests or ``seconds``."""

    runs: int = 300
    seconds: float = 4.0


@dataclass
class Timing:
    runs: int
    p50_ms: float
    p99_ms: float
    bytes: int
    #: Median and least CPU time of this process per run (the least is the most robust when
    #: other work shares the machine).
    cpu_ms: float | None = None
    cpu_min_ms: float | None = None
    #: The fastest run (wall clock): what the code costs when nothing else interferes.
    min_ms: float | None = None

    @classmethod
    def of(cls, samples_ns: list[int], size: int, cpu_ns: list[int] | None = None) -> Timing:
        ordered = sorted(samples_ns)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        cpu = round(statistics.median(cpu_ns) / 1e6, 3) if cpu_ns else None
        least = round(min(cpu_ns) / 1e6, 3) if cpu_ns else None
        return cls(
            len(ordered),
            round(statistics.median(ordered) / 1e6, 3),
            round(p99 / 1e6, 3),
            size,
            cpu,
            least,
            round(ordered[0] / 1e6, 3),
        )


@dataclass
class ShapeResult:
    name: str
    statements: int
    graphql: Timing
    python_floor: Timing | None = None
    compile_floor: Timing | None = None
    #: The Python floor's JSON equals the response; the compile floor's equals it up to IDs.
    same_json: dict[str, bool] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class StatementCounter(logging.Handler):
    """Counts SQL statements the ORM sends (as tests/conftest.py does)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)


@contextmanager
def counting() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


async def timed(run: Callable[[int], Awaitable[int]], budget: Budget) -> Timing:
    """Warm up, then time ``run(i)`` (which returns the response size) within the budget."""
    for i in range(WARM_UP):
        size = await run(i)
    samples: list[int] = []
    cpu: list[int] = []
    deadline = time.perf_counter() + budget.seconds
    i = WARM_UP
    while len(samples) < budget.runs and time.perf_counter() < deadline:
        started, cpu_started = time.perf_counter_ns(), time.process_time_ns()
        size = await run(i)
        samples.append(time.perf_counter_ns() - started)
        cpu.append(time.process_time_ns() - cpu_started)
        i += 1
    return Timing.of(samples, size, cpu)


def unencoded(value: Any) -> Any:
    """Global IDs and cursors decoded, so SQL-built JSON without base64 compares equal."""
    if isinstance(value, dict):
        return {k: unencoded_field(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [unencoded(v) for v in value]
    return value


def unencoded_field(key: str, value: Any) -> Any:
    if key not in ("id", "endCursor") or not isinstance(value, str):
        return unencoded(value)
    text = value
    if not (value.startswith("[") or ":" in value):
        try:
            text = base64.urlsafe_b64decode(value.replace("\n", "").encode()).decode()
        except (ValueError, binascii.Error):
            return value
    return json.loads(text) if text.startswith("[") else text


async def measure(
    http: httpx.AsyncClient, shape: Shape, subjects: Subjects, budget: Budget
) -> ShapeResult:
    async def request(i: int) -> httpx.Response:
        response = await http.post(
            "/graphql", json={"query": shape.document, "variables": shape.variables(subjects, i)}
        )
        if response.status_code != 200 or b'"errors"' in response.content:
            raise RuntimeError(f"{shape.name} failed: {response.text[:500]}")
        return response

    async def run(i: int) -> int:
        return len((await request(i)).content)

    with counting() as counter:
        response = await request(10_000_000)
    result = ShapeResult(shape.name, len(counter.statements), await timed(run, budget))
    if shape.floor is None:
        return result
    sql = Sql()
    # The floors build ``data`` only; ``extensions`` (the node cost) is the server's own.
    expected = {"data": orjson.loads(response.content)["data"]}
    if shape.floor in LIST_FLOORS:
        variables = shape.variables(subjects, 0)
        list_floor = LIST_FLOORS[shape.floor]
        result.same_json["python"] = orjson.loads(await list_floor(sql, variables)) == expected
        result.python_floor = await timed(lambda i: _size(list_floor(sql, variables)), budget)
        return result
    n = shape.variables(subjects, 0)["n"]
    python_floor = PYTHON_FLOORS[shape.floor]
    result.same_json["python"] = orjson.loads(await python_floor(sql, n)) == expected
    result.python_floor = await timed(lambda i: _size(python_floor(sql, n)), budget)
    if shape.floor in COMPILE_FLOORS:
        compile_floor = COMPILE_FLOORS[shape.floor]
        built = orjson.loads(await compile_floor(sql, n))
        result.same_json["compile"] = unencoded(built) == unencoded(expected)
        result.compile_floor = await timed(lambda i: _size(compile_floor(sql, n)), budget)
    return result


async def _size(body: Awaitable[bytes]) -> int:
    return len(await body)


JOURNAL_COLUMNS = "seq, recorded_at, actor, action, entity_type, entity_id, before, after, hash"


async def keyset_probe(after_seq: int, page: int, runs: int = 50) -> dict[str, float]:
    """The journal page query alone: keyset from the start, keyset ``after_seq`` deep, and the
    OFFSET query a naive pager would send for the same deep page (median ms of ``runs``)."""
    sql = Sql()
    mark = "$1" if sql.postgres else "?"
    queries = {
        "first_ms": (
            f"SELECT {JOURNAL_COLUMNS} FROM journal_entry WHERE seq > {mark} "
            f"ORDER BY seq LIMIT {page + 1}",
            [0],
        ),
        "deep_ms": (
            f"SELECT {JOURNAL_COLUMNS} FROM journal_entry WHERE seq > {mark} "
            f"ORDER BY seq LIMIT {page + 1}",
            [after_seq],
        ),
        "offset_ms": (
            f"SELECT {JOURNAL_COLUMNS} FROM journal_entry ORDER BY seq "
            f"LIMIT {page + 1} OFFSET {mark}",
            [after_seq],
        ),
    }
    result: dict[str, float] = {}
    for name, (statement, params) in queries.items():
        samples = []
        for _ in range(runs):
            started = time.perf_counter_ns()
            await sql.rows(statement, params)
            samples.append(time.perf_counter_ns() - started)
        result[name] = round(statistics.median(samples) / 1e6, 3)
    return result
