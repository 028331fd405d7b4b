"""How serious a finding is, and the facts that follow from it, in one place.

The finding set a rule adds to fixes its severity (`deny` blocks), the catalogue, the linter
and the gate all read that mapping here, and every list of findings is ranked by the one order
below. Formats keep their own display words (SARIF levels, badges): those are presentation.
This module imports nothing heavy, so the policy bundle can use it without loading the API's
models.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["block", "warn", "info"]

SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
"""Most serious first: the order findings are listed, ranked and kept in."""
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
SEVERITY_BY_KIND: dict[str, Severity] = {"deny": "block", "warn": "warn", "info": "info"}
"""The finding set a rule adds to fixes its severity; METADATA's custom.severity must agree."""
