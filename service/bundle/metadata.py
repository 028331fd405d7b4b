"""Read OPA METADATA annotations from Rego source.

Neither regorus nor OPA's REST API hands annotations back, so the catalogue reads them where
they live: YAML in the comment block that starts with `# METADATA`, attached to the statement
that follows it (a `package` line or a rule head). Rules that carry `custom.id` are the
catalogue; everything else is a helper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from service.bundle.rego_source import package_name, rule_name
from service.severity import SEVERITY_BY_KIND

# libyaml when available: METADATA of ~250 rules took 0.45 s with the pure-Python loader, most
# of `cleangate check`'s wall time.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    kind: str
    """The partial set the rule adds to: deny (block), warn or info."""
    package: str
    title: str
    description: str
    regulation: str
    reference: str
    severity: str
    remediation: str
    url: str | None
    applies_when: str | None
    file: str
    line: int

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id, "regulation": self.regulation, "reference": self.reference, "severity": self.severity,
            "title": self.title, "description": self.description, "remediation": self.remediation, "url": self.url,
            "applies_when": self.applies_when, "package": self.package, "file": self.file, "line": self.line,
        }


@dataclass
class Annotation:
    file: str
    line: int
    target: str
    """"package" or the rule name the block annotates."""
    package: str
    fields: dict[str, Any]
    is_test: bool
    problems: list[str] = field(default_factory=list)
    rule: RuleInfo | None = None


def parse_annotations(path: str, source: str, is_test: bool = False) -> list[Annotation]:
    lines = source.splitlines()
    package = package_name(source)
    out: list[Annotation] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "# METADATA":
            i += 1
            continue
        start = i
        block: list[str] = []
        i += 1
        while i < len(lines) and lines[i].lstrip().startswith("#"):
            text = lines[i].lstrip()[1:]
            block.append(text[1:] if text.startswith(" ") else text)
            i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        head = lines[i].strip() if i < len(lines) else ""
        out.append(_annotation(path, start + 1, head, package, "\n".join(block), is_test))
    return out


def _annotation(path: str, line: int, head: str, package: str, text: str, is_test: bool) -> Annotation:
    problems: list[str] = []
    try:
        fields = yaml.load(text, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        fields, problems = {}, [f"METADATA is not valid YAML: {str(exc).splitlines()[0]}"]
    if not isinstance(fields, dict):
        fields, problems = {}, ["METADATA must be a YAML mapping"]
    target = "package" if head.startswith("package ") else rule_name(head)
    annotation = Annotation(path, line, target, package, fields, is_test, problems)
    custom: dict[str, Any] = fields["custom"] if isinstance(fields.get("custom"), dict) else {}
    if target != "package" and custom.get("id"):
        resources = fields.get("related_resources") or []
        url = next((r.get("ref") for r in resources if isinstance(r, dict) and r.get("ref")), None)
        annotation.rule = RuleInfo(
            id=str(custom["id"]),
            kind=target,
            package=package,
            title=str(fields.get("title", "")),
            description=str(fields.get("description", "")).strip(),
            regulation=str(custom.get("regulation", "")),
            reference=str(custom.get("reference", "")),
            severity=str(custom.get("severity", SEVERITY_BY_KIND.get(target, ""))),
            remediation=str(custom.get("remediation", "")).strip(),
            url=url,
            applies_when=(str(custom["applies_when"]).strip() if custom.get("applies_when") else None),
            file=path,
            line=line,
        )
    return annotation


REQUIRED_RULE_FIELDS = ("title", "description", "related_resources")
REQUIRED_CUSTOM_FIELDS = ("id", "regulation", "reference", "severity", "remediation")


def check_annotation(annotation: Annotation) -> list[str]:
    """What a finding-producing rule's METADATA lacks; `cleangate policy check` reports these."""
    problems = list(annotation.problems)
    if annotation.target not in SEVERITY_BY_KIND:
        return problems
    for key in REQUIRED_RULE_FIELDS:
        if not annotation.fields.get(key):
            problems.append(f"missing {key}")
    custom: dict[str, Any] = annotation.fields["custom"] if isinstance(annotation.fields.get("custom"), dict) else {}
    for key in REQUIRED_CUSTOM_FIELDS:
        if not custom.get(key):
            problems.append(f"missing custom.{key}")
    severity = custom.get("severity")
    if severity and severity != SEVERITY_BY_KIND[annotation.target]:
        problems.append(
            f"custom.severity {severity!r} does not match the rule kind {annotation.target!r} "
            f"(expected {SEVERITY_BY_KIND[annotation.target]!r})"
        )
    return problems
