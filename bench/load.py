"""HTTP load on loopback: ``dutygraph serve --workers N`` as deployed, peak throughput with wrk
(closed loop) and latency at a fixed arrival rate (open loop, bounded in time)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.measure import Timing

HOST = "127.0.0.1"
CONNECTIONS = 16
OPEN_LOOP_CONNECTIONS = 32


@dataclass
class LoadResult:
    workers: int
    wrk_requests_per_s: float | None
    wrk_p99_ms: float | None
    rate_per_s: float
    achieved_per_s: float
    open_loop: Timing
    errors: int
    #: Connections the workers held to PostgreSQL after the load (their pools).
    database_connections: int | None


@contextmanager
def serving(database_url: str, workers: int, port: int, cpus: str | None = None) -> Iterator[str]:
    """The real deployment command; migrations run once in the parent before the workers.
    ``cpus`` (e.g. ``"0"``): the server and its workers run on those processors only."""
    command = [str(Path(sys.executable).with_name("dutygraph")), "serve", "--no-seed"]
    if cpus is not None and shutil.which("taskset"):
        command = ["taskset", "-c", cpus, *command]
    command += ["--workers", str(workers), "--port", str(port), "--host", HOST]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DUTYGRAPH_ENV": "production",
        "DUTYGRAPH_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read() if process.stderr else b""
                raise RuntimeError(f"server did not start: {error!r}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


#: wrk's latency units, in milliseconds.
WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(base: str, script_text: str, seconds: int, cpus: str | None = None) -> str:
    """wrk's report of ``seconds`` over ``CONNECTIONS`` connections with the Lua script, on
    ``cpus`` when given (``taskset``)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(script_text)
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script.name]
    if cpus is not None and shutil.which("taskset"):
        command = ["taskset", "-c", cpus, *command]
    try:
        return subprocess.run(
            [*command, f"{base}/graphql"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(script.name)


def wrk_figure(output: str, pattern: str) -> float | None:
    """A figure of wrk's report: requests/s, or a latency percentile (``"99%"``) in ms."""
    if pattern.endswith("%"):
        found = re.search(rf"{pattern}\s+([\d.]+)(us|ms|s)", output)
        return round(float(found.group(1)) * WRK_UNITS[found.group(2)], 2) if found else None
    found = re.search(rf"{pattern}\s+([\d.]+)", output)
    return float(found.group(1)) if found else None


def wrk(
    base: str, body: bytes, seconds: int, headers: dict[str, str]
) -> tuple[float | None, float | None]:
    """Peak requests/s and p99 (ms) over ``CONNECTIONS`` keep-alive connections (None: no wrk)."""
    if shutil.which("wrk") is None:
        return None, None
    output = run_wrk(
        base,
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        + "".join(f'wrk.headers["{name}"] = "{value}"\n' for name, value in headers.items())
        + f"wrk.body = [==[{body.decode()}]==]\n",
        seconds,
    )
    return wrk_figure(output, "Requests/sec:"), wrk_figure(output, "99%")


MIX_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{headers}
local read = [==[{read}]==]
local mutation = [==[{mutation}]==]
local tasks = {{{tasks}}}
local counter = 0
errors = 0
request = function()
  counter = counter + 1
  if counter % {every} == 0 then
    local task = tasks[math.floor(counter / {every}) % #tasks + 1]
    local body = string.format(
      '{{"query":%s,"variables":{{"input":{{"id":"%s","title":"混合写入%d"}}}}}}',
      mutation, task, counter)
    return wrk.format(nil, nil, nil, body)
  end
  return wrk.format(nil, nil, nil, read)
end
response = function(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("errors") end
  io.write(string.format("GraphQL errors: %d\\n", total))
end
"""


def wrk_mix(
    base: str,
    read: bytes,
    mutation_json: str,
    task_ids: list[str],
    every: int,
    seconds: int,
    headers: dict[str, str],
    cpus: str | None = None,
) -> dict[str, float | None]:
    """Reads with one write in ``every`` requests (taskUpdate over ``task_ids`` in turn), from
    wrk pinned to ``cpus``: requests/s, p50/p99 ms, GraphQL or HTTP errors (None: no wrk)."""
    if shutil.which("wrk") is None:
        return {"requests_per_s": None, "p50_ms": None, "p99_ms": None, "errors": None}
    script_text = MIX_SCRIPT.format(
        headers="".join(f'wrk.headers["{name}"] = "{value}"\n' for name, value in headers.items()),
        read=read.decode(),
        mutation=mutation_json,
        tasks=", ".join(f'"{task}"' for task in task_ids),
        every=every,
    )
    output = run_wrk(base, script_text, seconds, cpus)
    errors = re.search(r"GraphQL errors: (\d+)", output)
    return {
        "requests_per_s": wrk_figure(output, "Requests/sec:"),
        "p50_ms": wrk_figure(output, "50%"),
        "p99_ms": wrk_figure(output, "99%"),
        "errors": int(errors.group(1)) if errors else None,
    }


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bool:
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
    await reader.readexactly(length)
    return head.startswith(b"HTTP/1.1 200")


async def open_loop(
    base: str, body: bytes, rate: float, seconds: float, headers: dict[str, str]
) -> tuple[Timing, int, float]:
    """Requests sent at ``rate``/s whatever the server does; latency counts from the moment
    each request was due (no coordinated omission). Returns timing, errors, achieved rate."""
    host, port = base.removeprefix("http://").split(":")
    request = (
        f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    # Last in, first out: the busy connections stay warm; one the server closed after its
    # keep-alive timeout is reopened once, as a browser or client library would.
    idle: asyncio.LifoQueue[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
    idle = asyncio.LifoQueue()
    for _ in range(OPEN_LOOP_CONNECTIONS):
        idle.put_nowait(await asyncio.open_connection(host, int(port)))
    samples: list[int] = []
    errors = 0
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one(due: float) -> None:
        nonlocal errors
        connection = await idle.get()
        ok = False
        for _ in range(2):
            try:
                ok = await _exchange(*connection, request)
                break
            except (OSError, asyncio.IncompleteReadError):
                connection[1].close()
                connection = await asyncio.open_connection(host, int(port))
        idle.put_nowait(connection)
        samples.append(int((loop.time() - due) * 1e9))
        errors += not ok

    tasks = []
    total = int(rate * seconds)
    for i in range(total):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - loop.time()))
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 60)
    elapsed = loop.time() - start
    while not idle.empty():
        _, writer = idle.get_nowait()
        writer.close()
    return Timing.of(samples, len(body)), errors, round(total / elapsed, 1)


async def postgres_connections(admin_url: str, database: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database
        )
    finally:
        await connection.close()
    return int(count)
