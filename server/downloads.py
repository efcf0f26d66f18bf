"""Spreadsheet downloads over HTTP (the GraphQL API stays JSON-only)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from resolvers.exports.matrix import matrix_workbook
from schema.errors import DomainError, ErrorCode
from schema.relay import pk_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.FORBIDDEN: 403, ErrorCode.UNAUTHENTICATED: 401}


def xlsx_response(name: str, data: bytes) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"content-disposition": disposition})


def error_response(error: DomainError) -> JSONResponse:
    body = {"errors": [{"message": error.message, "extensions": error.extensions()}]}
    return JSONResponse(body, status_code=STATUS.get(error.code, 400))


async def plan_matrix(request: Request) -> Response:
    """``GET /exports/plans/{planId}/matrix.xlsx`` — the plan's 任务分工表."""
    try:
        plan_pk = pk_of(request.path_params["plan_id"], "Plan", "planId")
        name, data = await matrix_workbook(plan_pk)
    except DomainError as error:
        return error_response(error)
    return xlsx_response(name, data)
