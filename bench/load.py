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
def serving(database_url: str, workers: int, port: int) -> Iterator[str]:
    """The real deployment command; migrations run once in the parent before the workers."""
    command = [str(Path(sys.executable).with_name("dutygraph")), "serve", "--no-seed"]
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


def wrk(
    base: str, body: bytes, seconds: int, headers: dict[str, str]
) -> tuple[float | None, float | None]:
    """Peak requests/s and p99 (ms) over ``CONNECTIONS`` keep-alive connections (None: no wrk)."""
    if shutil.which("wrk") is None:
        return None, None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            + "".join(f'wrk.headers["{name}"] = "{value}"\n' for name, value in headers.items())
            + f"wrk.body = [==[{body.decode()}]==]\n"
        )
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                f"{base}/graphql",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return (
        float(rps.group(1)) if rps else None,
        round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
    )


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
