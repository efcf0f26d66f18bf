"""JWTs of an external identity provider: accepted only with a pinned algorithm, a valid
signature and ``exp``/``aud``/``iss``, and only for an existing active account (``sub``)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from server.auth_settings import AuthSettings
from tests.conftest import GraphQLClient, running

SECRET = "a-shared-secret-of-the-identity-provider-0123456789-0123456789-0123456789"
AUDIENCE = "dutygraph"
ISSUER = "https://idp.wuwei.gov.cn"
VIEWER = "{ viewer { username roles } }"
HS256 = AuthSettings(
    jwt_key=SECRET, jwt_algorithms=("HS256",), jwt_audience=AUDIENCE, jwt_issuer=ISSUER
)


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    values: dict[str, Any] = {
        "sub": "office",
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": now,
        "exp": now + 600,
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def unsigned(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


async def status(client: GraphQLClient, token: str) -> int:
    return (await client.with_token(token).post(VIEWER)).status_code


async def test_a_valid_jwt_acts_as_its_account(seeded_url: str) -> None:
    async with running(seeded_url, auth=HS256) as (_, client):
        token = jwt.encode(claims(), SECRET, algorithm="HS256")
        viewer = (await client.with_token(token).data(VIEWER))["viewer"]
        assert viewer["username"] == "office"
        assert sorted(viewer["roles"]) == ["AUDITOR", "CREDIT_ADMIN", "SUPERVISION_OFFICE"]


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("other algorithm", jwt.encode(claims(), SECRET, algorithm="HS512")),
        ("alg none", unsigned(claims())),
        ("wrong key", jwt.encode(claims(), SECRET[::-1], algorithm="HS256")),
        ("wrong audience", jwt.encode(claims(aud="another-app"), SECRET, algorithm="HS256")),
        ("wrong issuer", jwt.encode(claims(iss="https://evil.example"), SECRET, algorithm="HS256")),
        ("expired", jwt.encode(claims(exp=int(time.time()) - 3600), SECRET, algorithm="HS256")),
        ("no exp", jwt.encode(claims(exp=None), SECRET, algorithm="HS256")),
        ("no aud", jwt.encode(claims(aud=None), SECRET, algorithm="HS256")),
        ("no iss", jwt.encode(claims(iss=None), SECRET, algorithm="HS256")),
        ("unknown account", jwt.encode(claims(sub="nobody"), SECRET, algorithm="HS256")),
    ],
)
async def test_bad_jwts_are_refused(seeded_url: str, name: str, token: str) -> None:
    async with running(seeded_url, auth=HS256) as (_, client):
        assert await status(client, token) == 401, name


async def test_jwts_are_refused_when_no_provider_is_configured(seeded_url: str) -> None:
    async with running(seeded_url) as (_, client):
        assert await status(client, jwt.encode(claims(), SECRET, algorithm="HS256")) == 401


async def test_public_key_is_never_taken_as_an_hmac_secret(seeded_url: str) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = AuthSettings(
        jwt_key=public_pem, jwt_algorithms=("RS256",), jwt_audience=AUDIENCE, jwt_issuer=ISSUER
    )
    async with running(seeded_url, auth=settings) as (_, client):
        assert await status(client, jwt.encode(claims(), private, algorithm="RS256")) == 200
        forged = hs256_with_key(claims(), public_pem)
        assert await status(client, forged) == 401


def hs256_with_key(payload: dict[str, Any], key: str) -> str:
    """An HS256 token keyed with ``key`` (PyJWT refuses to make one with a PEM key itself)."""
    import hashlib
    import hmac

    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).decode().rstrip("=")

    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(payload).encode())
    mac = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{part(mac)}"


@pytest.mark.parametrize(
    "settings",
    [
        {"jwt_algorithms": ("HS256", "RS256")},  # two families: key confusion
        {"jwt_algorithms": ("none",)},
        {"jwt_audience": None},
        {"jwt_issuer": None},
    ],
)
def test_unsafe_jwt_settings_do_not_start(settings: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "jwt_key": SECRET,
        "jwt_algorithms": ("HS256",),
        "jwt_audience": AUDIENCE,
        "jwt_issuer": ISSUER,
    } | settings
    with pytest.raises(ValueError, match="DUTYGRAPH_JWT"):
        AuthSettings(**values)
