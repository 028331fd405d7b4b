"""The completeness block: which rules are undetermined and the exact facts that decide them,
grouped by regulation, so a team sees in one screen what to add (`check --explain-gaps`).

Every format shows the same block from the same function (text, markdown, GitHub notices, the
JUnit suite's system-out, SARIF run properties, JSON), so they cannot tell different stories.
"""

from __future__ import annotations

from service.decision import Decision, Gap


def by_regulation(decision: Decision) -> dict[str, list[Gap]]:
    """Gaps grouped by the regulations whose rules they decide (a gap may appear under several)."""
    groups: dict[str, list[Gap]] = {}
    for gap in decision.gaps:
        for regulation in gap.regulations or ["other"]:
            groups.setdefault(regulation, []).append(gap)
    return dict(sorted(groups.items()))


def where_to_state(decision: Decision, gap: Gap) -> str:
    """Where the team writes the fact: the facts file, the native manifest, or a BOM property."""
    parts = gap.fact.lstrip("/").split("/")
    if len(parts) > 2 and parts[0] in ("models", "datasets") and parts[1].isdigit():
        # A facts file names models and datasets by name, not by position.
        dotted = f"{parts[0]}[{parts[1]}].{'.'.join(parts[2:])} (under `{parts[0]}:`, the entry with its name)"
    else:
        dotted = ".".join(parts)
    if decision.manifest.facts:
        return f"{dotted} in {decision.manifest.facts}"
    if decision.manifest.format == "cyclonedx":
        return f"{dotted} in a facts file (--facts, or a cleangate.yaml with bom:), or a cleangate: property"
    return f"{dotted} in the manifest"


def gaps_lines(decision: Decision) -> list[str]:
    """The block as plain lines; empty when every rule was decided."""
    if not decision.gaps:
        return []
    rules = sorted({r for g in decision.gaps for r in g.rules})
    lines = [f"Undetermined: {len(rules)} rule{'s' if len(rules) != 1 else ''} until "
             f"{len(decision.gaps)} fact{'s are' if len(decision.gaps) != 1 else ' is'} stated"]
    for regulation, gaps in by_regulation(decision).items():
        lines.append(f"{regulation}:")
        for gap in gaps:
            shown = ", ".join(gap.rules[:6]) + (f" (+{len(gap.rules) - 6} more)" if len(gap.rules) > 6 else "")
            lines.append(f"  {gap.fact}: {gap.expected}; decides {shown}")
            lines.append(f"    why: {gap.why}; state it as {where_to_state(decision, gap)}")
    return lines


def gaps_data(decision: Decision) -> dict[str, list[dict[str, object]]]:
    """The block as data (JSON, SARIF): regulation -> facts with what they take and decide."""
    return {regulation: [{"fact": g.fact, "expected": g.expected, "rules": g.rules, "why": g.why,
                          "state_as": where_to_state(decision, g)} for g in gaps]
            for regulation, gaps in by_regulation(decision).items()}
