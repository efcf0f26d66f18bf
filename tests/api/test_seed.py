"""The default seed: the Wuwei plan's tasks, units and assignments exactly as the text states."""

from __future__ import annotations

from typing import Any

from seed.load import load_default
from server.database import open_database
from tests.conftest import GraphQLClient

L, C = "LEAD", "CO_RESPONSIBLE"
SUPERVISION = [("市政府督查室", L), ("各县区政府", C)]
DEPTS_COUNTIES = [("市直有关部门、单位", C), ("各县区政府", C)]

#: code → (title, [(name as written, role)]) — read off the plan text by hand.
EXPECTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "一.(一).1": ("建立专项督导机制", SUPERVISION),
    "一.(一).2": ("建立横向监督机制", SUPERVISION),
    "一.(一).3": ("建立社会监督机制", SUPERVISION),
    "一.(二).1": ("加强公务员诚信教育", [("市人社局", L), ("各县区政府", C)]),
    "一.(二).2": ("建立健全政务失信记录", [("市中级人民法院", L), *DEPTS_COUNTIES]),
    "一.(二).3": ("归集失信记录并公示", [("市直有关部门、单位", L), ("各县区政府", C)]),
    "一.(二).4": ("强化政务信用信息的使用", [("市直有关部门、单位", L), ("各县区政府", C)]),
    "一.(二).5": ("加大对失信行为的惩戒力度", [("市直有关部门、单位", L), ("各县区政府", C)]),
    "一.(二).6": (
        "健全信用权益保护和信用修复机制",
        [("市人社局", L), ("市发改委", C), ("人民银行武威中心支行", C), ("各县区政府", C)],
    ),
    "一.(三).1": ("加强政府采购领域政务诚信建设", [("市财政局", L), *DEPTS_COUNTIES]),
    "一.(三).2": (
        "加强政府和社会资本合作领域政务诚信建设",
        [("市发改委", L), ("市财政局", L), *DEPTS_COUNTIES],
    ),
    "一.(三).3": ("加强公共资源交易领域政务诚信建设", [("市发改委", L), *DEPTS_COUNTIES]),
    "一.(三).4": ("加强招商引资领域政务诚信建设", [("市招商局", L), *DEPTS_COUNTIES]),
    "一.(三).5": (
        "加强地方政府债务领域政务诚信建设",
        [("市财政局", L), ("市监察局", C), ("市审计局", C), ("各县区政府", C)],
    ),
    "一.(三).6": ("加强街道和乡镇政务诚信建设", [("各县区政府", L)]),
    "一.(四)": (
        "加快制度建设",
        [("市政府办公室", L), ("市审改办", C), ("市发改委", C), ("市人社局", C)],
    ),
    "二.(一)": ("市政府法制办要指导各县区、各部门做好依法行政工作", [("市政府法制办", L)]),
    "二.(二)": ("市政府办公室要牵头全面提升全市政务公开水平", [("市政府办公室", L)]),
    "二.(三)": ("市审改办要指导各县区、各部门提高行政效率和水平", [("市审改办", L)]),
    "二.(四)": ("市发改委要发挥好社会信用体系建设工作的牵头职能", [("市发改委", L)]),
    "二.(五)": ("各县区、各部门要健全政务失信记录", [("各县区", L), ("各部门", L)]),
}

ALL_TASKS = """
query AllTasks {
  plans(first: 1) {
    totalCount
    nodes {
      title issuedOn implements docNumber issuer { name }
      sections { code title level }
      tasks(first: 100) {
        totalCount
        nodes {
          code title section { code }
          sourceSpan { start end text }
          assignments { writtenName role unit { name } sourceSpan { text } }
        }
      }
    }
  }
}
"""

COLLECTIVE = """
query Collective($name: String!) {
  unitByName(name: $name) { name kind members { name kind } }
}
"""


async def test_plan_metadata_and_sections(seeded: GraphQLClient) -> None:
    plans = (await seeded.data(ALL_TASKS))["plans"]
    assert plans["totalCount"] == 1
    plan = plans["nodes"][0]
    assert plan["title"] == "加强政务诚信建设工作任务分工方案"
    assert plan["issuedOn"] == "2017-12-12"
    assert plan["implements"] == ["甘政发〔2017〕48号"]
    assert plan["issuer"]["name"] == "武威市人民政府办公室"
    assert [(s["code"], s["title"], s["level"]) for s in plan["sections"]] == [
        ("一", "重点工作任务", 1),
        ("一.(一)", "建立监督体系", 2),
        ("一.(二)", "健全管理体系", 2),
        ("一.(三)", "加强重点领域政务诚信建设", 2),
        ("二", "工作要求", 1),
    ]


async def test_every_task_and_assignment_matches_the_plan_text(seeded: GraphQLClient) -> None:
    tasks = (await seeded.data(ALL_TASKS))["plans"]["nodes"][0]["tasks"]
    assert tasks["totalCount"] == 21
    got: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for task in tasks["nodes"]:
        got[task["code"]] = (
            task["title"],
            [(a["writtenName"], a["role"]) for a in task["assignments"]],
        )
        for assignment in task["assignments"]:
            assert assignment["sourceSpan"]["text"] == assignment["writtenName"]
        assert task["sourceSpan"]["text"].startswith(task["code"].rsplit(".", 1)[-1])
    assert got == EXPECTED


async def test_collective_expands_to_the_four_county_governments(seeded: GraphQLClient) -> None:
    unit = (await seeded.data(COLLECTIVE, {"name": "各县区政府"}))["unitByName"]
    assert unit["kind"] == "COLLECTIVE"
    assert sorted(m["name"] for m in unit["members"]) == sorted(
        ["凉州区人民政府", "民勤县人民政府", "古浪县人民政府", "天祝藏族自治县人民政府"]
    )
    assert {m["kind"] for m in unit["members"]} == {"COUNTY_GOVERNMENT"}


async def test_units_have_kinds(seeded: GraphQLClient) -> None:
    kinds: dict[str, str] = {}
    for name in ("市中级人民法院", "人民银行武威中心支行", "市发改委", "市直有关部门、单位"):
        unit: dict[str, Any] = (await seeded.data(COLLECTIVE, {"name": name}))["unitByName"]
        kinds[name] = unit["kind"]
    assert kinds == {
        "市中级人民法院": "JUDICIAL_ORGAN",
        "人民银行武威中心支行": "STATIONED_UNIT",
        "市发改委": "MUNICIPAL_DEPARTMENT",
        "市直有关部门、单位": "COLLECTIVE",
    }


JOURNAL_HEAD = "{ journalHead { seq hash } units(first: 1) { totalCount } }"


async def test_loading_again_changes_nothing(seeded_url: str) -> None:
    async with open_database(seeded_url):
        from models import Assignment, JournalEntry, Task, Unit

        before = (
            await Unit.all().count(),
            await Task.all().count(),
            await Assignment.all().count(),
            await JournalEntry.all().count(),
        )
        outcome = await load_default()
        after = (
            await Unit.all().count(),
            await Task.all().count(),
            await Assignment.all().count(),
            await JournalEntry.all().count(),
        )
    assert outcome.created is False
    assert before == after
    assert before[1] == 21
