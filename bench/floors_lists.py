"""Python floors of the office's lists (overdue, due within N working days): the page statement
the app itself sends (its SQL built once per variables, outside the timing), the count, the
units and people of the page by key, plain dicts in the response's exact shape, orjson.

What separates the app from this floor is then everything but the SQL: GraphQL, permissions,
paging, object building, encoding."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import orjson
from tortoise.expressions import Q

from bench.floors import Sql, by_id
from models import Commitment
from resolvers.commitment.due import falling_due_within, overdue_on
from resolvers.commitment.queries import DUE_ORDER
from resolvers.execution.rows import statement
from resolvers.global_ids import to_global_id
from schema.pagination import beyond, decode_cursor

COLUMNS = ("id", "content", "due_on", "status", "unit_id", "responsible_person_id")

#: Built statements by (list, variables): (page SQL, its parameters, count SQL, its parameters).
_BUILT: dict[str, tuple[str, list[Any], str, list[Any]]] = {}


async def _condition(field: str, variables: dict[str, Any]) -> Q:
    """The app's own condition of the list (resolvers.commitment.due). On a past day the app
    reads the later extensions first (one small statement); the floor reads them once, here."""
    day = date.fromisoformat(variables["day"])
    if field == "overdueCommitments":
        return await overdue_on(day)
    return await falling_due_within(day, variables.get("days", 20))


async def _built(field: str, variables: dict[str, Any]) -> tuple[str, list[Any], str, list[Any]]:
    key = field + orjson.dumps(variables, option=orjson.OPT_SORT_KEYS).decode()
    if key not in _BUILT:
        chosen = Commitment.filter(await _condition(field, variables))
        page = chosen
        if variables.get("after"):
            due_on, pk = decode_cursor(variables["after"], 2, "after")
            due = date.fromisoformat(due_on)
            page = page.filter(beyond(DUE_ORDER, [due, pk]))  # the app's keyset condition
        backward = variables.get("last") is not None
        size = variables["last"] if backward else variables["n"]
        order = ("-due_on", "-id") if backward else ("due_on", "id")
        _, page_sql, page_params = statement(page.order_by(*order).limit(size + 1).only(*COLUMNS))
        _, count_sql, count_params = statement(chosen.only("id"))
        _BUILT[key] = (
            page_sql,
            page_params,
            f"SELECT COUNT(*) AS n FROM ({count_sql}) counted",
            count_params,
        )
    return _BUILT[key]


def due_list(field: str) -> Callable[[Sql, dict[str, Any]], Awaitable[bytes]]:
    async def floor(sql: Sql, variables: dict[str, Any]) -> bytes:
        page_sql, page_params, count_sql, count_params = await _built(field, variables)
        backward = variables.get("last") is not None
        size = variables["last"] if backward else variables["n"]
        rows = (await sql.rows(page_sql, page_params))[:size]
        if backward:
            rows.reverse()
        [total] = await sql.rows(count_sql, count_params)
        units = by_id(
            await sql.where_in("SELECT id, name FROM unit", "id", (r["unit_id"] for r in rows))
        )
        nodes: list[dict[str, Any]] = []
        with_people = field == "overdueCommitments"
        people = (
            by_id(
                await sql.where_in(
                    "SELECT id, name FROM person",
                    "id",
                    (r["responsible_person_id"] for r in rows if r["responsible_person_id"]),
                )
            )
            if with_people
            else {}
        )
        for r in rows:
            node: dict[str, Any] = {
                "id": to_global_id("Commitment", r["id"]),
                "content": r["content"],
                "dueOn": r["due_on"],
            }
            if with_people:
                node["status"] = r["status"]
            node["unit"] = {"name": units[r["unit_id"]]["name"]}
            if with_people:
                person = people.get(r["responsible_person_id"])
                node["responsiblePerson"] = {"name": person["name"]} if person else None
            nodes.append(node)
        return orjson.dumps({"data": {field: {"totalCount": total["n"], "nodes": nodes}}})

    return floor


LIST_FLOORS: dict[str, Callable[[Sql, dict[str, Any]], Awaitable[bytes]]] = {
    "overdue": due_list("overdueCommitments"),
    "due_within": due_list("commitmentsDueWithin"),
}
