"""Relay paging at the edges: forward, backward, empty pages, bad cursors and sizes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $order: TaskOrder) {
  tasks(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def page(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    data: dict[str, Any] = (await client.data(PAGE, variables))["tasks"]
    return data


async def all_codes(client: GraphQLClient) -> list[str]:
    return [e["node"]["code"] for e in (await page(client, first=100))["edges"]]


async def test_forward_pages_cover_the_list_once(seeded: GraphQLClient) -> None:
    everything = await all_codes(seeded)
    assert len(everything) == 21
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        result = await page(seeded, first=5, after=after)
        pages += 1
        seen += [e["node"]["code"] for e in result["edges"]]
        info = result["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == result["edges"][0]["cursor"]
        assert info["endCursor"] == result["edges"][-1]["cursor"]
        assert result["totalCount"] == 21
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert pages == 5
    assert seen == everything


async def test_backward_pages_cover_the_list_once(seeded: GraphQLClient) -> None:
    everything = await all_codes(seeded)
    seen: list[str] = []
    before = None
    while True:
        result = await page(seeded, last=4, before=before)
        seen = [e["node"]["code"] for e in result["edges"]] + seen
        info = result["pageInfo"]
        assert info["hasNextPage"] is (before is not None)
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    assert seen == everything


async def test_exact_fit_has_no_next_page(seeded: GraphQLClient) -> None:
    result = await page(seeded, first=21)
    assert len(result["edges"]) == 21
    assert result["pageInfo"]["hasNextPage"] is False
    last_cursor = result["pageInfo"]["endCursor"]
    beyond = await page(seeded, first=5, after=last_cursor)
    assert beyond["edges"] == []
    assert beyond["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }


async def test_first_zero_is_an_empty_page(seeded: GraphQLClient) -> None:
    result = await page(seeded, first=0)
    assert result["edges"] == []
    assert result["pageInfo"]["hasNextPage"] is True


async def test_between_after_and_before(seeded: GraphQLClient) -> None:
    edges = (await page(seeded, first=10))["edges"]
    result = await page(seeded, first=10, after=edges[2]["cursor"], before=edges[6]["cursor"])
    assert [e["node"]["code"] for e in result["edges"]] == [e["node"]["code"] for e in edges[3:6]]


async def test_descending_order_reverses(seeded: GraphQLClient) -> None:
    forward = await all_codes(seeded)
    result = await page(seeded, first=100, order={"field": "PLAN_ORDER", "direction": "DESC"})
    assert [e["node"]["code"] for e in result["edges"]] == list(reversed(forward))


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"first": 101}, "first"),
        ({"last": -1}, "last"),
        ({"first": 1, "last": 1}, "last"),
        ({"first": 1, "after": "not-a-cursor"}, "after"),
        ({"first": 1, "before": "WzEsMl0="}, "before"),
    ],
)
async def test_bad_paging_arguments_are_user_errors(
    seeded: GraphQLClient, variables: dict[str, Any], field: str
) -> None:
    error = await seeded.error(PAGE, variables)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


PLAN_TASKS = """
query($first: Int, $after: String, $last: Int, $before: String) {
  plans(first: 1) {
    nodes {
      tasks(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { code ordinal }
      }
    }
  }
}
"""
PLAN_TASK_TOTAL = "{ plans(first: 1) { nodes { tasks { totalCount } } } }"


async def test_a_plans_tasks_page_forward_and_back(seeded: GraphQLClient) -> None:
    async def page(**variables: Any) -> dict[str, Any]:
        data = await seeded.data(PLAN_TASKS, variables)
        tasks: dict[str, Any] = data["plans"]["nodes"][0]["tasks"]
        return tasks

    everything = await page(first=100)
    codes = [t["code"] for t in everything["nodes"]]
    ordinals = [t["ordinal"] for t in everything["nodes"]]
    assert ordinals == sorted(ordinals)
    assert everything["totalCount"] == len(codes) > 10
    only_total = await seeded.data(PLAN_TASK_TOTAL)
    assert only_total["plans"]["nodes"][0]["tasks"]["totalCount"] == len(codes)
    walked: list[str] = []
    after = None
    while True:
        current = await page(first=4, after=after)
        walked += [t["code"] for t in current["nodes"]]
        assert current["totalCount"] == len(codes)
        if not current["pageInfo"]["hasNextPage"]:
            break
        after = current["pageInfo"]["endCursor"]
    assert walked == codes
    tail = await page(last=3)
    assert [t["code"] for t in tail["nodes"]] == codes[-3:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    before = await page(last=2, before=tail["pageInfo"]["startCursor"])
    assert [t["code"] for t in before["nodes"]] == codes[-5:-3]
