"""The regorus adapter: JSON in/out (binding pitfalls), clone isolation, fail closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.engines import PolicyLoadError, RegorusEngine
from service.gate import Gate

PROBE = """
package cleangate.probe

import rego.v1

# METADATA
# title: Probe boolean
# description: Fires only when the input boolean is the JSON literal true.
# related_resources:
#   - ref: https://example.org
# custom:
#   id: PROBE-BOOL
#   regulation: test
#   reference: n/a
#   severity: block
#   remediation: n/a
deny contains {"rule": "PROBE-BOOL", "path": "/flag", "message": "flag is true"} if input.extensions.flag == true

# METADATA
# title: Probe number
# description: Echoes a large integer and a set of arrays back through the result path.
# related_resources:
#   - ref: https://example.org
# custom:
#   id: PROBE-NUM
#   regulation: test
#   reference: n/a
#   severity: info
#   remediation: n/a
info contains {"rule": "PROBE-NUM", "path": "/n", "message": sprintf("%v", [input.extensions.n]), "pairs": pairs} if {
    input.extensions.n
    pairs := {[1, "a"], [2, "b"]}
}

applies contains "PROBE-BOOL" if input.extensions.flag == true
"""

BROKEN_AT_RUNTIME = """
package cleangate.fragile

import rego.v1

# METADATA
# title: Fragile
# description: Iterates over a value that may not be a collection.
# related_resources:
#   - ref: https://example.org
# custom:
#   id: FRAGILE-1
#   regulation: test
#   reference: n/a
#   severity: warn
#   remediation: n/a
warn contains {"rule": "FRAGILE-1", "path": "", "message": "x"} if {
    some v in input.extensions.maybe_list
    v == 1
}
"""

MALFORMED = """
package cleangate.sloppy

import rego.v1

deny contains "just a string" if input.extensions.sloppy
"""


def gate_with(tmp_path: Path, **files: str) -> Gate:
    for name, source in files.items():
        (tmp_path / f"{name}.rego").write_text(source)
    return Gate(load_bundle([tmp_path]))


def manifest(extensions: dict[str, object]) -> bytes:
    return json.dumps({
        # The capabilities are stated so that no AI Act duty is undetermined and only the probe fires.
        "apiVersion": "cleangate/v1", "extensions": extensions,
        "system": {"name": "probe",
                   "capabilities": {"interacts_with_persons": False, "synthetic_output_modalities": []}},
    }).encode()


def test_false_stays_false_and_true_stays_true(tmp_path: Path) -> None:
    """The dict API of the binding turns booleans into 0/1; JSON text keeps them booleans."""
    gate = gate_with(tmp_path, probe=PROBE)
    assert "PROBE-BOOL" in {f.rule for f in gate.evaluate(manifest({"flag": True})).findings}
    assert "PROBE-BOOL" not in {f.rule for f in gate.evaluate(manifest({"flag": False})).findings}
    assert "PROBE-BOOL" not in {f.rule for f in gate.evaluate(manifest({"flag": 1})).findings}


def test_large_integers_and_sets_of_arrays_survive(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, probe=PROBE)
    decision = gate.evaluate(manifest({"n": 30000000000000000000000000}))
    finding = next(f for f in decision.findings if f.rule == "PROBE-NUM")
    assert finding.message == "30000000000000000000000000"
    assert decision.verdict == "pass"  # info only


def test_each_evaluation_sees_only_its_own_input(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, probe=PROBE)
    first = gate.evaluate(manifest({"flag": True}))
    second = gate.evaluate(manifest({}))
    assert first.verdict == "block" and second.verdict == "pass"


def test_runtime_error_blocks_only_with_its_package_named(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, probe=PROBE, fragile=BROKEN_AT_RUNTIME)
    decision = gate.evaluate(manifest({"maybe_list": 5, "flag": True}))
    assert decision.verdict == "block"
    errors = [f for f in decision.findings if f.rule == "CLEANGATE-POLICY-ERROR"]
    assert len(errors) == 1 and "cleangate.fragile" in errors[0].message
    assert "Stack backtrace" not in errors[0].message
    # the healthy package's findings are kept
    assert "PROBE-BOOL" in {f.rule for f in decision.findings}
    outcome = {r.rule: r.status for r in decision.rules}
    assert outcome["FRAGILE-1"] == "error"
    # and with well-typed input the same policy evaluates normally
    assert gate.evaluate(manifest({"maybe_list": [2]})).verdict == "pass"


PANICS = """
package cleangate.panicky

import rego.v1

