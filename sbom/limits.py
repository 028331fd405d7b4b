"""Limits that keep a hostile manifest from costing more than a fair one.

A gate shared by many pipelines must refuse a 50 MB body, a 10,000-deep nesting or a YAML
"billion laughs" quickly and with a reason, before anything allocates in proportion to the
attack. The defaults are far above any real AI-BOM (the largest example here is ~20 KB) and
are overridable through settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000
    """Scalars, lists and mappings after YAML aliases are expanded."""


DEFAULT_LIMITS = Limits()
