"""Runtime settings read from the environment, and the Tortoise configuration built from them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

from server.auth_settings import AuthSettings
from server.hardening.limits import Limits
from server.live_settings import LiveSettings, flag

DEFAULT_DATA_DIR = Path("data")
DEFAULT_DATABASE_URL = f"sqlite://{DEFAULT_DATA_DIR / 'dutygraph.sqlite3'}"

#: Model modules, in one Tortoise app named ``models``.
MODEL_MODULES = ["models"]
MIGRATIONS_MODULE = "models.migrations"

# SQLite: WAL so readers never wait for the writer, FULL sync so an acknowledged write survives a
# crash, and a busy timeout so a second process waits for the write lock instead of failing.
SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "FULL", "busy_timeout": "5000"}


@dataclass(frozen=True)
class Settings:
    """Service settings; every field comes from a ``DUTYGRAPH_*`` or ``DATABASE_URL`` variable."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    #: Proxies whose ``X-Forwarded-For`` names the client (``DUTYGRAPH_TRUSTED_PROXIES``: IP
    #: addresses or networks, commas; ``*`` any; uvicorn's ``FORWARDED_ALLOW_IPS`` when unset).
    #: None by default: the client is the connecting peer, loopback included.
    trusted_proxies: tuple[str, ...] = ()
    log_level: str = "info"
    environment: str = "development"
    #: Where evidence files are stored by SHA-256 (``DUTYGRAPH_EVIDENCE_DIR``).
    evidence_dir: Path = DEFAULT_DATA_DIR / "evidence"
    #: Largest evidence file accepted, in bytes (``DUTYGRAPH_EVIDENCE_MAX_BYTES``, 20 MiB).
    evidence_max_bytes: int = 20 * 1024 * 1024
    #: JSON file replacing the built-in credit rules (``DUTYGRAPH_CREDIT_RULES``).
    credit_rules_file: str | None = None
    #: Publication channels of dishonesty records (``DUTYGRAPH_CREDIT_CHANNELS``: names, commas;
    #: unset: 单位门户网站, 信用武威, 信用甘肃 — resolvers/credit/rules.py).
    credit_channels: tuple[str, ...] = ()
    #: Request limits of the GraphQL endpoint (``DUTYGRAPH_MAX_*``, see server/hardening/limits.py).
    limits: Limits = Limits()
    #: Events, the deadline clock, persisted operations (see server/live_settings.py).
    live: LiveSettings = LiveSettings()
    #: External JWTs and the public submission limit (see server/auth_settings.py).
    auth: AuthSettings = AuthSettings()
    #: Run queries a level at a time (resolvers/execution/breadth_first.py);
    #: ``DUTYGRAPH_BREADTH_FIRST=0`` falls back to graphql-core's field-by-field executor for
    #: every request.
    breadth_first: bool = True
    #: A fixed "today" for the whole service (``DUTYGRAPH_TODAY=2018-03-01``): the deadline
    #: clock, default ``asOf`` days and publication windows all read it (resolvers/workdays.py).
    #: For demos, tests and the bench; a production server logs a warning when it is set.
    today: date | None = None
    #: The Ed25519 key that signs journal checkpoints (``DUTYGRAPH_JOURNAL_KEY_FILE``), made on
    #: first use with mode 0600; keep it out of backups that leave the server.
    journal_key_file: Path = DEFAULT_DATA_DIR / "journal-signing-key.pem"
    #: ``/metrics`` (``DUTYGRAPH_METRICS``): on by default outside production.
    metrics: bool | None = None
    #: ``DUTYGRAPH_METRICS_TOKEN``: the bearer token ``/metrics`` asks for (required in
    #: production for metrics to be served at all).
    metrics_token: str | None = None
    #: OpenTelemetry spans (``DUTYGRAPH_OTEL=1``; the SDK reads its own OTEL_* variables).
    otel: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=env.get("DUTYGRAPH_HOST", cls.host),
            port=int(env.get("DUTYGRAPH_PORT", cls.port)),
            trusted_proxies=addresses(
                env.get("DUTYGRAPH_TRUSTED_PROXIES") or env.get("FORWARDED_ALLOW_IPS") or ""
            ),
            log_level=env.get("DUTYGRAPH_LOG_LEVEL", cls.log_level).lower(),
            environment=env.get("DUTYGRAPH_ENV", cls.environment).lower(),
            evidence_dir=Path(env.get("DUTYGRAPH_EVIDENCE_DIR") or cls.evidence_dir),
            evidence_max_bytes=int(
                env.get("DUTYGRAPH_EVIDENCE_MAX_BYTES") or cls.evidence_max_bytes
            ),
            credit_rules_file=env.get("DUTYGRAPH_CREDIT_RULES") or None,
            credit_channels=addresses(env.get("DUTYGRAPH_CREDIT_CHANNELS") or ""),
            limits=Limits.from_env(env),
            live=LiveSettings.from_env(env),
            auth=AuthSettings.from_env(env),
            breadth_first=flag(env.get("DUTYGRAPH_BREADTH_FIRST", "1")),
            today=fixed_day(env.get("DUTYGRAPH_TODAY")),
            journal_key_file=Path(env.get("DUTYGRAPH_JOURNAL_KEY_FILE") or cls.journal_key_file),
            metrics=flag(env["DUTYGRAPH_METRICS"]) if env.get("DUTYGRAPH_METRICS") else None,
            metrics_token=env.get("DUTYGRAPH_METRICS_TOKEN") or None,
            otel=flag(env.get("DUTYGRAPH_OTEL", "0")),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def serves_metrics(self) -> bool:
        """``/metrics`` is served: asked for (default: outside production), and in production
        only behind a token."""
        default = not self.is_production or self.metrics_token is not None
        wanted = default if self.metrics is None else self.metrics
        return wanted and (self.metrics_token is not None or not self.is_production)


