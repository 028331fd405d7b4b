"""Adding a rule is safe: ids, `applies`, documented inputs and tests are held to METADATA.

Tried as a new contributor would: a rule whose finding says "ACME-l" while its METADATA says
ACME-1 used to pass `cleangate policy check` and decide as a finding with the package name for a
regulation and an empty reference. Now the check names it and the gate blocks it as malformed.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.cli.main import main
from service.gate import Gate


def meta(rule_id: str, kind: str = "deny", inputs: str = "") -> str:
    severity = {"deny": "block", "warn": "warn", "info": "info"}[kind]
    return textwrap.dedent(f'''
        # METADATA
        # title: Rule {rule_id}
        # description: A rule of the Acme standard.
        # related_resources:
        #   - ref: https://intranet.example/acme#{rule_id}
        # custom:
        #   id: {rule_id}
        #   regulation: Acme AI standard
        #   reference: Section 1
        #   severity: {severity}
        #   remediation: Do what section 1 says.
        ''').strip() + inputs + "\n"


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def package(folder: Path, name: str, body: str, tests: str) -> None:
    write(folder, f"{name}/{name}.rego", f"package acme.{name}\n\nimport rego.v1\n\n{body}")
    write(folder, f"{name}/{name}_test.rego", f"package acme.{name}_test\n\nimport rego.v1\n\n{tests}")


TYPO_RULE = meta("ACME-1") + '''deny contains finding if {
	input.extensions.acme == "bad"
	finding := data.cleangate.lib.finding("ACME-l", "/extensions/acme", "the acme setting is bad")
}
'''
TYPO_TEST = '''test_fires if {
	some f in data.acme.typo.deny with input as {"extensions": {"acme": "bad"}}
	f.rule == "ACME-l"
}

test_names_the_rule if "ACME-1" != ""
'''
MANIFEST = {"apiVersion": "cleangate/v1", "extensions": {"acme": "bad"},
            "system": {"name": "probe", "capabilities": {"interacts_with_persons": False,
                                                          "synthetic_output_modalities": []}}}


def check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["policy", "check", str(folder)])
    return code, capsys.readouterr().out


def test_a_mistyped_finding_id_fails_policy_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package(tmp_path, "typo", TYPO_RULE, TYPO_TEST)
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert ("typo/typo.rego:18: emits finding id 'ACME-l', which is not a custom.id of package acme.typo "
            "(did you mean 'ACME-1'?); no package declares it, and the gate blocks such a finding as malformed") in out


def test_a_finding_id_without_metadata_blocks_at_run_time(tmp_path: Path) -> None:
    package(tmp_path, "typo", TYPO_RULE, TYPO_TEST)
    decision = Gate(load_bundle([tmp_path])).evaluate(json.dumps(MANIFEST).encode())
    assert decision.verdict == "block"
    [finding] = [f for f in decision.findings if "acme" in f.message]
    assert finding.rule == "CLEANGATE-POLICY-MALFORMED" and finding.severity == "block"
    assert "package acme.typo" in finding.message and "'ACME-l'" in finding.message
    assert "declares ACME-1" in finding.message and "the acme setting is bad" in finding.message
    assert not any(f.rule == "ACME-l" for f in decision.findings)


def test_a_computed_unknown_id_and_an_unknown_undetermined_rule_block(tmp_path: Path) -> None:
    """Ids built at run time escape the static check; the gate still fails closed on them."""
    body = meta("ACME-2") + '''deny contains finding if {
	input.extensions.acme == "bad"
	finding := data.cleangate.lib.finding(sprintf("ACME-%d", [3]), "/extensions/acme", "computed id")
}

# METADATA
# title: Facts the Acme rules need
# description: The acme setting decides ACME-2.
undetermined contains u if {
	not input.extensions.other
	u := data.cleangate.lib.undetermined_fact(concat("-", ["ACME", "9"]), "/extensions/other", "a value", "unset")
}
'''
    package(tmp_path, "computed", body, "test_x if true\n")
    decision = Gate(load_bundle([tmp_path])).evaluate(json.dumps(MANIFEST).encode())
    malformed = [f.message for f in decision.findings if f.rule == "CLEANGATE-POLICY-MALFORMED"]
    assert any("'ACME-3' into deny" in m for m in malformed)
    assert any("'ACME-9' into undetermined" in m for m in malformed)
    assert decision.verdict == "block" and not decision.gaps


def test_a_rule_applies_never_names_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = "".join(meta(i) + f'''deny contains finding if {{
	input.extensions.acme == "{i}"
	finding := data.cleangate.lib.finding("{i}", "/extensions/acme", "x")
}}

''' for i in ("ACME-1", "ACME-2", "ACME-X3"))
    applies = '''# METADATA
# title: Rules that apply
# description: Rule ids whose conditions hold.
applies contains "ACME-1" if input.extensions.acme

applies contains sprintf("ACME-X%d", [n]) if {
	some n in [3]
}
'''
    tests = "".join(f'''test_{n} if {{
	some f in data.acme.app.deny with input as {{"extensions": {{"acme": "{i}"}}}}
	f.rule == "{i}"
}}

''' for n, i in enumerate(("ACME-1", "ACME-2", "ACME-X3")))
    package(tmp_path, "app", rules + applies, tests)
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert "ACME-2: package acme.app has an `applies` set that never names this rule" in out
    assert "ACME-1: package" not in out and "ACME-X3: package" not in out  # literal and sprintf pattern


def test_a_rule_no_test_makes_fire_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = meta("ACME-1") + '''deny contains finding if {
	input.extensions.acme == "bad"
	finding := data.cleangate.lib.finding("ACME-1", "/extensions/acme", "bad")
}
'''
    silent_only = '''test_silent_when_good if {
	count(data.acme.fire.deny) == 0 with input as {"extensions": {"acme": "good"}}
	"ACME-1" != ""
}
'''
    package(tmp_path, "fire", rule, silent_only)
    code, out = check(tmp_path, capsys)
    assert code == 1  # the id is named in a test, but no test makes the rule fire
    assert "fire/fire.rego:16: ACME-1: no test makes this rule fire" in out
    package(tmp_path, "fire", rule, silent_only + '''
test_fires_when_bad if {
	some f in data.acme.fire.deny with input as {"extensions": {"acme": "bad"}}
	f.rule == "ACME-1"
}
''')
    code, out = check(tmp_path, capsys)
    assert (code, out.strip().splitlines()[-1]) == (0, "2 files, 1 rules, 0 problems")


def test_a_documented_input_field_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = meta("ACME-1", inputs="\n#   inputs:\n#     - /system/acme_level") + '''deny contains finding if {
	input.system.acme_level == "bad"
	finding := data.cleangate.lib.finding("ACME-1", "/system/acme_level", "bad")
}
'''
    package(tmp_path, "inputs", rule, '''test_fires if {
	some f in data.acme.inputs.deny with input as {"system": {"acme_level": "bad"}}
	f.rule == "ACME-1"
}
''')
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert "ACME-1: METADATA names input field /system/acme_level, which the policy input document does not have" in out


def test_an_id_of_another_package_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package(tmp_path, "typo", TYPO_RULE.replace('"ACME-l"', '"ACME-1"'), TYPO_TEST.replace("ACME-l", "ACME-1"))
    borrowed = meta("ACME-7") + '''deny contains finding if {
	input.extensions.acme == "bad"
	finding := data.cleangate.lib.finding("ACME-1", "/extensions/acme", "borrowed id")
}
'''
    package(tmp_path, "other", borrowed, '''test_fires if {
	some f in data.acme.other.deny with input as {"extensions": {"acme": "bad"}}
	f.rule == "ACME-1"
}

test_names_it if "ACME-7" != ""
''')
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert "emits finding id 'ACME-1', which is not a custom.id of package acme.other" in out
    assert "it is declared in package acme.typo" in out


def test_a_package_split_over_two_files_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """regorus 0.9.1 reads a multi-file package's sets as empty through an alias; the check says so first."""
    package(tmp_path, "typo", TYPO_RULE.replace('"ACME-l"', '"ACME-1"'), TYPO_TEST.replace("ACME-l", "ACME-1"))
    write(tmp_path, "typo/typo_more.rego", "package acme.typo\n\nimport rego.v1\n\nextra := 1\n")
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert "typo/typo_more.rego:1: package acme.typo is already declared in" in out and "typo/typo.rego" in out
    (tmp_path / "typo" / "typo_more.rego").unlink()
    code, out = check(tmp_path, capsys)
    assert code == 0, out
