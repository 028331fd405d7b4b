"""`cleangate policy check|test|docs` as a legal engineer uses them, on real Rego folders."""

from __future__ import annotations

import json
import sys
import tarfile
import textwrap
from pathlib import Path

import httpx
import pytest

from service.bundle import load_bundle
from service.bundle.catalogue_doc import render
from service.cli.main import main
from tests.conftest import free_port
from tests.store_fixtures import GateProcess

REPO = Path(__file__).resolve().parents[1]

GOOD_RULE = '''
# METADATA
# title: Models need an internal owner
# description: Every model names the team that answers for it.
# related_resources:
#   - ref: https://intranet.example/ai-standard#owner
# custom:
#   id: ORG-OWNER
#   regulation: Acme AI standard
#   reference: Section 4.2
#   severity: warn
#   remediation: Add extensions.owner to the manifest.
warn contains finding if {
    not input.extensions.owner
    finding := data.cleangate.lib.finding("ORG-OWNER", "/extensions", "no owner is named")
}
'''


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture()
def org_policies(tmp_path: Path) -> Path:
    """An organisation's own folder: one package with one rule and two passing tests."""
    folder = tmp_path / "org"
    write(folder, "acme/owner.rego", "package acme.owner\n\nimport rego.v1\n" + GOOD_RULE)
    write(folder, "acme/owner_test.rego", '''
        package acme.owner_test

        import rego.v1

        test_fires_without_owner if {
            some f in data.acme.owner.warn with input as {"extensions": {}}
            f.rule == "ORG-OWNER"
        }

        test_silent_with_owner if {
            count(data.acme.owner.warn) == 0 with input as {"extensions": {"owner": "ml-platform"}}
        }
    ''')
    return folder


def test_builtin_policies_pass_their_own_tests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "test"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    passed, failed = last.split(", ")
    assert failed == "0 failed" and int(passed.split()[0]) > 100


def test_builtin_policies_pass_policy_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check"]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.strip().endswith("0 problems")


def test_policy_test_reports_pass_fail_error_and_exits_non_zero(
        org_policies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(org_policies, "acme/broken_test.rego", '''
        package acme.broken_test

        import rego.v1

        test_wrong_expectation if count(data.acme.owner.warn) == 0 with input as {"extensions": {}}

        test_calls_missing_function if data.acme.owner.nothing_here(1)
    ''')
    assert main(["policy", "test", str(org_policies), "-v"]) == 1
    out = capsys.readouterr().out
    assert "data.acme.owner_test.test_fires_without_owner: PASS" in out
    assert "data.acme.broken_test.test_wrong_expectation: FAIL" in out
    assert "data.acme.broken_test.test_calls_missing_function: ERROR" in out
    assert out.strip().splitlines()[-1] == "2 passed, 1 failed, 1 errored"


def test_policy_test_run_filters_by_regex(org_policies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "test", str(org_policies), "--run", "silent", "-v"]) == 0
    out = capsys.readouterr().out
    assert "test_silent_with_owner: PASS" in out and "test_fires_without_owner" not in out
    assert out.strip().splitlines()[-1] == "1 passed, 0 failed"


def test_policy_test_rejects_a_bad_regex(org_policies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "test", str(org_policies), "--run", "("]) == 2
    assert "not a valid regular expression" in capsys.readouterr().err


def test_policy_check_accepts_a_complete_org_folder(org_policies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(org_policies)]) == 0, capsys.readouterr().out


