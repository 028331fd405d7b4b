"""The starter facts file `cleangate bom init --from aibom.cdx.json` writes.

A generated BOM describes models and datasets; the gate still needs the deployment facts no
generator knows. This file lists exactly those the policies reported as missing for *this* BOM
(the decision's gaps), plus the few that decide whether the AI Act applies at all, each as a
commented placeholder with what it takes and which rules it decides, so the team uncomments
and fills in lines instead of reading the field reference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

BASELINE: list[tuple[str, str, str]] = [
    ("/system/roles", "a list of provider, deployer, importer, distributor, downstream-provider, gpai-provider",
     "your organisation's AI Act roles decide which duties are yours"),
    ("/system/deployment/regions", "ISO 3166-1 alpha-2 codes or EU, e.g. [DE, FR]",
     "the AI Act and the GDPR apply where the system reaches people"),
    ("/system/capabilities/interacts_with_persons", "true or false",
     "Art 50(1): people must be told they are dealing with an AI system"),
    ("/system/capabilities/synthetic_output_modalities", "a list of text, image, audio, video",
     "Art 50(2): generated content must be marked"),
]


@dataclass
class Placeholder:
    fact: str
    expected: str
    why: str
    rules: list[str] = field(default_factory=list)


def starter_facts(bom_reference: str, system_name: str | None, placeholders: list[Placeholder],
                  stated: set[str], names: dict[str, str] | None = None) -> str:
    """YAML text: apiVersion, bom, the system name, then every placeholder commented out."""
    wanted = {p.fact: p for p in placeholders}
    for fact, expected, why in BASELINE:
        wanted.setdefault(fact, Placeholder(fact, expected, why))
    lines = [
        f"# Deployment facts for {bom_reference}, merged with it by `cleangate check` (docs/input.md).",
        "# Uncomment each line and fill it in; a fact left out stays missing, and the rules it decides stay",
        "# undetermined (a blocking duty then blocks). A fact the BOM states already must not differ here.",
        "apiVersion: cleangate/v1",
        f"bom: {json.dumps(bom_reference)}",
    ]
    tree: dict[str, object] = {}
    for fact in sorted(wanted):
        if fact in stated or fact == "/system/name":
            continue
        node = tree
        parts = [p for p in fact.split("/")[1:] if not p.isdigit()]
        if not parts or len(parts) != len(fact.split("/")[1:]):
            continue  # facts about one model or dataset are listed as comments below
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            node = child if isinstance(child, dict) else {}
        node[parts[-1]] = wanted[fact]
    system = tree.pop("system", {})
    lines.append("system:")
    lines.append(f"  name: {json.dumps(system_name or 'My AI system')}")
    if isinstance(system, dict):
        lines += _render(system, 1)
    for key, value in tree.items():
        lines.append(f"# {key}:")
        lines += _render(value, 1) if isinstance(value, dict) else []
    items: dict[tuple[str, str], list[tuple[str, Placeholder]]] = {}
    for fact, placeholder in sorted(wanted.items()):
        parts = fact.split("/")[1:]
        if len(parts) > 2 and parts[0] in ("models", "datasets") and parts[1].isdigit() and fact not in stated:
            items.setdefault((parts[0], parts[1]), []).append((".".join(parts[2:]), placeholder))
    for section in ("models", "datasets"):
        entries = [(index, facts) for (kind, index), facts in items.items() if kind == section]
        if not entries:
            continue
        lines.append(f"# {section}:  (matched to the BOM's {section} by name)")
        for index, facts in entries:
            name = (names or {}).get(f"/{section}/{index}", f"<{section[:-1]} {index}>")
            lines.append(f"#   - name: {json.dumps(name)}")
            for key, placeholder in facts:
                lines.append(f"#     # {placeholder.why}")
                lines.append(f"#     {key}: <{placeholder.expected}>")
    return "\n".join(lines) + "\n"


def _render(node: dict[str, object], depth: int) -> list[str]:
    out = []
    pad = "  " * depth
    for key, value in node.items():
        if isinstance(value, Placeholder):
            decides = f"; decides {', '.join(value.rules[:6])}" if value.rules else ""
            out.append(f"{pad}# {value.why}{decides}")
            out.append(f"{pad}# {key}: <{value.expected}>")
        elif isinstance(value, dict):
            out.append(f"{pad}# {key}:")
            out += _render(value, depth + 1)
    return out
