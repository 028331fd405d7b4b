"""docs/policies.md: the rule catalogue as a Markdown page, generated from METADATA.

Legal engineers review the catalogue, not the Rego; generating it from the annotations the gate
itself reads keeps the page and the decisions from drifting apart. The output is deterministic
(no dates, sorted), so a test can tell when the committed page is stale.
"""

from __future__ import annotations

from service.bundle.bundle import PolicyBundle
from service.bundle.metadata import RuleInfo

HEADER = """# Policy catalogue

Generated from the policies' METADATA by `cleangate policy docs`; do not edit by hand
(`cleangate policy docs --check` fails when this page is stale).
Severity: **block** fails the gate, **warn** passes with a warning, **info** is for the record.
"""

def _cell(text: str | None) -> str:
    """One table cell: a single line, pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def _unique(rules: list[RuleInfo]) -> list[RuleInfo]:
    seen: set[str] = set()
    out = []
    for rule in rules:
        if rule.id not in seen:
            seen.add(rule.id)
            out.append(rule)
    return out


def render(bundle: PolicyBundle) -> str:
    rules = _unique(bundle.rules)
    by_regulation: dict[str, list[RuleInfo]] = {}
    for rule in rules:
        by_regulation.setdefault(rule.regulation or "(no regulation)", []).append(rule)
    out = [HEADER, f"{len(rules)} rules in {len(by_regulation)} regulations.\n"]
    for regulation in sorted(by_regulation):
        out.append(f"## {regulation}\n")
        out.append("| id | title | regulation | reference | severity | applies when | remediation |")
        out.append("|---|---|---|---|---|---|---|")
        for rule in sorted(by_regulation[regulation], key=lambda r: r.id):
            rule_id = f"[{rule.id}]({rule.url})" if rule.url else rule.id
            out.append(
                f"| {_cell(rule_id)} | {_cell(rule.title)} | {_cell(rule.regulation)} | {_cell(rule.reference)} | "
                f"{_cell(rule.severity)} | {_cell(rule.applies_when)} | {_cell(rule.remediation)} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
