"""The X-CI-* headers: how `cleangate check --server` tells the gate which pipeline is asking.

One table for both sides of the wire: the CLI (service/cli/ci_context.py) sends each context
key as its header, cut to the length the server accepts, and the API (service/api/routes/evaluate.py)
declares each header with that same maximum, so a value the CLI sends is never refused for its
length. tests/test_ci_headers.py checks the API's OpenAPI schema against this table.
"""

from __future__ import annotations

CI_PROVIDERS = ("github", "gitlab", "local", "other")
"""The values X-CI-Provider may take."""

CI_HEADERS: dict[str, tuple[str, int]] = {
    "provider": ("X-CI-Provider", 50),
    "repository": ("X-CI-Repository", 500),
    "commit": ("X-CI-Commit", 100),
    "ref": ("X-CI-Ref", 500),
    "pipeline_url": ("X-CI-Pipeline-Url", 2000),
    "actor": ("X-CI-Actor", 200),
}
"""Context key to its header name and the longest value the server accepts."""


def ci_max_length(key: str) -> int:
    """The longest value the server accepts for one context key."""
    return CI_HEADERS[key][1]
