"""A stored decision is bounded by the manifest it judged, never unboundedly larger.

Findings and gaps are what grow with a manifest (one per component, dataset or missing fact);
a manifest of many small components could otherwise make a decision many times its own size,
stored (and returned, and attested) in full. The budget is linear in the manifest: at most
`FACTOR` times its bytes, and never less than `FLOOR` so that an ordinary manifest keeps every
finding. Over budget, findings are kept by severity (block, then warn, then info, each in
order) and gaps after them until the budget is spent; `findings_omitted`/`gaps_omitted` say how
many were left out. The verdict, summary and rule outcomes are never cut: a bounded decision
still blocks what the full one blocked. The work is linear: each item is serialised once.
"""

from __future__ import annotations

from service.decision import Decision
from service.severity import SEVERITY_RANK

FLOOR = 512 * 1024
FACTOR = 16


def budget_for(manifest_bytes: int) -> int:
    return max(FLOOR, FACTOR * manifest_bytes)


def bound(decision: Decision, manifest_bytes: int, budget: int | None = None) -> Decision:
    """The decision itself when it fits, else a copy with the findings and gaps that fit."""
    limit = budget_for(manifest_bytes) if budget is None else budget
    if len(decision.model_dump_json()) <= limit:
        return decision
    base = decision.model_copy(update={"findings": [], "gaps": [],
                                       "findings_omitted": len(decision.findings),
                                       "gaps_omitted": len(decision.gaps)})
    room = limit - len(base.model_dump_json())
    findings = decision.findings
    ranked = sorted(range(len(findings)), key=lambda i: (SEVERITY_RANK.get(findings[i].severity, 3), i))
    kept: list[int] = []
    for i in ranked:
        size = len(decision.findings[i].model_dump_json()) + 1  # the comma
        if size > room:
            break
        room -= size
        kept.append(i)
    gaps = []
    for gap in decision.gaps if len(kept) == len(ranked) else []:
        size = len(gap.model_dump_json()) + 1
        if size > room:
            break
        room -= size
        gaps.append(gap)
    findings = [decision.findings[i] for i in sorted(kept)]
    return decision.model_copy(update={"findings": findings, "gaps": gaps,
                                       "findings_omitted": len(decision.findings) - len(findings),
                                       "gaps_omitted": len(decision.gaps) - len(gaps)})
