"""Deterministic synthetic workflow rows: commitments, evidence with resubmissions, evaluations
(part of ``bench.dataset``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from tortoise.models import Model

from models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    Evaluation,
    EvaluatorKind,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    Grade,
    Unit,
    UnitKind,
    UnitMembership,
)

if TYPE_CHECKING:
    from bench.dataset import Builder

#: The plan year the synthetic data lives in.
DAY0 = date(2018, 1, 1)


def commitments(
    b: Builder, assignments: list[Assignment], heads: dict[int, int]
) -> list[Commitment]:
    members: dict[int, list[int]] = {}
    for link in b.data.tables["unit_membership"]:
        assert isinstance(link, UnitMembership)
        members.setdefault(link.collective_id, []).append(link.member_id)
    statuses = list(CommitmentStatus)
    weights = [25, 50, 15, 5, 5]
    rows: list[Commitment] = []
    for pk in b.ids(Commitment, b.size.commitments):
        assignment = b.rng.choice(assignments)
        unit_pk = assignment.unit_id
        if unit_pk in members:
            unit_pk = b.rng.choice(members[unit_pk])
        pledged = DAY0 + timedelta(days=b.rng.randrange(60))
        due = pledged + timedelta(days=b.rng.randrange(20, 400))
        status = b.rng.choices(statuses, weights)[0]
        closed = status in (CommitmentStatus.FULFILLED, CommitmentStatus.BROKEN)
        rows.append(
            Commitment(
                id=pk,
                assignment_id=assignment.id,
                unit_id=unit_pk,
                responsible_person_id=heads.get(unit_pk),
                content=f"承诺{b.text(pk)}",
                target="按期完成并报送佐证材料",
                pledged_on=pledged,
                due_on=due,
                public=b.rng.random() < 0.5,
                status=status,
                overdue_since=due + timedelta(days=1)
                if status == CommitmentStatus.OVERDUE
                else None,
                closed_on=due - timedelta(days=b.rng.randrange(-10, 20)) if closed else None,
                fulfilled_late=status == CommitmentStatus.FULFILLED and b.rng.random() < 0.1,
            )
        )
    b.data.add("commitment", list(rows))
    return rows


def evidence(b: Builder, commitments: list[Commitment]) -> None:
    rows: list[Evidence] = []
    last_rejected: dict[int, int] = {}
    statuses = list(EvidenceStatus)
    for pk in b.ids(Evidence, b.size.evidence):
        commitment = b.rng.choice(commitments)
        status = b.rng.choices(statuses, [25, 60, 15])[0]
        is_file = b.rng.random() < 0.7
        submitted = commitment.pledged_on + timedelta(days=b.rng.randrange(10, 300))
        rows.append(
            Evidence(
                id=pk,
                commitment_id=commitment.id,
                previous_version_id=last_rejected.pop(commitment.id, None),
                title=f"佐证材料{pk}",
                kind=EvidenceKind.DOCUMENT if is_file else EvidenceKind.WEB_PAGE,
                url=None if is_file else f"https://example.gov.cn/gs/{pk}",
                sha256=f"{b.rng.getrandbits(256):064x}" if is_file else None,
                file_name=f"材料{pk}.pdf" if is_file else None,
                media_type="application/pdf" if is_file else None,
                size=b.rng.randrange(10_000, 5_000_000) if is_file else None,
                submitted_on=submitted,
                status=status,
                reviewed_on=submitted + timedelta(days=3)
                if status != EvidenceStatus.PENDING
                else None,
                reviewed_by="市政府督查室" if status != EvidenceStatus.PENDING else "",
                review_reason="缺少盖章" if status == EvidenceStatus.REJECTED else "",
            )
        )
        if status == EvidenceStatus.REJECTED:
            last_rejected[commitment.id] = pk
    b.data.add("evidence", list(rows))


def evaluations(b: Builder, units: list[Unit]) -> None:
    plain = [u for u in units if u.kind != UnitKind.COLLECTIVE]
    rows: list[Model] = []
    for pk, unit in zip(b.ids(Evaluation, len(plain)), plain, strict=True):
        score = b.rng.randrange(55, 100)
        grade = Grade.EXCELLENT if score >= 90 else Grade.GOOD if score >= 75 else Grade.PASS
        rows.append(
            Evaluation(
                id=pk,
                unit_id=unit.id,
                period="2018",
                evaluator_kind=EvaluatorKind.SUPERVISION_OFFICE,
                evaluator_name="市政府督查室",
                score=Decimal(score),
                grade=grade if score >= 60 else Grade.FAIL,
                evaluated_on=date(2019, 1, 15),
            )
        )
    b.data.add("evaluation", rows)
