"""Undetermined: a missing deciding fact is reported, blocks by default, and is never a pass.

An organisation package (beside the built-in ones) reports two rules undetermined on the same
missing fact; the decision must say so in the finding, the rule status, the summary and one gap,
and every human-readable format must tell the user which fact to state.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.cli.main import main
from service.decision import Decision
from service.formats import FORMATS
from service.formats.interface import Report, ReportEntry
from service.gate import Gate

ORG_POLICY = '''
package acme.reach

import rego.v1

# METADATA
# title: Models need an owner in the EU
# description: Every model distributed in the EU names an EU owner.
# related_resources:
#   - ref: https://intranet.example/ai-standard#owner
# custom:
#   id: ORG-EU-OWNER
#   regulation: Acme AI standard
#   reference: Section 4.2
#   severity: block
#   remediation: Add extensions.eu_owner.
deny contains finding if {
    input.extensions.region == "EU"
    not input.extensions.eu_owner
    finding := data.cleangate.lib.finding("ORG-EU-OWNER", "/extensions", "no EU owner")
}

# METADATA
# title: Models need a hotline in the EU
# description: Every model distributed in the EU names a hotline.
# related_resources:
#   - ref: https://intranet.example/ai-standard#hotline
# custom:
#   id: ORG-EU-HOTLINE
#   regulation: Acme AI standard
#   reference: Section 4.3
#   severity: block
#   remediation: Add extensions.hotline.
deny contains finding if {
    input.extensions.region == "EU"
    not input.extensions.hotline
    finding := data.cleangate.lib.finding("ORG-EU-HOTLINE", "/extensions", "no hotline")
}

# METADATA
# title: Region not stated
# description: Without the region neither rule can tell whether it applies.
undetermined contains u if {
    not input.extensions.region
    some rule in ["ORG-EU-OWNER", "ORG-EU-HOTLINE"]
    u := data.cleangate.lib.undetermined_fact(rule, "/extensions/region", "EU or another region code",
        "the Acme standard binds only models distributed in the EU")
}

applies contains "ORG-EU-OWNER" if input.extensions.region == "EU"

applies contains "ORG-EU-HOTLINE" if input.extensions.region == "EU"
'''

MANIFEST = textwrap.dedent("""\
    apiVersion: cleangate/v1
    system:
      name: Reach test
      roles: [deployer]
      established_in_eu: false
      deployment: {regions: [US]}
      capabilities: {interacts_with_persons: false}
    extensions:
      owner: platform
