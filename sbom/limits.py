"""Limits that keep a hostile manifest from costing more than a fair one.

A gate shared by many pipelines must refuse a 50 MB body, a 10,000-deep nesting or a YAML
"billion laughs" quickly and with a reason, before anything allocates in proportion to the
attack. The defaults are far above any real AI-BOM (the largest example here is ~20 KB) and
are overridable through settings. They are sized for linear work: every step from parsing to
line mapping costs time proportional to the manifest (bench/bench_scaling.py), so a manifest
with 10,000 datasets (~5-7 MiB, ~220,000 values) or a CycloneDX BOM with 10,000 components
(~3 MiB) is accepted and judged in seconds, and one at the limit costs a bounded multiple.
"""

from __future__ import annotations

from dataclasses import dataclass

from sbom.errors import FieldProblem, ManifestTooLarge


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 500_000
    """Scalars, lists and mappings after YAML aliases are expanded."""


DEFAULT_LIMITS = Limits()


SIZE_SETTING = "CLEANGATE_MAX_BODY_BYTES"
"""The setting that carries `Limits.max_bytes`, named in every refusal so a user knows what to raise."""


class TooLarge(ManifestTooLarge):
    """The one refusal of an oversized manifest or request body, from the parser or the HTTP layer.

    `size` may be a lower bound (a body cut off while streaming), hence "or more".
    """

    def __init__(self, size: int, limit: int, what: str = "manifest", setting: str = SIZE_SETTING) -> None:
        super().__init__(size, limit)
        self.title = f"{what} is too large: {size} bytes or more; the limit is {limit} bytes ({setting})"
        self.problems = [FieldProblem("", "too large", f"at most {limit} bytes")]
        self.limit = limit


def check_size(size: int, limit: int, what: str = "manifest", setting: str = SIZE_SETTING) -> None:
    """Refuse `size` bytes over `limit`: the one size check the parser and the HTTP layer share."""
    if size > limit:
        raise TooLarge(size, limit, what, setting)
