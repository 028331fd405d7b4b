"""A manifest that leaves out where the system reaches is never judged "not applicable".

Each case is a manifest a team could write, judged by the real gate on the built-in policies
(regorus): with the deciding fact stated the rules are judged, without it they are undetermined
against that fact and block, and the finding says what the rule would find.
"""

from __future__ import annotations

import copy
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bundle import load_bundle
from service.decision import Decision
from service.gate import Gate

SCENARIOS = Path(__file__).parent / "scenarios"
AS_OF = date(2026, 9, 15)


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def scenario(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    return loaded


def judge(gate: Gate, doc: dict[str, Any]) -> Decision:
    return gate.evaluate(yaml.safe_dump(doc).encode(), as_of=AS_OF)


def without_reach(doc: dict[str, Any], regions: list[str] | None = None) -> dict[str, Any]:
    """The manifest with its regions replaced (none by default) and its establishment unstated."""
    out = copy.deepcopy(doc)
    out["system"]["deployment"]["regions"] = regions or []
    out["system"].pop("established_in_eu", None)
    return out


def undetermined_on(decision: Decision, fact: str) -> dict[str, str]:
    return {f.rule: f.message for f in decision.findings if f.undetermined and f.input_path == fact}


def test_health_data_chatbot_without_a_region_blocks_on_the_region(gate: Gate) -> None:
    """Scenario 14 blocks on GDPR Art 9; with no region and no establishment it passed (every GDPR
    rule "not applicable"). Now the same rules are undetermined and the verdict is block."""
    stated = judge(gate, scenario("14-support-llm-health-data.yaml"))
    blocking = {f.rule for f in stated.findings if f.severity == "block" and not f.undetermined}
    assert "GDPR-9" in blocking

    unstated = judge(gate, without_reach(scenario("14-support-llm-health-data.yaml")))
    assert unstated.verdict == "block"
    probed = undetermined_on(unstated, "/system/deployment/regions")
    assert blocking <= set(probed), probed
    assert "if it is used in the EU/EEA, this rule finds: " in probed["GDPR-9"]
    gap = next(g for g in unstated.gaps if g.fact == "/system/deployment/regions")
    assert "GDPR-9" in gap.rules and "GDPR" in gap.regulations
    status = {r.rule: r.status for r in unstated.rules}
    assert status["GDPR-9"] == "undetermined"


def test_stating_a_region_outside_the_eu_moves_the_question_to_the_establishment(gate: Gate) -> None:
    """Used only in the US by an organisation whose establishment is unstated: GDPR still reaches
    it if it is established in the EU (Art 3(1)), so the rules wait for that fact."""
    us_only = judge(gate, without_reach(scenario("14-support-llm-health-data.yaml"), ["US"]))
    assert us_only.verdict == "block"
    probed = undetermined_on(us_only, "/system/established_in_eu")
    assert "GDPR-9" in probed and "established in the EU" in probed["GDPR-9"]
    assert not undetermined_on(us_only, "/system/deployment/regions")

    outside = without_reach(scenario("14-support-llm-health-data.yaml"), ["US"])
    outside["system"]["established_in_eu"] = False
    judged = judge(gate, outside)
    assert not undetermined_on(judged, "/system/established_in_eu")
    assert not {f.rule for f in judged.findings if f.regulation == "GDPR"}


def test_a_vendor_deployment_without_a_region_is_not_a_pass(gate: Gate) -> None:
    """d2 sends chat data to a US vendor with no DPA: it blocked with regions stated and passed without."""
    decision = judge(gate, without_reach(scenario("d2-saas-no-dpa-no-dpf.yaml")))
    assert decision.verdict == "block"
    assert {"GDPR-28-DPA", "GDPR-44-49-VENDOR"} <= set(undetermined_on(decision, "/system/deployment/regions"))


def test_a_compliant_manifest_with_its_reach_stated_gets_no_probe_findings(gate: Gate) -> None:
    decision = judge(gate, scenario("14b-support-llm-health-data-lawful.yaml"))
    assert not undetermined_on(decision, "/system/deployment/regions")
    assert not undetermined_on(decision, "/system/established_in_eu")


def test_rules_that_read_any_stated_region_are_not_territorial(gate: Gate) -> None:
    """ISO/IEC 42001 treats a stated region as "deployed", EU or not: the missing region does not
    decide whether it applies, so its controls are not reported as undetermined on it."""
    decision = judge(gate, without_reach(scenario("14-support-llm-health-data.yaml")))
    assert not any(r.startswith("ISO42001") for r in undetermined_on(decision, "/system/deployment/regions"))


def test_an_organisation_rule_guarded_by_the_eu_is_covered_the_day_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "reach.rego").write_text(textwrap.dedent('''
        package acme.reach

        import rego.v1

        # METADATA
        # title: EU launches need a named owner
        # description: Every system used in the EU names its accountable owner.
        # custom:
        #   id: ACME-EU-OWNER
        #   regulation: Acme AI standard
        #   reference: Section 4.2
        #   severity: block
        #   remediation: Add extensions.eu_owner.
        deny contains finding if {
            data.cleangate.lib.in_eu
            not input.extensions.eu_owner
            finding := data.cleangate.lib.finding("ACME-EU-OWNER", "/extensions", "no EU owner is named")
        }
    '''))
    gate = Gate(load_bundle([tmp_path]))
    doc = without_reach(scenario("14b-support-llm-health-data-lawful.yaml"))
    probed = undetermined_on(judge(gate, doc), "/system/deployment/regions")
    assert probed["ACME-EU-OWNER"].endswith("this rule finds: no EU owner is named")
    doc["extensions"] = {"eu_owner": "Jane Roe"}
    assert "ACME-EU-OWNER" not in undetermined_on(judge(gate, doc), "/system/deployment/regions")


