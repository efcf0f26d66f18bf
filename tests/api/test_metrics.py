"""``/metrics`` (server/metrics.py), read with Prometheus' own text parser."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from models import Task
from resolvers.global_ids import to_global_id
from server.database import open_database
from tests.conftest import running
from tests.databases import DatabaseFactory, credentials
from tests.live import live_server

TASKS = "query Tasks { tasks(first: 3) { nodes { code assignments { unit { name } } } } }"
MISSING = 'query Missing { responsibilityChain(taskId: "VGFzazo5OTk5OTk5") { task { code } } }'
UPDATE_TASK = """
mutation Rename($input: TaskUpdateInput!) { taskUpdate(input: $input) { task { title } } }
"""

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    """Every sample by (name, sorted labels)."""
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


async def test_operations_statements_outcomes_and_journal_appends(seeded_url: str) -> None:
    async with open_database(seeded_url):
        task = await Task.all().order_by("id").first()
        assert task is not None
    async with running(seeded_url) as (_, office):
        before = samples((await office.http.get("/metrics")).text)
        assert (await office.post(TASKS)).json()["data"]["tasks"]["nodes"]
        refused = (await office.post(MISSING)).json()
        assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        renamed = await office.post(
            UPDATE_TASK, {"input": {"id": to_global_id("Task", task.pk), "title": "改名后的任务"}}
        )
        assert renamed.json()["data"]["taskUpdate"]["task"]["title"] == "改名后的任务"
        page = await office.http.get("/metrics")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain")
    after = samples(page.text)
    internal = {"endpoint": "internal"}
    query_ok = {**internal, "operation_type": "query", "outcome": "OK"}
    assert delta(before, after, "dutygraph_operations_total", **query_ok) >= 1
    not_found = {**internal, "operation_type": "query", "outcome": "NOT_FOUND"}
    assert delta(before, after, "dutygraph_operations_total", **not_found) == 1
    mutation_ok = {**internal, "operation_type": "mutation", "outcome": "OK"}
    assert delta(before, after, "dutygraph_operations_total", **mutation_ok) == 1
    # The three operations ran SQL and were timed; the rename appended one journal entry.
    query = {**internal, "operation_type": "query"}
    assert delta(before, after, "dutygraph_sql_statements_per_operation_count", **query) >= 2
    assert delta(before, after, "dutygraph_sql_statements_per_operation_sum", **query) >= 3
    assert delta(before, after, "dutygraph_operation_seconds_count", **query) >= 2
    assert delta(before, after, "dutygraph_journal_appends_total") == 1
    # The refusal fell back to graphql-core, and says why.
    assert delta(before, after, "dutygraph_breadth_first_fallbacks_total", reason="error") == 1
    assert value(after, "dutygraph_clock_runs_total", outcome="ok") >= 1


async def test_production_serves_metrics_only_behind_its_token(database_url: str) -> None:
    async with running(database_url, environment="production") as (_, office):
        assert (await office.http.get("/metrics")).status_code == 404
    async with running(database_url, environment="production", metrics_token="scrape-secret") as (
        _,
        office,
    ):
        anonymous = await office.http.get("/metrics", auth=None)
        assert anonymous.status_code == 401
        wrong = await office.http.get(
            "/metrics", headers={"authorization": "Bearer nope"}, auth=None
        )
        assert wrong.status_code == 401
        scraped = await office.http.get(
            "/metrics", headers={"authorization": "Bearer scrape-secret"}, auth=None
        )
        assert scraped.status_code == 200
        assert "# TYPE dutygraph_websocket_sessions gauge" in scraped.text
    async with running(database_url, metrics=False) as (_, office):
        assert (await office.http.get("/metrics")).status_code == 404


async def operations_counted(http: httpx.AsyncClient, base: str) -> float:
    page = await http.get(f"{base}/metrics")
    assert page.status_code == 200
    labels = {"endpoint": "internal", "operation_type": "query", "outcome": "OK"}
    return value(samples(page.text), "dutygraph_operations_total", **labels)


async def test_two_workers_answer_for_both(databases: DatabaseFactory, tmp_path: Path) -> None:
    url = await databases.fresh(seeded=True)
    headers = {"authorization": f"Bearer {credentials(url).office}"}
    with (
        live_server(url, PROMETHEUS_MULTIPROC_DIR=str(tmp_path)) as first,
        live_server(url, PROMETHEUS_MULTIPROC_DIR=str(tmp_path)) as second,
    ):
        async with httpx.AsyncClient(headers=headers, timeout=30) as http:
            for base, times in ((first, 3), (second, 4)):
                for _ in range(times):
                    answer = await http.post(f"{base}/graphql", json={"query": TASKS})
                    assert answer.json()["data"]["tasks"]["nodes"]
            # Either worker's page counts the operations of both.
            assert await operations_counted(http, first) == 7
            assert await operations_counted(http, second) == 7


def test_an_operation_that_ends_in_another_context_is_counted_without_error() -> None:
    """A subscription's operation hook ends in its stream's context (server-sent events): the
    statement counter must not raise there (it used to: 'created in a different Context')."""
    import contextvars
    from types import SimpleNamespace

    from server.metrics import OperationMetrics

    extension = OperationMetrics()
    extension.execution_context = SimpleNamespace(  # type: ignore[assignment]
        context=None, operation_type=SimpleNamespace(value="subscription"), result=None
    )
    hook = extension.on_operation()
    next(hook)
    with pytest.raises(StopIteration):
        contextvars.copy_context().run(next, hook)
