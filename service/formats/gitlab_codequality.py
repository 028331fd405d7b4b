"""GitLab Code Quality report (the CodeClimate subset GitLab documents) for the MR widget.

GitLab reads a JSON array of issues with description, check_name, fingerprint, severity and
location.path/lines.begin, and shows new and resolved issues in the merge request by comparing
fingerprints between the branches, so a fingerprint depends only on what the finding is (file,
rule, pointer, message), never on the run. Severities: block -> blocker, warn -> major,
info -> info. Waived findings are left out: they do not need fixing in this merge request.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from service.formats._shared import artifact_path, error_problems, finding_file, finding_line, finding_text
from service.formats.interface import Formatter, Report

SEVERITY = {"block": "blocker", "warn": "major", "info": "info"}


def _fingerprint(*parts: str) -> str:
    return hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()


class GitlabCodeQualityFormatter(Formatter):
    name = "gitlab-codequality"

    def render(self, report: Report) -> str:
        issues: list[dict[str, Any]] = []
        for entry in report.entries:
            path = artifact_path(entry.source)
            if entry.error is not None:
                severity = "major" if report.error_level(entry) == "warning" else "blocker"
                for p in error_problems(entry):
                    issues.append(self._issue(
                        f"{entry.error.title}: {p.pointer or '(document)'}: {p.message}",
                        "cleangate/manifest-error", path, p.line, severity,
                        _fingerprint(path, "error", p.pointer, p.message),
                    ))
                continue
            assert entry.decision is not None
            for f in entry.decision.findings:
                if f.waived:
                    continue
                issues.append(self._issue(
                    f"{f.rule} {f.title}: {finding_text(f)}", f.rule, finding_file(f, path), finding_line(f),
                    SEVERITY[f.severity],
                    _fingerprint(path, f.rule, f.path, f.message),
                ))
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def _issue(description: str, check: str, path: str, line: int, severity: str, fingerprint: str) -> dict[str, Any]:
        return {
            "type": "issue",
            "description": description,
            "check_name": check,
            "categories": ["Compliance"],
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": path, "lines": {"begin": line}},
        }
