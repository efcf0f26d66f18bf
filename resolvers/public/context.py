"""The context of a public request: always the anonymous public, plus the submission limiter."""

from __future__ import annotations

from dataclasses import dataclass, field

from resolvers.context import Context
from resolvers.public.ratelimit import TokenBucket


@dataclass
class PublicContext(Context):
    """``client`` is the caller's address, the key of its rate-limit bucket."""

    client: str = "unknown"
    limiter: TokenBucket = field(default_factory=TokenBucket)