def addresses(text: str) -> tuple[str, ...]:
    """A comma-separated list of addresses, blanks dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def fixed_day(text: str | None) -> date | None:
    """``DUTYGRAPH_TODAY`` as a date (ISO ``YYYY-MM-DD``); empty or unset: None."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"DUTYGRAPH_TODAY={text!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-03-01"
        ) from None


def connection_url(database_url: str) -> str:
    """The URL handed to Tortoise: SQLite gets its pragmas, ``postgresql://`` is accepted too."""
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("sqlite:") and database_url != "sqlite://:memory:":
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        given = database_url.split("?", 1)[1] if "?" in database_url else ""
        keys = {part.split("=", 1)[0] for part in given.split("&") if part}
        extra = [f"{k}={v}" for k, v in SQLITE_PRAGMAS.items() if k not in keys]
        query = "&".join(p for p in [given, *extra] if p)
        return f"sqlite://{path}?{query}"
    return database_url


#: The SQLite engine: transactions BEGIN IMMEDIATE, one at a time (server/sqlite_writer.py).
SQLITE_ENGINE = "server.sqlite_writer"


#: PostgreSQL session settings of every connection (a URL's own ``server_settings`` win).
#: JIT off: its compile time (30–40 ms measured on a count with correlated subqueries, which
#: the planner's cost estimate sends past ``jit_above_cost``) exceeds any statement this
#: service runs; PostgreSQL's own advice for short OLTP statements.
POSTGRES_SESSION = {"jit": "off"}


def connection_config(database_url: str) -> str | dict[str, Any]:
    """The ``default`` connection: PostgreSQL with ``POSTGRES_SESSION``, SQLite on dutygraph's
    own engine."""
    url = connection_url(database_url)
    if not url.startswith("sqlite:"):
        config = expand_db_url(url)
        credentials = config["credentials"]
        credentials["server_settings"] = POSTGRES_SESSION | credentials.get("server_settings", {})
        return config
    return {**expand_db_url(url), "engine": SQLITE_ENGINE}


def tortoise_config(database_url: str) -> dict[str, Any]:
    """Tortoise ORM configuration for one database."""
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "migrations": MIGRATIONS_MODULE,
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


#: For ``tortoise makemigrations`` / ``tortoise migrate`` (see ``[tool.tortoise]`` in pyproject).
TORTOISE_ORM = tortoise_config(Settings.from_env().database_url)
