"""Spreadsheet downloads over HTTP (the GraphQL API stays JSON-only)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from models import Commitment
from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.exports.matrix import matrix_workbook
from resolvers.exports.overdue import overdue_workbook
from resolvers.global_ids import pk_of
from resolvers.permissions import scope_of
from resolvers.validity import parse_day
from server.auth import authenticate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.FORBIDDEN: 403, ErrorCode.UNAUTHENTICATED: 401}


def xlsx_response(name: str, data: bytes) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"content-disposition": disposition})


def error_response(error: DomainError) -> JSONResponse:
    body = {"errors": [{"message": error.message, "extensions": error.extensions()}]}
    return JSONResponse(body, status_code=STATUS.get(error.code, 400))


async def plan_matrix(request: Request) -> Response:
    """``GET /exports/plans/{planId}/matrix.xlsx`` — the plan's 任务分工表 (progress only of the
    commitments the caller may read)."""
    try:
        auth = await authenticate(request, request.app.state.settings.auth)
        if auth.problem:
            raise auth.error()
        plan_pk = pk_of(request.path_params["plan_id"], "Plan", "planId")
        name, data = await matrix_workbook(plan_pk, await scope_of(Commitment, auth.actor))
    except DomainError as error:
        return error_response(error)
    return xlsx_response(name, data)


def as_of_day(given: str | None) -> date:
    """The day an export is as of: ``given`` (an ISO date within range), or today when empty;
    BAD_USER_INPUT naming ``asOf`` otherwise."""
    if not given:
        return workdays.today()
    try:
        return parse_day(given)
    except ValueError as error:
        raise bad_input(f"`asOf`: {error}", "asOf") from None


def as_of_param(request: Request) -> date:
    return as_of_day(request.query_params.get("asOf"))


async def overdue_list(request: Request) -> Response:
    """``GET /exports/overdue.xlsx?asOf=&unitId=`` — the 逾期承诺清单 (default: today in China)
    of the commitments the caller may read (a unit account: its own)."""
    try:
        auth = await authenticate(request, request.app.state.settings.auth)
        if auth.problem:
            raise auth.error()
        unit_id = request.query_params.get("unitId")
        unit_pk = pk_of(unit_id, "Unit", "unitId") if unit_id else None
        scope = await scope_of(Commitment, auth.actor)
        name, data = await overdue_workbook(as_of_param(request), unit_pk, scope)
    except DomainError as error:
        return error_response(error)
    return xlsx_response(name, data)
