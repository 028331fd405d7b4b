"""JUnit XML for GitLab's test report (and any CI that reads Surefire-style results).

One test suite per manifest, one test case per rule the gate evaluated, so the test report
reads as a checklist: a blocking rule is a failure carrying its findings, a rule that does not
apply is skipped, a rule that could not be evaluated is an error. Warnings are failures only
under `--fail-on-warn` (when they fail the pipeline); otherwise they pass with the warning in
system-out, so the report never shows red for a job that went green. Test case names carry
the manifest (GitLab drops duplicates across suites) and each case has `file`, which GitLab
shows; apart from that testcase attribute, which the Surefire schema lacks, the output is
validated against the Jenkins/Surefire junit-10.xsd in tests/schemas/.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from service.decision import Decision, Finding, RuleOutcome
from service.formats._shared import artifact_path, error_problems, finding_line
from service.formats.gaps import gaps_lines
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.sanitize import xml
from service.severity import SEVERITIES


def _finding_text(f: Finding, path: str) -> str:
    lines = [
        f"{f.severity.upper()} {f.rule}: {f.title}" + (" [waived]" if f.waived else ""),
        f"  {f.regulation} {f.reference}".rstrip(),
        f"  at {f.path or '/'} ({path} line {finding_line(f)})",
        f"  {f.message}",
    ]
    if f.remediation:
        lines.append(f"  fix: {f.remediation}")
    if f.url:
        lines.append(f"  see: {f.url}")
    return "\n".join(lines)


class JunitFormatter(Formatter):
    name = "junit"

    def render(self, report: Report) -> str:
        root = ET.Element("testsuites", name="cleangate")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for entry in report.entries:
            suite = self._suite(entry, report)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            root.append(suite)
        for key, value in totals.items():
            root.set(key, str(value))
        for element in root.iter():  # manifest strings may hold characters XML 1.0 cannot (NUL, ESC)
            if element.text:
                element.text = xml(element.text)
            for attribute, text in element.attrib.items():
                element.set(attribute, xml(text))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def _suite(self, entry: ReportEntry, report: Report) -> ET.Element:
        path = artifact_path(entry.source)
        suite = ET.Element("testsuite", name=f"cleangate: {path}", file=path)
        if entry.error is not None:
            case = ET.SubElement(suite, "testcase", name=f"{path}: manifest can be evaluated", classname=path,
                                 file=path)
            problems = "\n".join(f"{p.pointer or '(document)'} (line {p.line}): {p.message}"
                                 for p in error_problems(entry))
            if report.error_level(entry) == "error":
                element = ET.SubElement(case, "error", type="error", message=entry.error.title)
                element.text = problems
                counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
            else:
                skipped = ET.SubElement(case, "skipped", message=f"not checked: {entry.error.title}")
                skipped.text = problems
                counts = {"tests": 1, "failures": 0, "errors": 0, "skipped": 1}
        else:
            assert entry.decision is not None
            counts = self._cases(suite, entry.decision, path, report.fail_on_warn)
            if entry.decision.gaps:
                ET.SubElement(suite, "system-out").text = "\n".join(gaps_lines(entry.decision))
            suite.set("time", f"{entry.decision.evaluation_ms / 1000:.3f}")
            suite.set("timestamp", entry.decision.created_at)
        for key, value in counts.items():
            suite.set(key, str(value))
        return suite

    def _cases(self, suite: ET.Element, d: Decision, path: str, fail_on_warn: bool) -> dict[str, int]:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        by_rule: dict[str, list[Finding]] = {}
        for f in d.findings:
            by_rule.setdefault(f.rule, []).append(f)
        outcomes = list(d.rules)
        known = {r.rule for r in outcomes}
        # A finding whose rule is missing from the outcomes (should not happen) still gets a case.
        outcomes += [
            RuleOutcome(rule=f.rule, title=f.title, regulation=f.regulation, reference=f.reference,
                        severity=f.severity, status="failed")
            for rule, fs in by_rule.items() if rule not in known for f in fs[:1]
        ]
        for rule in outcomes:
            counts["tests"] += 1
            # The manifest is in the name: GitLab keeps one of several test cases with the same
            # name, so without it a pass in one manifest could hide a failure in another.
            case = ET.SubElement(suite, "testcase", name=f"{rule.rule}: {rule.title} ({path})",
                                 classname=f"{rule.regulation} {rule.reference}".strip(), file=path)
            findings = by_rule.get(rule.rule, [])
            body = "\n\n".join(_finding_text(f, path) for f in findings)
            active = [f for f in findings if not f.waived]
            if rule.status == "error":
                counts["errors"] += 1
                ET.SubElement(case, "error", type="error", message="the rule could not be evaluated").text = body
            elif rule.status == "not_applicable":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message="not applicable")
            elif active and (worst := _worst(active)) in ("block", *(("warn",) if fail_on_warn else ())):
                # The findings' severity, not the rule's: an undetermined duty lowered to warn by the
                # organisation's setting fails only under --fail-on-warn.
                counts["failures"] += 1
                message = f"{len(active)} finding(s): " + "; ".join(f.message for f in active)[:500]
                ET.SubElement(case, "failure", type=worst, message=message).text = body
            elif body:
                ET.SubElement(case, "system-out").text = body
        return counts


def _worst(findings: list[Finding]) -> str:
    return next(s for s in SEVERITIES if any(f.severity == s for f in findings))