# METADATA
# title: Counts occurrences
# description: strings.count with an empty needle makes regorus panic (a Rust panic, not an error).
# related_resources:
#   - ref: https://example.org
# custom:
#   id: PANICKY-1
#   regulation: test
#   reference: n/a
#   severity: warn
#   remediation: n/a
warn contains {"rule": "PANICKY-1", "path": "", "message": "x"} if {
    strings.count(input.system.name, input.extensions.needle) > 1
}
"""


def test_engine_panic_fails_closed(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, panicky=PANICS)
    decision = gate.evaluate(manifest({"needle": ""}))
    assert decision.verdict == "block"
    assert decision.findings[0].rule == "CLEANGATE-POLICY-ERROR"
    assert "cleangate.panicky" in decision.findings[0].message
    assert gate.evaluate(manifest({"needle": "o"})).verdict == "pass"  # the compiled engine is unharmed


def test_malformed_finding_fails_closed(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, sloppy=MALFORMED)
    decision = gate.evaluate(manifest({"sloppy": True}))
    assert decision.verdict == "block"
    assert decision.findings[0].rule == "CLEANGATE-POLICY-MALFORMED"


def test_policy_that_does_not_compile_refuses_to_load(tmp_path: Path) -> None:
    (tmp_path / "bad.rego").write_text("package cleangate.bad\n\nimport rego.v1\n\ndeny contains x if {\n")
    with pytest.raises(PolicyLoadError) as err:
        RegorusEngine(load_bundle([tmp_path]))
    assert "bad.rego" in str(err.value)


def test_rule_outcomes_distinguish_passed_and_not_applicable(tmp_path: Path) -> None:
    gate = gate_with(tmp_path, probe=PROBE)
    outcomes = {r.rule: r.status for r in gate.evaluate(manifest({})).rules}
    assert outcomes["PROBE-BOOL"] == "not_applicable"
    # PROBE-NUM's package declares `applies`, but not for PROBE-NUM: not applicable either
    assert outcomes["PROBE-NUM"] == "not_applicable"
    outcomes = {r.rule: r.status for r in gate.evaluate(manifest({"flag": True})).rules}
    assert outcomes["PROBE-BOOL"] == "failed"


def test_decision_carries_digests_and_engine(gate: Gate) -> None:
    body = (b"apiVersion: cleangate/v1\n"
            b"system: {name: x, capabilities: {interacts_with_persons: false, synthetic_output_modalities: []}}\n")
    decision = gate.evaluate(body)
    import hashlib

    assert decision.manifest.digest == "sha256:" + hashlib.sha256(body).hexdigest()
    assert decision.policy.digest.startswith("sha256:") and decision.policy.digest[7:19] in decision.policy.revision
    assert decision.engine.name == "regorus"
    assert decision.evaluation_ms > 0


def test_bundle_digest_changes_with_policy_text(tmp_path: Path) -> None:
    (tmp_path / "p.rego").write_text(PROBE)
    first = load_bundle([tmp_path]).digest
    (tmp_path / "p.rego").write_text(PROBE.replace("flag is true", "flag is set"))
    assert load_bundle([tmp_path]).digest != first


HEADER = "import rego.v1\n\n"
UNUSUAL_FORMS = {
    "indented": 'package acme.indented\n\n' + HEADER + '  deny contains {"rule": "IND-1", "message": "m"} if true\n',
    "number": "package acme.number\n\n" + HEADER + "deny := 5\n",
    "object": 'package acme.obj\n\n' + HEADER
              + 'deny[k] := v if {\n\tk := "a"\n\tv := {"rule": "O-1", "message": "m"}\n}\n',
}


@pytest.mark.parametrize("form", sorted(UNUSUAL_FORMS))
def test_finding_sets_in_unusual_forms_are_never_skipped(tmp_path: Path, form: str) -> None:
    """A rule the engine does not recognise must not turn into "no findings" (fail open)."""
    gate = gate_with(tmp_path, **{form: UNUSUAL_FORMS[form]})
    decision = gate.evaluate(manifest({}))
    assert decision.verdict == "block"
    rules = {f.rule for f in decision.findings}
    # IND-1 has no METADATA: it blocks as malformed, naming the id, rather than as a guessed finding.
    assert rules == {"CLEANGATE-POLICY-MALFORMED"}
    if form == "indented":
        assert "'IND-1'" in decision.findings[0].message and "acme.indented" in decision.findings[0].message


def test_undefined_complete_rule_does_not_hide_other_packages(tmp_path: Path) -> None:
    """`deny := x if cond` is undefined when cond fails; the other packages' findings still count."""
    gate = gate_with(tmp_path, probe=PROBE,
                     maybe="package acme.maybe\n\nimport rego.v1\n\ndeny := 5 if input.extensions.never\n")
    decision = gate.evaluate(manifest({"flag": True}))
    assert [f.rule for f in decision.findings] == ["PROBE-BOOL"]
