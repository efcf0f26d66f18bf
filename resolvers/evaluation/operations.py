"""Evaluation rules: canonical periods, scores 0–100 with two decimals, the grade by the score's
table (a given grade must agree), one standing evaluation per evaluator kind, unit, period and
subject, dated after the period ends, subjects the unit has a part in, withdrawal with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from models import (
    Assignment,
    Commitment,
    Evaluation,
    EvaluatorKind,
    Grade,
    Task,
    Unit,
    UnitMembership,
)
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.global_ids import to_global_id
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record
from resolvers.reporting_period import parse_period

#: Lowest score of each grade (考核等次 by score). The plan names no scale; this is the common
#: 百分制 one (优秀 ≥90, 良好 ≥80, 合格 ≥60, 不合格 below), and a grade given must agree with it.
GRADE_FLOORS = (
    (Decimal(90), Grade.EXCELLENT),
    (Decimal(80), Grade.GOOD),
    (Decimal(60), Grade.PASS),
)


def grade_for(score: Decimal) -> Grade:
    return next((grade for floor, grade in GRADE_FLOORS if score >= floor), Grade.FAIL)


def checked_score(value: float | Decimal | str) -> Decimal:
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        raise bad_input("`score` is not a number.", "score") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise bad_input("`score` must be between 0 and 100.", "score")
    exponent = score.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise bad_input("`score` has at most two decimals.", "score")
    return score.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class EvaluationDraft:
    unit_pk: int
    period: str
    evaluator_kind: EvaluatorKind
    score: float | Decimal | str
    evaluated_on: date
    grade: Grade | None = None
    task_pk: int | None = None
    commitment_pk: int | None = None
    evaluator_name: str = ""
    comments: str = ""


def checked_grade(score: Decimal, given: Grade | None) -> Grade:
    """The grade of ``score``; a given grade that the score does not reach is BAD_USER_INPUT."""
    derived = grade_for(score)
    if given is not None and given != derived:
        raise bad_input(
            f"Score {score} is {derived.value} by the grade table (优秀 ≥90, 良好 ≥80, 合格 ≥60): "
            f"it cannot be graded {given.value}.",
            "grade",
        )
    return derived


async def _involved(journal: Journal, task_pk: int, unit_pk: int) -> None:
    """The unit has a part in the task: assigned to it itself, or through a collective."""
    collectives = UnitMembership.filter(member_id=unit_pk).using_db(journal.connection)
    units = [unit_pk, *await collectives.values_list("collective_id", flat=True)]
    assigned = Assignment.filter(task_id=task_pk, unit_id__in=units).using_db(journal.connection)
    if not await assigned.exists():
        raise bad_input(
            "The unit has no part in this task (no assignment of it or of its collective).",
            "taskId",
        )


async def _task_of_commitment(journal: Journal, draft: EvaluationDraft) -> int | None:
    if draft.commitment_pk is None:
        if draft.task_pk is not None:
            await fetch(Task, draft.task_pk, "Task", "taskId", journal)
            await _involved(journal, draft.task_pk, draft.unit_pk)
        return draft.task_pk
    commitment = await fetch(Commitment, draft.commitment_pk, "Commitment", "commitmentId", journal)
    if commitment.unit_id != draft.unit_pk:
        raise bad_input("The commitment was pledged by another unit.", "commitmentId")
    assignment = await fetch(Assignment, commitment.assignment_id, "Assignment", "id", journal)
    if draft.task_pk not in (None, assignment.task_id):
        raise bad_input("The commitment belongs to another task.", "taskId")
    return assignment.task_id


async def evaluate(journal: Journal, draft: EvaluationDraft) -> Evaluation:
    await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    check_event_day(draft.evaluated_on, "evaluatedOn")
    period = parse_period(draft.period)
    if draft.evaluated_on <= period.ends_on:
        raise bad_input(
            f"An evaluation of {period.name} is made after the period ends on "
            f"{period.ends_on}: `evaluatedOn` ({draft.evaluated_on}) is not.",
            "evaluatedOn",
        )
    score = checked_score(draft.score)
    grade = checked_grade(score, draft.grade)
    task_pk = await _task_of_commitment(journal, draft)
    # Under the journal lock, so two evaluators cannot both record the same evaluation.
    await journal.lock()
    standing = Evaluation.filter(
        unit_id=draft.unit_pk,
        period=period.name,
        evaluator_kind=draft.evaluator_kind,
        task_id=task_pk,
        commitment_id=draft.commitment_pk,
        revoked_on__isnull=True,
    )
    twin = await standing.using_db(journal.connection).first()
    if twin is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"Evaluation {to_global_id('Evaluation', twin.pk)} by {draft.evaluator_kind.value} "
            f"already judges this unit for {period.name} on the same subject: withdraw it "
            "(evaluationRevoke) to replace it.",
            "evaluatorKind",
        )
    row = await Evaluation.create(
        unit_id=draft.unit_pk,
        task_id=task_pk,
        commitment_id=draft.commitment_pk,
        period=period.name,
        evaluator_kind=draft.evaluator_kind,
        evaluator_name=draft.evaluator_name.strip(),
        score=score,
        grade=grade,
        comments=draft.comments.strip(),
        evaluated_on=draft.evaluated_on,
        using_db=journal.connection,
    )
    await journal.created(row, "evaluation.create")
    return row


async def revoke(
    journal: Journal, pk: int, revoked_on: date, reason: str, expected_version: int | None
) -> Evaluation:
    row = await fetch(Evaluation, pk, "Evaluation", "id", journal)
    if row.revoked_on is not None:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"Evaluation {row.pk} was already withdrawn.", "id"
        )
    check_event_day(revoked_on, "revokedOn", row.evaluated_on, "the evaluation")
    changes = {"revoked_on": revoked_on, "revoke_reason": required_text(reason, "reason", 2000)}
    return await update_record(journal, row, changes, expected_version, "evaluation.revoke")