""")


def _org(tmp_path: Path, source: str = ORG_POLICY) -> Path:
    folder = tmp_path / "org"
    (folder / "acme").mkdir(parents=True)
    (folder / "acme" / "reach.rego").write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return folder


def _decide(tmp_path: Path, manifest: str = MANIFEST, severity: str | None = None) -> Decision:
    overrides = []
    if severity is not None:
        override = tmp_path / "org-settings.json"
        override.write_text(json.dumps({"cleangate": {"config": {"undetermined_severity": severity}}}))
        overrides.append(override)
    gate = Gate(load_bundle([_org(tmp_path)], data_overrides=overrides))
    return gate.evaluate(manifest.encode(), as_of=date(2026, 9, 15), source="cleangate.yaml")


def test_missing_deciding_fact_blocks_and_is_listed_once(tmp_path: Path) -> None:
    d = _decide(tmp_path)
    assert d.verdict == "block"
    org = [f for f in d.findings if f.rule.startswith("ORG-")]
    assert {f.rule for f in org} == {"ORG-EU-OWNER", "ORG-EU-HOTLINE"}
    assert all(f.undetermined and f.severity == "block" for f in org)
    assert org[0].input_path == "/extensions/region"
    assert org[0].path == "/extensions/region"  # where it belongs in the manifest (native: the same)
    assert "binds only models distributed in the EU" in org[0].message
    status = {r.rule: r.status for r in d.rules}
    assert status["ORG-EU-OWNER"] == status["ORG-EU-HOTLINE"] == "undetermined"
    assert d.summary.rules_undetermined == sum(r.status == "undetermined" for r in d.rules) >= 2
    gap = next(g for g in d.gaps if g.fact == "/extensions/region")
    assert gap.rules == ["ORG-EU-HOTLINE", "ORG-EU-OWNER"]
    assert gap.regulations == ["Acme AI standard"]
    assert gap.expected == "EU or another region code"
    assert gap.location is not None and gap.location.line == 8  # `extensions:`, the nearest part that exists
    assert d.undetermined_severity == "block"


def test_stated_fact_decides_the_rule(tmp_path: Path) -> None:
    d = _decide(tmp_path, MANIFEST + "  region: US\n")
    assert not any(f.rule.startswith("ORG-") for f in d.findings)
    assert {r.rule: r.status for r in d.rules}["ORG-EU-OWNER"] == "not_applicable"
    assert not any(g.fact == "/extensions/region" for g in d.gaps)


def test_organisation_can_lower_undetermined_to_warn_and_the_decision_says_so(tmp_path: Path) -> None:
    d = _decide(tmp_path, severity="warn")
    org = [f for f in d.findings if f.rule.startswith("ORG-")]
    assert org and all(f.severity == "warn" and f.undetermined for f in org)
    assert d.undetermined_severity == "warn"
    assert {r.rule: r.status for r in d.rules}["ORG-EU-OWNER"] == "undetermined"


def test_invalid_undetermined_setting_fails_closed(tmp_path: Path) -> None:
    d = _decide(tmp_path, severity="pass")
    assert d.undetermined_severity == "block"
    assert any(f.rule == "CONFIG-INVALID" and "undetermined_severity" in f.message for f in d.findings)


def test_malformed_undetermined_entry_blocks(tmp_path: Path) -> None:
    bad = ORG_POLICY.replace(
        'u := data.cleangate.lib.undetermined_fact(rule, "/extensions/region", "EU or another region code",\n'
        '        "the Acme standard binds only models distributed in the EU")',
        'u := {"rule": rule}',
    )
    gate = Gate(load_bundle([_org(tmp_path, bad)]))
    d = gate.evaluate(MANIFEST.encode(), as_of=date(2026, 9, 15))
    assert d.verdict == "block"
    assert any(f.rule == "CLEANGATE-POLICY-MALFORMED" and "undetermined" in f.message for f in d.findings)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_every_report_says_which_facts_to_state(tmp_path: Path, fmt: str) -> None:
    d = _decide(tmp_path)
    out = FORMATS[fmt]().render(Report([ReportEntry("cleangate.yaml", decision=d, text=MANIFEST)]))
    n = len(d.gaps)
    assert f"these {n} facts to get a verdict" in out or (n == 1 and "this 1 fact to get a verdict" in out)
    assert "/extensions/region" in out
    if fmt == "text":
        assert f"{d.summary.rules_undetermined} undetermined" in out
        assert "[undetermined]" in out


def test_policy_check_accepts_undetermined_sets_and_checks_their_rule_ids(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _org(tmp_path)
    (folder / "acme" / "reach_test.rego").write_text(textwrap.dedent('''
        package acme.reach_test

        import rego.v1

        test_undetermined_without_region if {
            rules := {u.rule | some u in data.acme.reach.undetermined with input as {"extensions": {}}}
            rules == {"ORG-EU-OWNER", "ORG-EU-HOTLINE"}
        }

        # policy check also wants each rule to fire in some test
        test_both_fire_in_the_eu if {
            rules := {f.rule | some f in data.acme.reach.deny with input as {"extensions": {"region": "EU"}}}
            rules == {"ORG-EU-OWNER", "ORG-EU-HOTLINE"}
        }
    '''), encoding="utf-8")
    assert main(["policy", "check", str(folder)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    source = (folder / "acme" / "reach.rego").read_text(encoding="utf-8")
    (folder / "acme" / "reach.rego").write_text(
        source.replace('some rule in ["ORG-EU-OWNER", "ORG-EU-HOTLINE"]\n', "")
        .replace("undetermined_fact(rule,", 'undetermined_fact("ORG-NOPE",')
        .replace("# title: Region not stated\n# description: Without the region neither rule can tell "
                 "whether it applies.\n", "# title: Region not stated\n"), encoding="utf-8")
    source = (folder / "acme" / "reach.rego").read_text(encoding="utf-8")
    (folder / "acme" / "reach.rego").write_text(source.replace("# METADATA\n# title: Region not stated\n", ""),
                                                 encoding="utf-8")
    assert main(["policy", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "undetermined_fact names rule 'ORG-NOPE'" in out
    assert "undetermined set without a METADATA block" in out


def test_judging_date_is_never_the_manifests(gate: Gate) -> None:
    text = MANIFEST + "context:\n  as_of: 2026-07-31\n"
    d = gate.evaluate(text.encode())
    assert d.as_of == date.today().isoformat() != "2026-07-31"
    assert d.as_of_source == "clock"
    assert d.manifest.claimed_as_of == "2026-07-31"
    d = gate.evaluate(text.encode(), as_of=date(2026, 9, 15))
    assert (d.as_of, d.as_of_source) == ("2026-09-15", "caller")
