"""Settings of authentication (external JWTs) and of the public endpoint's submission limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from resolvers.auth.verify import JwtRules

#: Algorithms of one family only: mixing HMAC with public-key ones invites key confusion.
FAMILIES = (
    frozenset({"HS256", "HS384", "HS512"}),
    frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}),
    frozenset({"ES256", "ES384", "ES512"}),
    frozenset({"EdDSA"}),
)


@dataclass(frozen=True)
class AuthSettings:
    """Every field comes from a ``DUTYGRAPH_*`` variable (named on each field)."""

    #: HMAC secret or PEM public key of the identity provider (``DUTYGRAPH_JWT_KEY``, or a file
    #: named by ``DUTYGRAPH_JWT_KEY_FILE``); without it JWTs are not accepted at all.
    jwt_key: str | None = None
    #: Pinned signature algorithms (``DUTYGRAPH_JWT_ALGORITHMS``, commas, one family).
    jwt_algorithms: tuple[str, ...] = ("RS256",)
    #: Required ``aud`` claim (``DUTYGRAPH_JWT_AUDIENCE``).
    jwt_audience: str | None = None
    #: Required ``iss`` claim (``DUTYGRAPH_JWT_ISSUER``).
    jwt_issuer: str | None = None
    #: Public objections and complaints at once per client (``DUTYGRAPH_PUBLIC_SUBMIT_BURST``).
    public_submit_burst: int = 5
    #: Seconds until a client may send one more (``DUTYGRAPH_PUBLIC_SUBMIT_REFILL_SECONDS``).
    public_submit_refill_seconds: float = 120.0

    def __post_init__(self) -> None:
        if self.jwt_key is None:
            return
        if not (self.jwt_audience and self.jwt_issuer):
            raise ValueError("DUTYGRAPH_JWT_KEY needs DUTYGRAPH_JWT_AUDIENCE and _ISSUER too.")
        algorithms = frozenset(self.jwt_algorithms)
        if not algorithms or not any(algorithms <= family for family in FAMILIES):
            raise ValueError(
                "DUTYGRAPH_JWT_ALGORITHMS must name signature algorithms of one family "
                f"(e.g. RS256 or HS256), not {', '.join(sorted(algorithms)) or 'none'}."
            )

    @property
    def jwt(self) -> JwtRules | None:
        """The JWT checks, when an identity provider is configured."""
        if self.jwt_key is None or self.jwt_audience is None or self.jwt_issuer is None:
            return None
        return JwtRules(self.jwt_key, self.jwt_algorithms, self.jwt_audience, self.jwt_issuer)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AuthSettings:
        key = env.get("DUTYGRAPH_JWT_KEY") or None
        if key is None and env.get("DUTYGRAPH_JWT_KEY_FILE"):
            key = Path(env["DUTYGRAPH_JWT_KEY_FILE"]).read_text(encoding="utf-8")
        algorithms = env.get("DUTYGRAPH_JWT_ALGORITHMS", "")
        return cls(
            jwt_key=key,
            jwt_algorithms=tuple(a.strip() for a in algorithms.split(",") if a.strip())
            or cls.jwt_algorithms,
            jwt_audience=env.get("DUTYGRAPH_JWT_AUDIENCE") or None,
            jwt_issuer=env.get("DUTYGRAPH_JWT_ISSUER") or None,
            public_submit_burst=int(
                env.get("DUTYGRAPH_PUBLIC_SUBMIT_BURST") or cls.public_submit_burst
            ),
            public_submit_refill_seconds=float(
                env.get("DUTYGRAPH_PUBLIC_SUBMIT_REFILL_SECONDS")
                or cls.public_submit_refill_seconds
            ),
        )
