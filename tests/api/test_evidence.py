"""Evidence through the HTTP API: files stored by SHA-256 under the configured directory, size and
type checks, links, review, and resubmission that keeps the rejected version."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from resolvers.actor import Role
from server.app import create_app
from server.settings import Settings
from tests.conftest import GraphQLClient, office_client

LIMIT = 4096

SETUP = """
query Setup {
  tasks(filter: {search: "建立专项督导机制"}, first: 1) {
    nodes { assignments(role: LEAD) { id unit { id } } }
  }
}
"""

PLEDGE = """
mutation Pledge($assignmentId: ID!) {
  commitmentPledge(input: {assignmentId: $assignmentId, content: "建立督导台账",
                           target: "台账1套", pledgedOn: "2018-01-05", dueOn: "2018-06-30"}) {
    commitment { id }
  }
}
"""

SUBMIT = """
mutation Submit($input: EvidenceSubmitInput!) {
  evidenceSubmit(input: $input) {
    evidence { id title kind url status file { sha256 size mediaType fileName } }
  }
}
"""

REVIEW = """
mutation Review($input: EvidenceReviewInput!) {
  evidenceReview(input: $input) { evidence { id status reviewReason reviewedOn } }
}
"""

RESUBMIT = """
mutation Resubmit($input: EvidenceResubmitInput!) {
  evidenceResubmit(input: $input) {
    evidence {
      id title status file { fileName }
      previousVersion { id status reviewReason nextVersion { id } }
    }
  }
}
"""

COMMITMENT_EVIDENCE = """
query Evidence($id: ID!) {
  commitment(id: $id) {
    all: evidence { id status }
    rejected: evidence(status: REJECTED) { id }
  }
  queue: evidence(filter: {status: [PENDING]}) { totalCount }
}
"""

WITHDRAW = """
mutation Withdraw($id: ID!) {
  commitmentWithdraw(input: {id: $id, on: "2018-02-01", reason: "调整"}) { commitment { id } }
}
"""

HEAD = "query { journalHead { seq } }"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def docx(member: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
async def office(seeded_url: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """The app with evidence stored under a temporary folder and a small size limit."""
    settings = Settings(
        database_url=seeded_url, evidence_dir=tmp_path / "evidence", evidence_max_bytes=LIMIT
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield office_client(http, seeded_url)


@dataclass
class Pledged:
    """A commitment and its unit's people: the leader pledged it, the staff submit evidence."""

    id: str
    leader: GraphQLClient
    staff: GraphQLClient


async def pledged(office: GraphQLClient) -> Pledged:
    setup = await office.data(SETUP)
    assignment = setup["tasks"]["nodes"][0]["assignments"][0]
    unit = assignment["unit"]["id"]
    leader = await office.as_unit(unit, Role.UNIT_LEADER)
    staff = await office.as_unit(unit, Role.UNIT_STAFF)
    made = await leader.data(PLEDGE, {"assignmentId": assignment["id"]})
    return Pledged(str(made["commitmentPledge"]["commitment"]["id"]), leader, staff)


async def submit(client: GraphQLClient, commitment: str, **extra: Any) -> dict[str, Any]:
    values = {
        "commitmentId": commitment,
        "title": "督导台账",
        "kind": "DOCUMENT",
        "submittedOn": "2018-03-01",
    } | extra
    return dict((await client.data(SUBMIT, {"input": values}))["evidenceSubmit"]["evidence"])


