"""The compile floor of a shape: one SQL statement that builds the whole JSON response in the
database (what compiling GraphQL to SQL can reach). SQLite has no base64, so its global IDs and
cursors come out unencoded (``Task:1``, ``[1,2,3]``) — a few bytes shorter than the real ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bench.floors import Sql

SQLITE_DEADLINE = """CASE WHEN t.deadline_kind IS NULL THEN NULL ELSE json_object('kind',
  t.deadline_kind, 'text', coalesce(t.deadline_text, ''), 'dueOn', t.deadline_on) END"""
PG_DEADLINE = SQLITE_DEADLINE.replace("json_object", "json_build_object")

SQLITE_PAGE_INFO = """json_object(
  'hasNextPage', json(CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM task LIMIT ?2)) > ?1
                      THEN 'true' ELSE 'false' END),
  'endCursor', (SELECT json_array(plan_id, ordinal, id) FROM page
                ORDER BY plan_id DESC, ordinal DESC, id DESC LIMIT 1))"""
PG_PAGE_INFO = """json_build_object(
  'hasNextPage', (SELECT count(*) FROM (SELECT 1 FROM task LIMIT $1 + 1) c) > $1,
  'endCursor', (SELECT translate(encode(convert_to(json_build_array(plan_id, ordinal, id)::text,
                'UTF8'), 'base64'), '+/', '-_') FROM page
                ORDER BY plan_id DESC, ordinal DESC, id DESC LIMIT 1))"""
PAGE = "WITH page AS (SELECT * FROM task ORDER BY plan_id, ordinal, id LIMIT {limit})"


def pg_id(type_name: str, column: str) -> str:
    return f"encode(convert_to('{type_name}:' || {column}, 'UTF8'), 'base64')"


SQLITE_FLAT = f"""{PAGE.format(limit="?1")}
SELECT json_object('data', json_object('tasks', json_object(
  'pageInfo', {SQLITE_PAGE_INFO},
  'nodes', json((SELECT json_group_array(json(node)) FROM (SELECT json_object(
      'id', 'Task:' || t.id, 'code', t.code, 'title', t.title, 'status', t.status,
      'ordinal', t.ordinal, 'deadline', {SQLITE_DEADLINE}) AS node
    FROM page t ORDER BY t.plan_id, t.ordinal, t.id))))))"""

PG_FLAT = f"""{PAGE.format(limit="$1")}
SELECT json_build_object('data', json_build_object('tasks', json_build_object(
  'pageInfo', {PG_PAGE_INFO},
  'nodes', (SELECT coalesce(json_agg(json_build_object(
      'id', {pg_id("Task", "t.id")}, 'code', t.code, 'title', t.title, 'status', t.status,
      'ordinal', t.ordinal, 'deadline', {PG_DEADLINE})
    ORDER BY t.plan_id, t.ordinal, t.id), '[]') FROM page t))))::text"""

SQLITE_UNIT = """json((SELECT json_object('id', 'Unit:' || u.id, 'name', u.name, 'kind', u.kind,
    'members', json((SELECT json_group_array(json_object('id', 'Unit:' || m.id, 'name', m.name))
      FROM (SELECT mu.id, mu.name FROM unit_membership l JOIN unit mu ON mu.id = l.member_id
            WHERE l.collective_id = u.id AND l.valid_to IS NULL ORDER BY l.id) m)),
    'positions', json((SELECT json_group_array(json_object('title', p.title, 'role', p.role,
        'person', json_object('name', p.person_name)))
      FROM (SELECT po.title, po.role, pe.name AS person_name FROM position po
            JOIN person pe ON pe.id = po.person_id
            WHERE po.unit_id = u.id AND po.valid_to IS NULL ORDER BY po.id) p)))
  FROM unit u WHERE u.id = a.unit_id))"""

SQLITE_CHAIN = f"""{PAGE.format(limit="?1")}
SELECT json_object('data', json_object('tasks', json_object(
  'pageInfo', {SQLITE_PAGE_INFO},
  'nodes', json((SELECT json_group_array(json(node)) FROM (SELECT json_object(
      'id', 'Task:' || t.id, 'code', t.code, 'title', t.title, 'status', t.status,
      'deadline', {SQLITE_DEADLINE},
      'section', json((SELECT json_object('code', s.code, 'title', s.title)
                       FROM section s WHERE s.id = t.section_id)),
      'assignments', json((SELECT json_group_array(json(x)) FROM (
          SELECT json_object('role', a.role, 'writtenName', a.written_name,
                             'unit', {SQLITE_UNIT}) AS x
          FROM assignment a WHERE a.task_id = t.id AND a.valid_to IS NULL
          ORDER BY a.ordinal, a.id)))) AS node
    FROM page t ORDER BY t.plan_id, t.ordinal, t.id))))))"""

PG_UNIT = f"""(SELECT json_build_object('id', {pg_id("Unit", "u.id")}, 'name', u.name,
    'kind', u.kind,
    'members', (SELECT coalesce(json_agg(json_build_object('id', {pg_id("Unit", "mu.id")},
        'name', mu.name) ORDER BY l.id), '[]')
      FROM unit_membership l JOIN unit mu ON mu.id = l.member_id
      WHERE l.collective_id = u.id AND l.valid_to IS NULL),
    'positions', (SELECT coalesce(json_agg(json_build_object('title', po.title, 'role', po.role,
        'person', json_build_object('name', pe.name)) ORDER BY po.id), '[]')
      FROM position po JOIN person pe ON pe.id = po.person_id
      WHERE po.unit_id = u.id AND po.valid_to IS NULL))
  FROM unit u WHERE u.id = a.unit_id)"""

PG_CHAIN = f"""{PAGE.format(limit="$1")}
SELECT json_build_object('data', json_build_object('tasks', json_build_object(
  'pageInfo', {PG_PAGE_INFO},
  'nodes', (SELECT coalesce(json_agg(json_build_object(
      'id', {pg_id("Task", "t.id")}, 'code', t.code, 'title', t.title, 'status', t.status,
      'deadline', {PG_DEADLINE},
      'section', (SELECT json_build_object('code', s.code, 'title', s.title)
                  FROM section s WHERE s.id = t.section_id),
      'assignments', (SELECT coalesce(json_agg(json_build_object('role', a.role,
          'writtenName', a.written_name, 'unit', {PG_UNIT}) ORDER BY a.ordinal, a.id), '[]')
        FROM assignment a WHERE a.task_id = t.id AND a.valid_to IS NULL))
    ORDER BY t.plan_id, t.ordinal, t.id), '[]') FROM page t))))::text"""

STATEMENTS = {
    "flat": (SQLITE_FLAT, PG_FLAT),
    "chain": (SQLITE_CHAIN, PG_CHAIN),
}


def compiled(key: str) -> Callable[[Sql, int], Awaitable[bytes]]:
    sqlite_sql, pg_sql = STATEMENTS[key]

    async def run(sql: Sql, n: int) -> bytes:
        if sql.postgres:
            rows = await sql.rows(pg_sql, [n])
        else:
            rows = await sql.rows(sqlite_sql, [n, n + 1])
        return str(rows[0][0]).encode()

    return run


#: Compile floors by shape key (shapes missing here have none measured).
COMPILE_FLOORS = {key: compiled(key) for key in STATEMENTS}
