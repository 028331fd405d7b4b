"""From what went wrong to the HTTP status a user gets: one table for the API, the UI and the CLI.

The layers below (sbom/, the store, the evaluation pool) say *what* went wrong with a
`sbom.errors.Kind`; this table is the only place that knows which status each kind earns.
service/api/problems.py answers with it; the UI pages show it; `cleangate check --format json`
reports it per failed manifest, so all three say the same number. It imports nothing from
service/api/ so that `cleangate check` does not load FastAPI (tests/test_fast_paths.py).
"""

from __future__ import annotations

from sbom.errors import Kind, Problem

STATUS: dict[Kind, int] = {
    Kind.MALFORMED: 400,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.TOO_LARGE: 413,
    Kind.UNSUPPORTED: 415,
    Kind.INVALID: 422,
    Kind.SIGNATURE_FAILED: 422,
    Kind.FAILED: 500,
    Kind.UPSTREAM_FAILED: 502,
    Kind.UNAVAILABLE: 503,
    Kind.UPSTREAM_TIMEOUT: 504,
}
"""The HTTP status of each kind of refusal: the API answers it, the UI shows it, and the CLI's
JSON output reports it (service/formats/json_format.py), so all three say the same."""


def http_status(exc: Problem) -> int:
    """The status a user gets for `exc`: from `STATUS`, or as received from another gate."""
    return exc.received_status or STATUS[exc.kind]
