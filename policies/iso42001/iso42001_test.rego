package cleangate.iso42001_test

import rego.v1

import data.cleangate.iso42001

evidence := {
	"ai_policy": "https://example.test/policy",
	"roles_and_responsibilities": "https://example.test/raci",
	"resources": "https://example.test/resources",
	"impact_assessment": "https://example.test/impact",
	"lifecycle": "https://example.test/lifecycle",
	"data_quality": "https://example.test/dq",
	"data_provenance": "https://example.test/provenance",
	"interested_parties_information": "https://example.test/transparency",
	"responsible_use": "https://example.test/aup",
	"third_party_relationships": "https://example.test/suppliers",
}

doc(governance, system) := {
	"system": object.union({"name": "s", "deployment": {"regions": ["DE"]}}, system),
	"governance": governance,
	"context": {"as_of": "2026-09-15"},
}

complete := doc(evidence, {})

no_policy := doc(object.remove(evidence, ["ai_policy"]), {})

rules(set) := {f.rule | some f in set}

test_complete_evidence_is_silent if {
	count(iso42001.warn) == 0 with input as complete
	count(iso42001.deny) == 0 with input as complete
	"ISO42001-A.2.2" in iso42001.applies with input as complete
}

test_missing_control_warns_by_default if {
	rules(iso42001.warn) == {"ISO42001-A.2.2"} with input as no_policy
	count(iso42001.deny) == 0 with input as no_policy
}

test_blank_reference_counts_as_missing if {
	inp := doc(object.union(evidence, {"impact_assessment": " "}), {})
	rules(iso42001.warn) == {"ISO42001-A.5.2"} with input as inp
}

test_every_control_warns_when_governance_is_empty if {
	count(rules(iso42001.warn)) == 10 with input as doc({}, {})
}

test_blocking_control_blocks_instead_of_warning if {
	rules(iso42001.deny) == {"ISO42001-A.2.2-BLOCK"} with input as no_policy
		with data.cleangate.config.iso42001.blocking_controls as ["A.2.2"]
	count(iso42001.warn) == 0 with input as no_policy
		with data.cleangate.config.iso42001.blocking_controls as ["ISO42001-A.2.2"]
	"ISO42001-A.2.2-BLOCK" in iso42001.applies with input as no_policy
		with data.cleangate.config.iso42001.blocking_controls as ["A.2.2"]
}

test_blocking_setting_for_other_control_keeps_warning if {
	rules(iso42001.warn) == {"ISO42001-A.2.2"} with input as no_policy
		with data.cleangate.config.iso42001.blocking_controls as ["A.5.2"]
	count(iso42001.deny) == 0 with input as no_policy
		with data.cleangate.config.iso42001.blocking_controls as ["A.5.2"]
}

test_research_only_gives_info_not_warn if {
	inp := doc({}, {"exclusion": "research-only"})
	count(iso42001.warn) == 0 with input as inp
	count(iso42001.deny) == 0 with input as inp with data.cleangate.config.iso42001.blocking_controls as ["A.2.2"]
	rules(iso42001.info) == {"ISO42001-INFO"} with input as inp
	count(iso42001.info) == 10 with input as inp
}

test_research_only_with_evidence_is_silent if {
	count(iso42001.info) == 0 with input as doc(evidence, {"exclusion": "research-only"})
}

test_disabled_package_is_silent if {
	count(iso42001.warn) == 0 with input as no_policy with data.cleangate.config.iso42001.enabled as false
	count(iso42001.applies) == 0 with input as no_policy with data.cleangate.config.iso42001.enabled as false
}

test_undeployed_system_description_is_not_judged if {
	inp := {"system": {"name": "s"}, "governance": {}, "context": {"as_of": "2026-09-15"}}
	count(iso42001.warn) == 0 with input as inp
	count(iso42001.applies) == 0 with input as inp
	rules(iso42001.warn) == {"ISO42001-A.2.2"} with input as object.union(no_policy, {"system": {"deployment": {"regions": [], "environment": "production"}}})
}
