"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Each rule the gate evaluated is a reportingDescriptor carrying its title, article and fix, so
code scanning can show the rule help beside the alert; each finding is a result located at the
manifest's line. Waived findings are kept with an external suppression, as SARIF intends, so
the audit trail survives. Manifests that could not be evaluated become tool execution
notifications and `executionSuccessful: false`. Validated against the OASIS schema in
tests/schemas/.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from service import __version__
from service.decision import Finding, RuleOutcome
from service.formats._shared import artifact_path, error_problems, finding_column, finding_file, finding_line
from service.formats.gaps import gaps_data, gaps_lines
from service.formats.interface import Formatter, Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"block": "error", "warn": "warning", "info": "note"}
# GitHub code scanning sorts alerts by this number (0-10) when the rule sets it.
SECURITY_SEVERITY = {"block": "8.0", "warn": "5.0", "info": "1.0"}


def _fingerprint(path: str, f: Finding) -> str:
    return hashlib.sha256(f"{path}|{f.rule}|{f.path}|{f.message}".encode()).hexdigest()


class SarifFormatter(Formatter):
    name = "sarif"

    def render(self, report: Report) -> str:
        rules: dict[str, dict[str, Any]] = {}
        results: list[dict[str, Any]] = []
        notifications: list[dict[str, Any]] = []
        gaps: dict[str, Any] = {}
        for entry in report.entries:
            path = artifact_path(entry.source)
            if entry.error is not None:
                for p in error_problems(entry):
                    notifications.append({
                        "level": report.error_level(entry),
                        "message": {"text": f"{entry.error.title}: {p.pointer or '(document)'}: {p.message}"},
                        "locations": [self._location(artifact_path(p.file) if p.file else path, p.line, p.column)],
                    })
                continue
            assert entry.decision is not None
            if entry.decision.gaps:
                gaps[path] = gaps_data(entry.decision)
                notifications.append({"level": "note", "message": {"text": "\n".join(gaps_lines(entry.decision))},
                                      "locations": [self._location(path, 1, 1)]})
            for outcome in entry.decision.rules:
                rules.setdefault(outcome.rule, self._descriptor(outcome, None))
            for f in entry.decision.findings:
                descriptor = rules.setdefault(f.rule, self._descriptor(None, f))
                self._enrich(descriptor, f)
                results.append(self._result(f, finding_file(f, path), list(rules).index(f.rule)))
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "cleangate",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/cleangate/",
                "rules": list(rules.values()),
            }},
            "invocations": [{
                "executionSuccessful": not any(report.error_level(e) == "error" for e in report.entries if e.error),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }
        if gaps:
            run["properties"] = {"gaps_by_regulation": gaps}
        return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def _descriptor(outcome: RuleOutcome | None, f: Finding | None) -> dict[str, Any]:
        source = outcome or f
        assert source is not None
        return {
            "id": source.rule,
            "name": source.rule.replace("-", ""),
            "shortDescription": {"text": source.title},
            "fullDescription": {"text": f"{source.regulation} {source.reference}: {source.title}".strip()},
            "defaultConfiguration": {"level": LEVEL[source.severity]},
            "properties": {
                "tags": ["compliance", source.regulation],
                "security-severity": SECURITY_SEVERITY[source.severity],
            },
        }

    @staticmethod
    def _enrich(descriptor: dict[str, Any], f: Finding) -> None:
        """Outcomes carry no remediation or URL; the first finding of a rule supplies them."""
        if f.url and "helpUri" not in descriptor:
            descriptor["helpUri"] = f.url
        if f.remediation and "help" not in descriptor:
            descriptor["help"] = {
                "text": f"{f.remediation}",
                "markdown": f"**{f.regulation} {f.reference}**\n\n{f.remediation}"
                + (f"\n\n[Legal text]({f.url})" if f.url else ""),
            }

    @staticmethod
    def _location(path: str, line: int, column: int) -> dict[str, Any]:
        # Repository-relative paths stay relative (code scanning resolves them); others become file: URIs.
        uri = Path(path).as_uri() if Path(path).is_absolute() else path
        return {"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": line, "startColumn": column},
        }}

    def _result(self, f: Finding, path: str, index: int) -> dict[str, Any]:
        location = self._location(path, finding_line(f), finding_column(f))
        location["logicalLocations"] = [{"fullyQualifiedName": f.path or "/", "kind": "member"}]
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index,
            "level": LEVEL[f.severity],
            "message": {"text": f"{f.title}: {f.message}" + (f" Fix: {f.remediation}" if f.remediation else "")},
            "locations": [location],
            "partialFingerprints": {"cleangateFinding/v1": _fingerprint(path, f)},
            "properties": {"regulation": f.regulation, "reference": f.reference, "pointer": f.path},
        }
        if f.waived:
            result["suppressions"] = [{"kind": "external", "justification": f"waiver {f.waiver_id or ''}".strip()}]
        return result
