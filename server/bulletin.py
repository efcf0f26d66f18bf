"""The supervision bulletin (督查通报) over HTTP and from the CLI: .docx and .xlsx, within the
caller's scopes (a unit account gets its own numbers only)."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from resolvers.actor import SYSTEM, Actor
from resolvers.errors import DomainError, bad_input, not_found
from resolvers.exports.bulletin import bulletin, docx_bytes, xlsx_bytes
from resolvers.permissions.scopes import RowScopes
from server.auth import authenticate
from server.downloads import XLSX, as_of_day, as_of_param, error_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": (DOCX, docx_bytes), "xlsx": (XLSX, xlsx_bytes)}


async def render(actor: Actor, period: str, day: date, kind: str) -> tuple[str, bytes]:
    """The bulletin file's name and bytes for ``actor``'s scopes, as of ``day``."""
    content = await bulletin(RowScopes(actor), period, day)
    _, make = FORMATS[kind]
    # The document is built in a worker thread, so the event loop keeps answering meanwhile.
    return f"{content.file_stem}.{kind}", await asyncio.to_thread(make, content)


async def bulletin_download(request: Request) -> Response:
    """``GET /exports/bulletin.docx?period=2018-Q1&asOf=`` (or ``.xlsx``)."""
    kind = request.path_params["kind"]
    try:
        if kind not in FORMATS:
            raise not_found("Bulletin format", kind)
        auth = await authenticate(request, request.app.state.settings.auth)
        if auth.problem:
            raise auth.error()
        period = request.query_params.get("period")
        if not period:
            raise bad_input("Give the bulletin's `period`, e.g. 2018-Q1 or 2018年1月.", "period")
        name, data = await render(auth.actor, period, as_of_param(request), kind)
    except DomainError as error:
        return error_response(error)
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    media_type, _ = FORMATS[kind]
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


async def _render_offline(database_url: str, period: str, as_of: str | None, kind: str) -> bytes:
    from server.database import open_database

    async with open_database(database_url):
        _, data = await render(SYSTEM, period, as_of_day(as_of), kind)
    return data


def write_bulletin(database_url: str, period: str, as_of: str | None, output: Path) -> int:
    """``dutygraph bulletin --period 2018-Q1 [--as-of 2018-03-31] -o 通报.docx``."""
    kind = output.suffix.lstrip(".").lower()
    if kind not in FORMATS:
        sys.stderr.write("BAD_USER_INPUT: write the bulletin to a .docx or an .xlsx file\n")
        return 2
    try:
        data = asyncio.run(_render_offline(database_url, period, as_of, kind))
    except DomainError as error:
        sys.stderr.write(f"{error.code.value}: {error.message}\n")
        return 2
    output.write_bytes(data)
    print(f"wrote {output} ({len(data)} bytes)")
    return 0
