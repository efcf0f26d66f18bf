"""Who calls: the ``Authorization: Bearer …`` header of a request made into the request's actor.

An API token (``dg_…``) is looked up by its SHA-256; any other bearer value is checked as a JWT
of the configured identity provider. A request without credentials acts as the anonymous
public; one whose credentials are refused carries the reason, and the internal endpoint then
answers UNAUTHENTICATED (HTTP 401) without running anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from resolvers.actor import ANONYMOUS, Actor
from resolvers.auth.secrets import TOKEN_PREFIX
from resolvers.auth.verify import account_for_jwt, account_for_token, actor_of
from resolvers.errors import DomainError, ErrorCode
from server.auth_settings import AuthSettings

#: Reasons a request is not authenticated (the ``error`` of ``WWW-Authenticate``).
MISSING = "missing"
INVALID = "invalid_token"

MESSAGES = {
    MISSING: "Send `Authorization: Bearer <token>`: this endpoint needs an account "
    "(the public view is at /public/graphql).",
    INVALID: "The bearer token is unknown, revoked or expired, or its account is deactivated.",
}


@dataclass(frozen=True)
class Authentication:
    """The actor of a request, and why it is anonymous (``problem``) if it is."""

    actor: Actor
    problem: str | None = None

    def error(self) -> DomainError:
        return DomainError(ErrorCode.UNAUTHENTICATED, MESSAGES[self.problem or MISSING])

    def www_authenticate(self) -> str:
        if self.problem == INVALID:
            return 'Bearer realm="dutygraph", error="invalid_token"'
        return 'Bearer realm="dutygraph"'


def bearer_of(connection: HTTPConnection) -> str | None:
    """The bearer credential of a request; "" for a malformed header, None for none at all."""
    header = connection.headers.get("authorization")
    if header is None:
        return None
    scheme, _, credential = header.strip().partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else ""


def bearer_in_params(params: object) -> str | None:
    """The bearer credential a browser puts in graphql-ws ``connectionParams`` (it cannot set
    WebSocket headers): ``{"Authorization": "Bearer dg_…"}`` or ``{"token": "dg_…"}``."""
    if not isinstance(params, dict):
        return None
    header = params.get("Authorization") or params.get("authorization")
    if isinstance(header, str):
        scheme, _, credential = header.strip().partition(" ")
        return credential.strip() if scheme.lower() == "bearer" else ""
    token = params.get("token")
    return token.strip() if isinstance(token, str) else None


async def authenticate(connection: HTTPConnection, settings: AuthSettings) -> Authentication:
    return await authenticate_credential(bearer_of(connection), settings)


async def authenticate_credential(credential: str | None, settings: AuthSettings) -> Authentication:
    if credential is None:
        return Authentication(ANONYMOUS, MISSING)
    account = None
    if credential.startswith(TOKEN_PREFIX):
        account = await account_for_token(credential)
    elif settings.jwt is not None and credential.count(".") == 2:
        account = await account_for_jwt(credential, settings.jwt)
    if account is None:
        return Authentication(ANONYMOUS, INVALID)
    return Authentication(actor_of(account))