def test_policy_check_names_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bad"
    write(folder, "bad.rego", '''
        package acme.bad

        import rego.v1

        import data.cleangate.lib

        # METADATA
        # title: Incomplete rule
        # custom:
        #   id: ORG-INCOMPLETE
        #   severity: block
        warn contains finding if {
            finding := lib.finding("ORG-INCOMPLETE", "/system", "x")
        }

        deny contains finding if {
            finding := data.cleangate.lib.finding("ORG-BARE", "/system", "y")
        }

        names(xs) := {x.name | some x in xs} if count(xs) > 0

        undocumented contains m.name if {
            some m in input.models
            not data.cleangate.lib.present(m.documentation.model_card)
        }
    ''')
    assert main(["policy", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "ORG-INCOMPLETE: missing description" in out
    assert "ORG-INCOMPLETE: missing related_resources" in out
    assert "ORG-INCOMPLETE: missing custom.regulation" in out
    assert "custom.severity 'block' does not match the rule kind 'warn'" in out
    assert "ORG-INCOMPLETE: no test references this rule id" in out
    assert "bad/bad.rego:16: finding rule without a METADATA block" in out
    assert "bad/bad.rego:13: calls function lib.finding(...) through an import alias" in out
    assert "data.cleangate.lib.finding(...) instead" in out
    assert "bad/bad.rego:20: a comprehension as the value of a rule with a body fails in regorus" in out
    assert "bad/bad.rego:24: `not data.cleangate.lib.present(m.documentation.model_card, ...)`" in out


def test_committed_catalogue_is_up_to_date() -> None:
    """docs/policies.md must be regenerated (`cleangate policy docs`) whenever METADATA changes."""
    assert (REPO / "docs" / "policies.md").read_text(encoding="utf-8") == render(load_bundle())


def test_policy_docs_check_detects_a_stale_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "policies.md"
    assert main(["policy", "docs", "-o", str(page)]) == 0
    assert main(["policy", "docs", "-o", str(page), "--check"]) == 0
    page.write_text(page.read_text(encoding="utf-8").replace("AIACT-50-1", "AIACT-50-X", 1), encoding="utf-8")
    assert main(["policy", "docs", "-o", str(page), "--check"]) == 1
    assert "is stale" in capsys.readouterr().err


def test_catalogue_groups_rules_by_regulation_with_their_facts() -> None:
    page = render(load_bundle())
    assert "## EU AI Act" in page
    row = next(line for line in page.splitlines() if line.startswith("| [AIACT-5-1f]"))
    assert "Art. 5(1)(f)" in row and "| block |" in row and "workplace" in row


# States the AI Act facts that decide Art 50 (no interaction, no generated content): a manifest that
# left them out would be undetermined, and these tests are about the organisation's own rule.
INTERNAL_SEARCH = (b"apiVersion: cleangate/v1\nsystem:\n  name: Internal search\n"
                   b"  capabilities: {interacts_with_persons: false, synthetic_output_modalities: []}\n")


def test_org_package_appears_in_catalogue_and_findings(
        org_policies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "policies.md"
    assert main(["policy", "docs", "--policies", str(org_policies), "-o", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "## Acme AI standard" in text and "ORG-OWNER" in text

    manifest = tmp_path / "cleangate.yaml"
    manifest.write_text(INTERNAL_SEARCH.decode(), encoding="utf-8")
    capsys.readouterr()
    code = main(["check", str(manifest), "--policies", str(org_policies), "--as-of", "2026-09-15", "-f", "json"])
    out = capsys.readouterr().out
    assert code == 0  # warn does not fail without --fail-on-warn
    assert '"rule": "ORG-OWNER"' in out and '"regulation": "Acme AI standard"' in out
    assert '"remediation": "Add extensions.owner to the manifest."' in out


@pytest.mark.slow
def test_server_setting_adds_org_policies(org_policies: Path, tmp_path: Path) -> None:
    """CLEANGATE_POLICY_DIRS on a real `cleangate serve`: the org rule is in /v1/policies and in decisions."""
    env = {"CLEANGATE_POLICY_DIRS": str(org_policies), "CLEANGATE_LOG_LEVEL": "warning",
           "CLEANGATE_DATABASE_PATH": str(tmp_path / "cleangate.db"),
           "CLEANGATE_ADMIN_TOKEN": "cg_policy_test_" + "p" * 16}
    auth = {"Authorization": "Bearer " + env["CLEANGATE_ADMIN_TOKEN"]}
    port = free_port()
    server = GateProcess(env, 1, tmp_path / "gate.log", port=port,
                         command=[sys.executable, "-m", "service.cli.main", "serve", "--port", str(port)])
    base = server.url
    try:
        server.start(20)
        rules = {r["id"]: r for r in httpx.get(f"{base}/v1/policies", headers=auth).json()["rules"]}
        assert rules["ORG-OWNER"]["regulation"] == "Acme AI standard" and "AIACT-50-1" in rules
        decision = httpx.post(
            f"{base}/v1/evaluate", params={"as_of": "2026-09-15"},
            content=INTERNAL_SEARCH,
            headers={**auth, "Content-Type": "application/yaml"},
        ).json()
        assert decision["verdict"] == "warn"
        assert [f["rule"] for f in decision["findings"]] == ["ORG-OWNER"]
    finally:
        server.kill()


def test_policy_bundle_is_a_reproducible_opa_bundle(org_policies: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    assert main(["policy", "bundle", "--policies", str(org_policies), "-o", str(first)]) == 0
    assert main(["policy", "bundle", "--policies", str(org_policies), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    bundle = load_bundle([org_policies])
    with tarfile.open(first) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("/.manifest").read())  # type: ignore[union-attr]
        data = json.loads(tar.extractfile("/data.json").read())  # type: ignore[union-attr]
    assert manifest["revision"] == bundle.revision and manifest["metadata"]["digest"] == bundle.digest
    assert set(manifest["roots"]) >= {"cleangate", "acme"}
    assert data["cleangate"]["config"]["ai_act"]["systemic_risk_flop_threshold"] == 1e25
    assert "/builtin/ai_act/art50/art50.rego" in names and "/custom0/acme/owner.rego" in names
    assert not any(n.endswith("_test.rego") for n in names)


def test_policy_check_reports_a_bundle_that_does_not_compile(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.rego").write_text("this is not rego\n")
    assert main(["policy", "check", str(tmp_path)]) == 1
    assert "does not compile" in capsys.readouterr().out


def test_policy_check_flags_finding_sets_that_are_not_partial_sets(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "obj.rego").write_text('package acme.obj\n\nimport rego.v1\n\ndeny[k] := v if {\n\tk := "a"\n'
                                       '\tv := {"rule": "O-1", "message": "m"}\n}\n')
    assert main(["policy", "check", str(tmp_path)]) == 1
    assert "obj.rego:5: deny/warn/info must be partial sets of findings" in capsys.readouterr().out
