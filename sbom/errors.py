"""Errors a manifest can earn, each naming where it went wrong and what was expected.

Every loader raises `ManifestError` (never a bare library exception) so that the CLI can exit 2
and the HTTP API can answer 4xx with the same words. A loader says *what* went wrong (a `Kind`:
malformed syntax, unsupported format, too large, not matching the schema, ...), never which HTTP
status that earns: the API maps kinds to statuses in one table (service/api/problems.py), so
sbom/ knows nothing of HTTP and the loaders stay the single place that knows *why* an input is
refused.

`Problem` is the base of every refusal the gate explains (this module, the store's `StoreError`,
the evaluation pool's `EvaluationUnavailable`, the API's own): a title, `errors[]` naming fields,
an optional machine-readable `code`. It lives here because sbom/ must not import service/.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one place in the manifest."""

    pointer: str
    """RFC 6901 JSON pointer into the submitted manifest ("" is the whole document)."""
    message: str
    expected: str | None = None
    file: str | None = None
    """The file the pointer is into, when it is not the document that was submitted first."""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.pointer or "(document)"
        if self.file:
            where = f"{self.file} {where}"
        if self.line is not None:
            where += f" (line {self.line})"
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}: {self.message}{tail}"


MAX_PROBLEMS = 50
"""Problems one error report lists; the rest are counted, so a small request cannot buy a huge
answer (1.7 MB of unknown keys once produced a 23.8 MB error response)."""
MAX_MESSAGE = 500


def capped(problems: list[FieldProblem]) -> list[FieldProblem]:
    """At most MAX_PROBLEMS problems with messages of at most MAX_MESSAGE characters, plus one
    entry that says how many were left out."""
    shown = [p if len(p.message) <= MAX_MESSAGE and len(p.expected or "") <= MAX_MESSAGE
             else replace(p, pointer=p.pointer[:MAX_MESSAGE], message=p.message[:MAX_MESSAGE - 1] + "…",
                          expected=(p.expected or "")[:MAX_MESSAGE] or None)
             for p in problems[:MAX_PROBLEMS]]
    already_counted = len(problems) == MAX_PROBLEMS + 1 and problems[-1].message.startswith("... and ")
    if already_counted:  # sbom.validation counted the rest without building them
        return [*shown, problems[-1]]
    if len(problems) > MAX_PROBLEMS:
        left = len(problems) - MAX_PROBLEMS
        shown.append(FieldProblem("", f"... and {left} more problem{'s' if left != 1 else ''} not listed"))
    return shown


class Kind(StrEnum):
    """What went wrong, in the domain's words; service/api/problems.py maps each to a status."""

    MALFORMED = "malformed"
    """Not parseable or readable as submitted: bad JSON/YAML/XML syntax, empty, duplicate keys,
    DTDs, a file that cannot be read."""
    FORBIDDEN = "forbidden"
    """Understood, but the caller may not ask for it (e.g. backdating without the scope)."""
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    """Contradicts the gate's state (already revoked, name already used)."""
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    """A format or media type the gate does not read."""
    INVALID = "invalid"
    """Parsed, but does not match the schema or the rules for its fields."""
    SIGNATURE_FAILED = "signature_failed"
    """A signature that does not verify (refused as invalid input, never as a pass)."""
    FAILED = "failed"
    """The gate failed on this input (a worker crashed or raised)."""
    UNAVAILABLE = "unavailable"
    """Not evaluated now (database down, no worker free, time budget exceeded): try again."""
    UPSTREAM_FAILED = "upstream_failed"
    """A remote gate broke the connection after the request was sent."""
    UPSTREAM_TIMEOUT = "upstream_timeout"
    """A remote gate accepted the request but gave no answer in time."""


class Problem(Exception):
    """A refusal that explains itself: what kind, a title, the fields at fault.

    Subclasses set `kind`, `title` and `errors` (ManifestError's are its `problems`); `detail`
    and `code` default to none. `retry_after` (seconds) marks a refusal a client may retry."""

    title: str
    kind: Kind = Kind.INVALID
    code: str | None = None
    retry_after: int | None = None
    received_status: int | None = None
    """Only for a status another gate answered (service/cli/remote.py): reported as received."""

    @property
    def errors(self) -> list[FieldProblem]:
        return []

    @property
    def detail(self) -> str | None:
        return None


@dataclass
class ManifestError(Problem):
    """A manifest that cannot be evaluated as submitted."""

    title: str
    problems: list[FieldProblem] = field(default_factory=list)
    kind: Kind = Kind.INVALID
    received_status: int | None = None

    @property
    def errors(self) -> list[FieldProblem]:
        return self.problems

    @property
    def detail(self) -> str | None:
        return str(self.problems[0])[:MAX_MESSAGE] if self.problems else None

    def __str__(self) -> str:
        if not self.problems:
            return self.title
        lines = [self.title, *(f"  - {p}" for p in self.problems[:20])]
        if len(self.problems) > 20:
            lines.append(f"  ... and {len(self.problems) - 20} more")
        return "\n".join(lines)


class ManifestTooLarge(ManifestError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"manifest is {size} bytes; the limit is {limit} bytes",
            [FieldProblem("", "too large", f"at most {limit} bytes")],
            kind=Kind.TOO_LARGE,
        )


EXPECTED_FORMATS = ("a CycloneDX 1.5-1.7 BOM (JSON or XML), an SPDX 3.0.1 JSON-LD document (AI and Dataset "
                    "profiles) or a cleangate.yaml with apiVersion: cleangate/v1")


class UnsupportedFormat(ManifestError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            "unknown manifest format",
            [FieldProblem("", detail, EXPECTED_FORMATS)],
            kind=Kind.UNSUPPORTED,
        )


def pointer_from_parts(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Build an RFC 6901 pointer; `~` and `/` in keys are escaped as the RFC says."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
