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


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 500_000
    """Scalars, lists and mappings after YAML aliases are expanded."""


DEFAULT_LIMITS = Limits()