def test_a_rule_that_would_still_be_undetermined_in_the_eu_is_not_a_pass(gate: Gate) -> None:
    """A chatbot that leaves out both its region and whether it processes personal data: GDPR's
    own question (Art 13/14) is asked only within its territorial scope, so without the region
    the decision passed. Now it blocks, naming both facts."""
    doc = without_reach(scenario("d4-saas-chat-logs-no-notice.yaml"))
    doc["system"]["inference_data"].pop("processes_personal_data")
    decision = judge(gate, doc)
    assert decision.verdict == "block"
    probed = undetermined_on(decision, "/system/deployment/regions")
    assert "it would still need /system/inference_data/processes_personal_data" in probed["GDPR-INF-13"]


def test_a_vendor_that_may_receive_personal_data_needs_its_agreement(gate: Gate) -> None:
    """d2 without `receives_personal_data` on its US vendor: the DPA and transfer rules were
    silent (pass); now they wait for that fact, on that vendor."""
    doc = scenario("d2-saas-no-dpa-no-dpf.yaml")
    doc["system"]["vendors"][0].pop("receives_personal_data")
    decision = judge(gate, doc)
    assert decision.verdict == "block"
    probed = undetermined_on(decision, "/system/vendors/0/receives_personal_data")
    assert {"GDPR-28-DPA", "GDPR-44-49-VENDOR"} <= set(probed)
    assert "cannot tell whether CleanAI Chat API receives personal data" in probed["GDPR-28-DPA"]
    doc["system"]["vendors"][0]["receives_personal_data"] = False
    assert not undetermined_on(judge(gate, doc), "/system/vendors/0/receives_personal_data")


def test_use_that_may_be_commercial_is_not_read_as_research(gate: Gate) -> None:
    """f2 fine-tunes a CC-BY-NC base; without `environment` (and `commercial`) the non-commercial
    clause was never checked. Now LIC-NC waits for the fact; stating research use clears it."""
    doc = scenario("f2-lora-on-non-commercial-base.yaml")
    doc["system"]["deployment"].pop("environment")
    decision = judge(gate, doc)
    assert decision.verdict == "block"
    assert "LIC-NC" in undetermined_on(decision, "/system/deployment/commercial")
    doc["system"]["deployment"]["commercial"] = False
    cleared = judge(gate, doc)
    assert not undetermined_on(cleared, "/system/deployment/commercial")
    assert "LIC-NC" not in {f.rule for f in cleared.findings}


def test_each_probe_judges_with_the_earlier_assumptions(gate: Gate) -> None:
    """Neither the region nor the vendor's personal data stated: the vendor rules need both, so
    the vendor probe runs with the EU assumed and reports them on the vendor's fact."""
    doc = without_reach(scenario("d2-saas-no-dpa-no-dpf.yaml"))
    doc["system"]["vendors"][0].pop("receives_personal_data")
    decision = judge(gate, doc)
    assert "GDPR-28-DPA" in undetermined_on(decision, "/system/vendors/0/receives_personal_data")
    assert decision.verdict == "block"


def test_text_that_may_inform_the_public_is_not_read_as_private(gate: Gate) -> None:
    """08b publishes election summaries with no editor: Art 50(4) blocks. With
    `public_interest_text` left out, the model read it as false and the scenario only warned."""
    doc = scenario("08b-election-summaries-no-editor.yaml")
    doc["system"]["capabilities"].pop("public_interest_text")
    decision = judge(gate, doc)
    assert decision.verdict == "block"
    probed = undetermined_on(decision, "/system/capabilities/public_interest_text")
    assert "AIACT-50-4-TXT" in probed and "Art 50(4)" in probed["AIACT-50-4-TXT"]


def test_thousands_of_vendors_are_probed_once_and_the_gap_named_on_the_right_one(gate: Gate) -> None:
    """2,000 vendors, none stating whether it receives personal data; only the last lacks a DPA.
    One probe evaluation covers them all, and the DPA gap is reported on the last vendor's fact,
    not on the first vendor's."""
    doc = scenario("d1-saas-support-deployer.yaml")
    template = doc["system"]["vendors"][0]
    template.pop("receives_personal_data")
    vendors = [{**template, "name": f"vendor-{i}"} for i in range(2000)]
    vendors[-1].pop("dpa")
    doc["system"]["vendors"] = vendors
    decision = judge(gate, doc)
    probed = undetermined_on(decision, "/system/vendors/1999/receives_personal_data")
    assert "GDPR-28-DPA" in probed and "vendor-1999" in probed["GDPR-28-DPA"]
    assert not undetermined_on(decision, "/system/vendors/0/receives_personal_data").get("GDPR-28-DPA")
