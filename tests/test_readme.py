"""The README runs as pasted: every GraphQL block validates, every command line parses, and the
walkthroughs run end to end, in order, against the demo day through the real HTTP app.

The convention a README section follows is in tests/readme.py (``<!-- walkthrough: NAME STEP
as=USER [endpoint=public] [expect=CODE] [VAR=PATH …] -->`` before a ```graphql block;
``<!-- walkthrough-setup -->`` before the ```sh block of accounts and tokens).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, OperationType, parse, validate

from resolvers.public.root import make_public_schema
from resolvers.root import graphql_schema
from server.app import create_app
from server.cli import parser
from server.demo import DEMO_DAY
from server.settings import Settings
from tests import readme
from tests.databases import DatabaseFactory

BLOCKS = readme.blocks()
GRAPHQL = [b for b in BLOCKS if b.language == "graphql"]
SHELL = [b for b in BLOCKS if b.language == "sh"]
PUBLIC_SCHEMA = make_public_schema()._schema
ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_has_walkthroughs_and_setup() -> None:
    assert len(GRAPHQL) >= 15
    assert len(readme.walkthroughs(BLOCKS)) >= 5
    assert [b for b in SHELL if b.marker == "walkthrough-setup"], "no walkthrough-setup block"


@pytest.mark.parametrize("block", GRAPHQL, ids=[b.where for b in GRAPHQL])
def test_every_graphql_block_is_valid(block: readme.Block) -> None:
    document = parse(block.text)
    schema = PUBLIC_SCHEMA if readme.endpoint_of(block) == "/public/graphql" else None
    errors = validate(schema or graphql_schema._schema, document)
    assert errors == [], f"{block.where}: {[e.message for e in errors]}"


@pytest.mark.parametrize("block", SHELL, ids=[b.where for b in SHELL])
def test_every_command_line_parses(block: readme.Block) -> None:
    for argv in readme.command_lines(block):
        try:
            parser().parse_args(argv)
        except SystemExit as exit_:  # argparse's way of refusing a command line
            pytest.fail(f"{block.where}: `dutygraph {' '.join(argv)}` does not parse ({exit_})")


def test_the_two_commands_are_there() -> None:
    text = readme.README.read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e . && .venv/bin/dutygraph serve --demo" in text
    assert "bash scripts/test" in text
    assert (ROOT / "scripts" / "test").is_file()


def run_cli(database_url: str, evidence: Path, lines: list[list[str]]) -> list[dict[str, Any]]:
    """The command lines through the real CLI, in one process, on ``database_url``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DUTYGRAPH_", "DATABASE_URL"))
    }
    env |= {"DATABASE_URL": database_url, "DUTYGRAPH_EVIDENCE_DIR": str(evidence)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.readme_cli"],
        input=json.dumps(lines),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcome: dict[str, Any] = json.loads(done.stdout)
    assert outcome["listened"] == 1, "serve did not reach the point of listening"
    results: list[dict[str, Any]] = outcome["results"]
    for result in results:
        assert result["code"] == 0, f"dutygraph {' '.join(result['argv'])}: {result}"
    return results


def tokens_of(results: list[dict[str, Any]]) -> dict[str, str]:
    tokens = {}
    for result in results:
        found = readme.TOKEN.findall(result["out"])
        if result["argv"][:1] == ["serve"] and found:
            tokens["admin"] = found[0]
        elif result["argv"][:2] == ["token", "issue"] and found:
            tokens[result["argv"][2]] = found[0]
    return tokens


def operations(text: str) -> list[tuple[str | None, OperationType, set[str]]]:
    """Each operation of a document: its name, kind and the variables it declares."""
    return [
        (
            d.name.value if d.name else None,
            d.operation,
            {v.variable.name.value for v in d.variable_definitions or ()},
        )
        for d in parse(text).definitions
        if isinstance(d, OperationDefinitionNode)
    ]


async def run_step(
    http: httpx.AsyncClient, step: readme.Step, tokens: dict[str, str], state: dict[str, Any]
) -> None:
    anonymous = step.account == "anonymous"
    assert anonymous or step.account in tokens, f"{step.block.where}: no token for {step.account}"
    for name, kind, declared in operations(step.block.text):
        if kind == OperationType.SUBSCRIPTION:
            continue
        # Bound when the operation runs, so a block's later operation can use an earlier's data.
        variables = {
            var: readme.resolve(state, path)
            for var, path in step.bindings.items()
            if var in declared
        }
        body: dict[str, Any] = {"query": step.block.text, "variables": variables}
        if name:
            body["operationName"] = name
        headers = {} if anonymous else {"authorization": f"Bearer {tokens[step.account]}"}
        response = await http.post(step.endpoint, json=body, headers=headers)
        where = f"{step.block.where} ({step.name} {step.number}, {name or 'anonymous'})"
        assert response.status_code == 200, f"{where}: {response.text}"
        answer = response.json()
        if step.expect:
            codes = [e.get("extensions", {}).get("code") for e in answer.get("errors", [])]
            assert step.expect in codes, f"{where}: expected {step.expect}, got {answer}"
        else:
            assert "errors" not in answer, f"{where}: {answer['errors']}"
        # Even a refused field leaves the rest of a query's answer to show (partial data).
        if kind == OperationType.QUERY:
            assert readme.has_value(answer.get("data")), f"{where}: shows nothing: {answer}"
        state.update(answer.get("data") or {})


async def test_the_walkthroughs_run_as_pasted(databases: DatabaseFactory, tmp_path: Path) -> None:
    # An empty database, as on a fresh clone: `serve --demo` migrates, seeds and loads the demo.
    database_url = databases._url(await databases._create_empty())
    setup = [
        argv for b in SHELL if b.marker == "walkthrough-setup" for argv in readme.command_lines(b)
    ]
    first = readme.command_lines(SHELL[0])
    assert first[-1] == ["serve", "--demo"], "the first command is `dutygraph serve --demo`"
    results = run_cli(database_url, tmp_path / "evidence", [first[-1], *setup])
    tokens = tokens_of(results)
    settings = Settings(database_url=database_url, evidence_dir=tmp_path / "evidence")
    app = create_app(Settings(**{**settings.__dict__, "today": DEMO_DAY}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            for walkthrough in readme.walkthroughs(BLOCKS):
                state: dict[str, Any] = {}
                for step in walkthrough:
                    await run_step(http, step, tokens, state)
            curls = [body for block in SHELL for body in readme.curl_queries(block)]
            assert curls, "the README's curl example was not found"
            for body in curls:
                headers = {"authorization": f"Bearer {tokens['office']}"}
                answer = (await http.post("/graphql", json=body, headers=headers)).json()
                assert "errors" not in answer, f"curl {body}: {answer}"
                assert readme.has_value(answer["data"])
            downloads = [path for block in SHELL for path in readme.curl_downloads(block)]
            assert any(p.startswith("/exports/bulletin.docx") for p in downloads), downloads
            for path in downloads:
                headers = {"authorization": f"Bearer {tokens['office']}"}
                response = await http.get(path, headers=headers)
                assert response.status_code == 200, f"curl {path}: {response.text}"
                if path.split("?")[0].endswith((".docx", ".xlsx")):
                    assert zipfile.is_zipfile(io.BytesIO(response.content)), f"curl {path}"