async def test_file_is_stored_by_hash_once(office: GraphQLClient, tmp_path: Path) -> None:
    pledge = await pledged(office)
    commitment = pledge.id
    digest = hashlib.sha256(PDF).hexdigest()
    first = await submit(
        pledge.staff, commitment, file={"fileName": "台账.pdf", "contentBase64": b64(PDF)}
    )
    assert first["file"] == {
        "sha256": digest,
        "size": len(PDF),
        "mediaType": "application/pdf",
        "fileName": "台账.pdf",
    }
    stored = tmp_path / "evidence" / digest[:2] / digest
    assert stored.read_bytes() == PDF
    again = await submit(
        pledge.staff, commitment, file={"fileName": "副本.pdf", "contentBase64": b64(PDF)}
    )
    assert again["file"]["sha256"] == digest
    assert again["id"] != first["id"]
    assert [p.name for p in (tmp_path / "evidence").rglob("*") if p.is_file()] == [digest]
    word = await submit(
        pledge.staff, commitment, file={"fileName": "方案.docx", "contentBase64": b64(docx())}
    )
    assert word["file"]["mediaType"].endswith("wordprocessingml.document")
    link = await submit(
        pledge.staff, commitment, kind="WEB_PAGE", url="https://www.gswuwei.gov.cn/x"
    )
    assert link["url"] == "https://www.gswuwei.gov.cn/x"
    assert link["file"] is None


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"file": {"fileName": "run.exe", "contentBase64": b64(b"MZ")}}, "file.fileName"),
        ({"file": {"fileName": "fake.pdf", "contentBase64": b64(PNG)}}, "file.contentBase64"),
        (
            {"file": {"fileName": "x.docx", "contentBase64": b64(docx("a.txt"))}},
            "file.contentBase64",
        ),
        (
            {"file": {"fileName": "big.txt", "contentBase64": b64(b"a" * (LIMIT + 1))}},
            "file.contentBase64",
        ),
        ({"file": {"fileName": "a.pdf", "contentBase64": "not base64!"}}, "file.contentBase64"),
        ({"url": "ftp://example.com/a.pdf"}, "url"),
        ({"url": "https://a.cn", "file": {"fileName": "a.pdf", "contentBase64": b64(PDF)}}, "file"),
        ({}, "file"),
        ({"submittedOn": "2017-12-01", "url": "https://a.cn"}, "submittedOn"),
    ],
)
async def test_bad_uploads_are_refused_and_change_nothing(
    office: GraphQLClient, tmp_path: Path, extra: dict[str, Any], field: str
) -> None:
    pledge = await pledged(office)
    commitment = pledge.id
    head = await office.data(HEAD)
    values = {
        "commitmentId": commitment,
        "title": "t",
        "kind": "OTHER",
        "submittedOn": "2018-03-01",
    } | extra
    error = await pledge.staff.error(SUBMIT, {"input": values})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await office.data(HEAD) == head
    assert not (tmp_path / "evidence").exists()


async def test_rejection_and_resubmission_keep_the_rejected_version(office: GraphQLClient) -> None:
    pledge = await pledged(office)
    commitment = pledge.id
    first = await submit(
        pledge.staff, commitment, file={"fileName": "v1.txt", "contentBase64": b64("草稿".encode())}
    )
    review = {"id": first["id"], "decision": "REJECTED", "reviewedOn": "2018-03-05"}
    error = await office.error(REVIEW, {"input": review})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "reason"}
    error = await pledge.staff.error(
        RESUBMIT, {"input": {"previousVersionId": first["id"], "submittedOn": "2018-03-06"}}
    )
    assert error["extensions"]["code"] == "INVALID_TRANSITION"  # still pending
    rejected = await office.data(REVIEW, {"input": review | {"reason": "缺少盖章"}})
    assert rejected["evidenceReview"]["evidence"]["status"] == "REJECTED"
    error = await office.error(REVIEW, {"input": review | {"decision": "ACCEPTED"}})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"

    new = {
        "previousVersionId": first["id"],
        "submittedOn": "2018-03-08",
        "file": {"fileName": "v2.txt", "contentBase64": b64("盖章版".encode())},
    }
    second = (await pledge.staff.data(RESUBMIT, {"input": new}))["evidenceResubmit"]["evidence"]
    assert second["title"] == "督导台账"
    assert second["status"] == "PENDING"
    assert second["previousVersion"] == {
        "id": first["id"],
        "status": "REJECTED",
        "reviewReason": "缺少盖章",
        "nextVersion": {"id": second["id"]},
    }
    error = await pledge.staff.error(RESUBMIT, {"input": new})
    assert error["extensions"]["code"] == "CONFLICT"
    accept = {"id": second["id"], "decision": "ACCEPTED", "reviewedOn": "2018-03-09"}
    await office.data(REVIEW, {"input": accept})
    listed = await office.data(COMMITMENT_EVIDENCE, {"id": commitment})
    assert listed["commitment"]["all"] == [
        {"id": first["id"], "status": "REJECTED"},
        {"id": second["id"], "status": "ACCEPTED"},
    ]
    assert listed["commitment"]["rejected"] == [{"id": first["id"]}]
    assert listed["queue"]["totalCount"] == 0


async def test_withdrawn_commitment_takes_no_evidence(office: GraphQLClient) -> None:
    pledge = await pledged(office)
    commitment = pledge.id
    await pledge.leader.data(WITHDRAW, {"id": commitment})
    error = await pledge.staff.error(
        SUBMIT,
        {
            "input": {
                "commitmentId": commitment,
                "title": "t",
                "kind": "OTHER",
                "submittedOn": "2018-03-01",
                "url": "https://a.cn",
            }
        },
    )
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
