"""The Python floor of a shape: raw SQL per level through the app's own driver, plain dicts in
exactly the GraphQL response's shape, encoded with orjson (what no GraphQL layer can beat)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import orjson
from tortoise import connections

from resolvers.global_ids import to_global_id
from schema.pagination import encode_cursor

Row = Any


class Sql:
    """Raw statements on the ``default`` connection with the dialect's placeholders."""

    def __init__(self) -> None:
        self.client = connections.get("default")
        self.postgres = self.client.capabilities.dialect == "postgres"

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        _, rows = await self.client.execute_query(sql, list(params))
        return list(rows)

    async def where_in(
        self, sql: str, column: str, keys: Iterable[Any], tail: str = ""
    ) -> list[Row]:
        """``sql`` + `` WHERE column IN keys`` + ``tail``; no statement when there are no keys."""
        values = list(dict.fromkeys(keys))
        if not values:
            return []
        if self.postgres:
            return await self.rows(f"{sql} WHERE {column} = ANY($1) {tail}", [values])
        marks = ",".join("?" * len(values))
        return await self.rows(f"{sql} WHERE {column} IN ({marks}) {tail}", values)


def by_id(rows: list[Row]) -> dict[Any, Row]:
    return {row["id"]: row for row in rows}


def grouped(rows: list[Row], column: str) -> dict[Any, list[Row]]:
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[column]].append(row)
    return groups


def deadline(row: Row) -> dict[str, Any] | None:
    if row["deadline_kind"] is None:
        return None
    return {
        "kind": row["deadline_kind"],
        "text": row["deadline_text"] or "",
        "dueOn": row["deadline_on"],
    }


TASK_PAGE = (
    "SELECT id, plan_id, ordinal, code, title, status, deadline_kind, deadline_text, "
    "deadline_on, section_id FROM task ORDER BY plan_id, ordinal, id LIMIT {limit}"
)


async def task_page(sql: Sql, n: int) -> tuple[list[Row], dict[str, Any]]:
    rows = await sql.rows(TASK_PAGE.format(limit=int(n) + 1))
    page = rows[:n]
    last = page[-1] if page else None
    info = {
        "hasNextPage": len(rows) > n,
        "endCursor": encode_cursor([last["plan_id"], last["ordinal"], last["id"]])
        if last
        else None,
    }
    return page, info


async def flat(sql: Sql, n: int) -> bytes:
    page, info = await task_page(sql, n)
    nodes = [
        {
            "id": to_global_id("Task", t["id"]),
            "code": t["code"],
            "title": t["title"],
            "status": t["status"],
            "ordinal": t["ordinal"],
            "deadline": deadline(t),
        }
        for t in page
    ]
    return orjson.dumps({"data": {"tasks": {"pageInfo": info, "nodes": nodes}}})


async def unit_details(sql: Sql, unit_ids: Iterable[int], people: bool) -> dict[int, dict]:
    """Units with their current members (and current posts with their holders)."""
    units = await sql.where_in("SELECT id, name, kind FROM unit", "id", unit_ids)
    ids = [u["id"] for u in units]
    links = grouped(
        await sql.where_in(
            "SELECT collective_id, member_id FROM unit_membership",
            "collective_id",
            ids,
            "AND valid_to IS NULL ORDER BY id",
        ),
        "collective_id",
    )
    members = by_id(
        await sql.where_in(
            "SELECT id, name FROM unit", "id", (m["member_id"] for g in links.values() for m in g)
        )
    )
    posts: dict[Any, list[Row]] = {}
    persons: dict[Any, Row] = {}
    if people:
        posts = grouped(
            await sql.where_in(
                "SELECT unit_id, person_id, title, role FROM position",
                "unit_id",
                ids,
                "AND valid_to IS NULL ORDER BY id",
            ),
            "unit_id",
        )
        persons = by_id(
            await sql.where_in(
                "SELECT id, name FROM person",
                "id",
                (p["person_id"] for g in posts.values() for p in g),
            )
        )
    details: dict[int, dict] = {}
    for u in units:
        unit: dict[str, Any] = {"id": to_global_id("Unit", u["id"]), "name": u["name"]}
        unit["kind"] = u["kind"]
        unit["members"] = [
            {
                "id": to_global_id("Unit", link["member_id"]),
                "name": members[link["member_id"]]["name"],
            }
            for link in links.get(u["id"], [])
        ]
        if people:
            unit["positions"] = [
                {
                    "title": p["title"],
                    "role": p["role"],
                    "person": {"name": persons[p["person_id"]]["name"]},
                }
                for p in posts.get(u["id"], [])
            ]
        details[u["id"]] = unit
    return details


