"""The request limits of the GraphQL endpoint, read from ``DUTYGRAPH_*`` variables."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

#: Bytes allowed in a request body besides a base64-encoded evidence file.
BODY_HEADROOM = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one GraphQL request may ask for; each field has a ``DUTYGRAPH_<FIELD>`` variable."""

    #: Deepest selection nesting, introspection fields not counted (``DUTYGRAPH_MAX_DEPTH``).
    max_depth: int = 15
    #: Aliased fields in one document (``DUTYGRAPH_MAX_ALIASES``).
    max_aliases: int = 30
    #: Lexical tokens in one document (``DUTYGRAPH_MAX_TOKENS``).
    max_tokens: int = 5000
    #: Directives used in one document (``DUTYGRAPH_MAX_DIRECTIVES``).
    max_directives: int = 50
    #: GitHub-style requested nodes per operation (``DUTYGRAPH_MAX_NODES``).
    max_nodes: int = 50_000
    #: Seconds an operation may run before it fails with TIMEOUT (``DUTYGRAPH_OPERATION_TIMEOUT``).
    operation_timeout: float = 10.0
    #: Characters in the GraphQL document itself (``DUTYGRAPH_MAX_DOCUMENT_BYTES``).
    max_document_bytes: int = 100_000
    #: Request body bytes; 0 means "room for one evidence file" (``DUTYGRAPH_MAX_BODY_BYTES``).
    max_body_bytes: int = 0
    #: Selections of a document once its fragment spreads are expanded, checked before any
    #: validation rule runs (``DUTYGRAPH_MAX_EXPANDED_SELECTIONS``).
    max_expanded_selections: int = 10_000
    #: Comparisons of same-named fields and side-by-side fragments the overlap check of one
    #: document may make, checked before any validation rule runs (``DUTYGRAPH_MAX_OVERLAP_PAIRS``).
    max_overlap_pairs: int = 5_000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Limits:
        def number(name: str, default: float) -> str:
            return env.get(f"DUTYGRAPH_{name.upper()}") or str(default)

        return cls(
            max_depth=int(number("max_depth", cls.max_depth)),
            max_aliases=int(number("max_aliases", cls.max_aliases)),
            max_tokens=int(number("max_tokens", cls.max_tokens)),
            max_directives=int(number("max_directives", cls.max_directives)),
            max_nodes=int(number("max_nodes", cls.max_nodes)),
            operation_timeout=float(number("operation_timeout", cls.operation_timeout)),
            max_document_bytes=int(number("max_document_bytes", cls.max_document_bytes)),
            max_body_bytes=int(number("max_body_bytes", cls.max_body_bytes)),
            max_expanded_selections=int(
                number("max_expanded_selections", cls.max_expanded_selections)
            ),
            max_overlap_pairs=int(number("max_overlap_pairs", cls.max_overlap_pairs)),
        )

    def body_bytes(self, evidence_max_bytes: int) -> int:
        """The body limit in force: the configured one, or a base64 evidence file plus headroom."""
        if self.max_body_bytes > 0:
            return self.max_body_bytes
        return math.ceil(evidence_max_bytes / 3) * 4 + BODY_HEADROOM
