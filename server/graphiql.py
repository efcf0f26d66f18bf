"""GraphiQL served from files shipped with the package (works on an offline intranet), with
saved example operations for the supervision office, a frontend team, an auditor, the
accountability workflow, credit records and PPP responsibility (best on the demo day)."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).parent / "static" / "graphiql"
ASSETS_URL = "/graphiql-assets"

SUPERVISION_OFFICE = """# 督查室 — supervision office: who answers for a task, down to the people.
query ResponsibilityChain($search: String = "建立健全政务失信记录") {
  tasks(filter: {search: $search}, first: 5) {
    nodes {
      code
      title
      deadline { kind text dueOn }
      assignments { role writtenName unit { name kind members { name } } }
    }
  }
}
"""

FRONTEND = """# 前端 — frontend team: a Relay page of tasks with cursors; pass endCursor as $after.
query TaskPage($after: String) {
  tasks(first: 10, after: $after, orderBy: {field: PLAN_ORDER, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node { id code title status section { code title } }
    }
  }
}
"""

AUDITOR = """# 审计 — auditor: pin the journal head and verify the hash chain.
query Journal {
  journalHead { seq hash }
  journalVerify { ok checkedEntries firstBrokenSeq problem }
  journal(first: 10, direction: DESC) {
    nodes { seq recordedAt actor action entityType entityId hash }
  }
}
"""

ACCOUNTABILITY = """# 承诺 → 佐证 → 考评 — accountability workflow: today's lists (on the demo
# day, `dutygraph serve --demo`, the example year's overdue ledger and next week's report), and
# one unit's accountability for a period.
query Accountability($unit: String = "凉州区政府", $period: String = "2018年度") {
  overdueCommitments(first: 20) { totalCount nodes { content dueOn overdueSince unit { name } } }
  commitmentsDueWithin(workingDays: 5) { nodes { content dueOn unit { name } } }
  unitByName(name: $unit) {
    name
    accountability(period: $period) {
      tasksLed tasksShared
      commitments { total onTime late overdue broken withdrawn open }
      evidence { accepted rejected pending }
      averageScore openDishonestyRecords
    }
  }
}
"""

CREDIT = """# 政务失信 — credit records: each record with its publications, objections and
# repairs, and what the public sees today (as CREDIT_ADMIN or SUPERVISION_OFFICE).
query CreditRecords {
  dishonestyRecords(first: 20) {
    totalCount
    nodes {
      id category severity status facts occurredOn reportedOn reportDueOn reportedLate
      unit { name }
      publications { publishedOn publicUntil ruleVersion summary channels { channel publishedOn } }
      objections { id }
      repairs { id }
    }
  }
  publicDishonestyRecords(first: 20) { totalCount nodes { id facts unit { name } } }
}
"""

PPP = """# PPP — who answered for each stage of the example projects on a day, and the timeline.
query PppResponsibility($on: Date = "2018-09-01") {
  pppProjects(first: 5, filter: {isExample: true}) {
    nodes {
      code name implementingAgency { name }
      stages {
        planStage lifecycleStage status
        responsibilities(asOf: $on) {
          validFrom validTo startReason person { name } unit { name }
          predecessor { person { name } }
        }
        coverageIssues { kind start end }
      }
      timeline { on kind summary }
    }
  }
}
"""

SUPERVISION_CYCLE = """# 督办闭环 — the office's queues, red and yellow cards, the ranking (README).
query SupervisionCycle($asOf: Date = "2018-03-01", $period: String = "2018-Q1") {
  commitmentApplications(status: PENDING, first: 20) {
    nodes { id kind appliedOn commitment { content unit { name } } }
  }
  supervisionItemApplications(status: PENDING, first: 20) {
    nodes { id kind appliedOn unit { name } item { title dueOn } }
  }
  commitmentWarnings(asOf: $asOf, levels: [RED, YELLOW], first: 20) {
    nodes { level reasons fallsDueOn commitment { content unit { name } } }
  }
  supervisionItemWarnings(asOf: $asOf, levels: [RED, YELLOW], first: 20) {
    nodes { level reasons fallsDueOn item { title } }
  }
  unreportedFeedback(period: $period, first: 20) { nodes { role unit { name } item { title } } }
  unitRanking(period: $period, by: ON_TIME_RATE, first: 20) {
    nodes { rank unit { name } total onTime late overdue extended urged onTimeRate }
  }
}
"""

EXAMPLES = [
    {"query": SUPERVISION_OFFICE},
    {"query": SUPERVISION_CYCLE},
    {"query": FRONTEND},
    {"query": AUDITOR},
    {"query": ACCOUNTABILITY},
    {"query": CREDIT},
    {"query": PPP},
]

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>dutygraph GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="{assets}/graphiql.min.css">
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{assets}/react.production.min.js"></script>
  <script src="{assets}/react-dom.production.min.js"></script>
  <script src="{assets}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {{
      fetcher,
      defaultTabs: {tabs},
      defaultEditorToolsVisibility: true,
    }}));
  </script>
</body>
</html>
"""


def graphiql_html() -> str:
    tabs = json.dumps(EXAMPLES, ensure_ascii=False).replace("</", "<\\/")
    return PAGE.format(assets=ASSETS_URL, tabs=tabs)


def assets_app() -> StaticFiles:
    return StaticFiles(directory=ASSETS)
