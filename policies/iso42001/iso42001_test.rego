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

# Each control, its governance field, and the ids it reports under by default and when blocking.
control_cases := [
	["A.2.2", "ai_policy", "ISO42001-A.2.2", "ISO42001-A.2.2-BLOCK"],
	["A.3.2", "roles_and_responsibilities", "ISO42001-A.3.2", "ISO42001-A.3.2-BLOCK"],
	["A.4.2", "resources", "ISO42001-A.4.2", "ISO42001-A.4.2-BLOCK"],
	["A.5.2", "impact_assessment", "ISO42001-A.5.2", "ISO42001-A.5.2-BLOCK"],
	["A.6.1.3", "lifecycle", "ISO42001-A.6.1.3", "ISO42001-A.6.1.3-BLOCK"],
	["A.7.4", "data_quality", "ISO42001-A.7.4", "ISO42001-A.7.4-BLOCK"],
	["A.7.5", "data_provenance", "ISO42001-A.7.5", "ISO42001-A.7.5-BLOCK"],
	["A.8.2", "interested_parties_information", "ISO42001-A.8.2", "ISO42001-A.8.2-BLOCK"],
	["A.9.2", "responsible_use", "ISO42001-A.9.2", "ISO42001-A.9.2-BLOCK"],
	["A.10.3", "third_party_relationships", "ISO42001-A.10.3", "ISO42001-A.10.3-BLOCK"],
]

test_each_control_warns_for_its_own_field_only if {
	every case in control_cases {
		rules(iso42001.warn) == {case[2]} with input as doc(object.remove(evidence, [case[1]]), {})
	}
}

test_each_control_blocks_when_listed if {
	every case in control_cases {
		rules(iso42001.deny) == {case[3]} with input as doc(object.remove(evidence, [case[1]]), {})
			with data.cleangate.config.iso42001.blocking_controls as [case[0]]
	}
}

test_each_blocking_control_is_silent_with_evidence if {
	every case in control_cases {
		count(iso42001.deny) == 0 with input as complete
			with data.cleangate.config.iso42001.blocking_controls as [case[0]]
		case[3] in iso42001.applies with input as complete
			with data.cleangate.config.iso42001.blocking_controls as [case[0]]
	}
}