async def chain(sql: Sql, n: int) -> bytes:
    page, info = await task_page(sql, n)
    sections = by_id(
        await sql.where_in(
            "SELECT id, code, title FROM section", "id", (t["section_id"] for t in page)
        )
    )
    assignments = grouped(
        await sql.where_in(
            "SELECT task_id, unit_id, role, written_name FROM assignment",
            "task_id",
            (t["id"] for t in page),
            "AND valid_to IS NULL ORDER BY task_id, ordinal, id",
        ),
        "task_id",
    )
    units = await unit_details(
        sql, (a["unit_id"] for g in assignments.values() for a in g), people=True
    )
    nodes = []
    for t in page:
        section = sections.get(t["section_id"])
        nodes.append(
            {
                "id": to_global_id("Task", t["id"]),
                "code": t["code"],
                "title": t["title"],
                "status": t["status"],
                "deadline": deadline(t),
                "section": {"code": section["code"], "title": section["title"]}
                if section
                else None,
                "assignments": [
                    {
                        "role": a["role"],
                        "writtenName": a["written_name"],
                        "unit": units[a["unit_id"]],
                    }
                    for a in assignments.get(t["id"], [])
                ],
            }
        )
    return orjson.dumps({"data": {"tasks": {"pageInfo": info, "nodes": nodes}}})


async def commitments(sql: Sql, n: int) -> bytes:
    rows = await sql.rows(
        "SELECT id, assignment_id, unit_id, responsible_person_id, content, status, due_on, "
        f"fulfilled_late FROM commitment ORDER BY id LIMIT {int(n) + 1}"
    )
    page = rows[:n]
    units = by_id(
        await sql.where_in("SELECT id, name FROM unit", "id", (c["unit_id"] for c in page))
    )
    persons = by_id(
        await sql.where_in(
            "SELECT id, name FROM person", "id", (c["responsible_person_id"] for c in page)
        )
    )
    links = by_id(
        await sql.where_in(
            "SELECT id, task_id FROM assignment", "id", (c["assignment_id"] for c in page)
        )
    )
    evidence = grouped(
        await sql.where_in(
            "SELECT commitment_id, title, status, submitted_on, sha256, size FROM evidence",
            "commitment_id",
            (c["id"] for c in page),
            "ORDER BY commitment_id, id",
        ),
        "commitment_id",
    )
    tasks = by_id(
        await sql.where_in(
            "SELECT id, code, title FROM task", "id", (a["task_id"] for a in links.values())
        )
    )
    on_task = grouped(
        await sql.where_in(
            "SELECT task_id, unit_id, role FROM assignment",
            "task_id",
            tasks,
            "AND valid_to IS NULL ORDER BY task_id, ordinal, id",
        ),
        "task_id",
    )
    details = await unit_details(
        sql, (a["unit_id"] for g in on_task.values() for a in g), people=False
    )

    def unit(pk: int) -> dict[str, Any]:
        d = details[pk]
        return {
            "name": d["name"],
            "kind": d["kind"],
            "members": [{"name": m["name"]} for m in d["members"]],
        }

    nodes = []
    for c in page:
        task = tasks[links[c["assignment_id"]]["task_id"]]
        person = persons.get(c["responsible_person_id"])
        nodes.append(
            {
                "id": to_global_id("Commitment", c["id"]),
                "content": c["content"],
                "status": c["status"],
                "dueOn": c["due_on"],
                "fulfilledLate": bool(c["fulfilled_late"]),
                "unit": {"name": units[c["unit_id"]]["name"]},
                "responsiblePerson": {"name": person["name"]} if person else None,
                "task": {
                    "code": task["code"],
                    "title": task["title"],
                    "assignments": [
                        {"role": a["role"], "unit": unit(a["unit_id"])}
                        for a in on_task.get(task["id"], [])
                    ],
                },
                "evidence": [
                    {
                        "title": e["title"],
                        "status": e["status"],
                        "submittedOn": e["submitted_on"],
                        "file": {"sha256": e["sha256"], "size": e["size"] or 0}
                        if e["sha256"] is not None
                        else None,
                    }
                    for e in evidence.get(c["id"], [])
                ],
            }
        )
    return orjson.dumps({"data": {"commitments": {"nodes": nodes}}})


#: Python floors by shape key: ``await floor(sql, page_size)`` gives the response bytes.
PYTHON_FLOORS: dict[str, Callable[[Sql, int], Awaitable[bytes]]] = {
    "flat": flat,
    "chain": chain,
    "commitments": commitments,
}
