package cleangate.ai_act.high_risk_test

import rego.v1

import data.cleangate.ai_act.high_risk as hr

base := {
	"system": {
		"name": "Credit scorer",
		"roles": ["provider", "deployer"],
		"deployment": {"regions": ["NL"]},
		"risk": {"annex_iii_point": "5(b)"},
		"human_oversight": {"legal_or_similar_effects": true},
	},
	"context": {"as_of": "2026-09-15"},
}

at(d, day) := object.union(d, {"context": {"as_of": day}})

with_system(d, patch) := object.union(d, {"system": patch})

ids(set) := {f.rule | some f in set}

deny_ids(d) := x if {
	x := ids(hr.deny) with input as d
}

warn_ids(d) := x if {
	x := ids(hr.warn) with input as d
}

paths(set) := {f.path | some f in set}

provider_ok := {
	"quality_management_system": "https://x.example/qms",
	"technical_documentation": "https://x.example/annex-iv",
	"conformity_assessment": "https://x.example/ca",
	"eu_declaration_of_conformity": "https://x.example/doc",
	"ce_marking": true,
	"registration": "EUDB-123",
	"post_market_monitoring": "https://x.example/pmm",
	"serious_incident_reporting": "https://x.example/incidents",
}

deployer_ok := {
	"instructions_followed": "https://x.example/ifu",
	"oversight_assigned": "https://x.example/oversight",
	"log_retention_months": 6,
	"fundamental_rights_impact_assessment": "https://x.example/fria",
	"explanation_route": "https://x.example/explain",
}

test_warns_before_annex_iii_date_for_each_role if {
	"AIACT-6-HR" in warn_ids(base)
	ps := paths(hr.warn) with input as base
	"/system/high_risk/provider/quality_management_system" in ps
	"/system/high_risk/deployer/fundamental_rights_impact_assessment" in ps
	count(hr.deny) == 0 with input as base
}

test_blocks_per_article_from_annex_iii_date if {
	d := at(base, "2027-12-02")
	every id in {"AIACT-HR-17", "AIACT-HR-11", "AIACT-HR-43", "AIACT-HR-47", "AIACT-HR-49-1", "AIACT-HR-72", "AIACT-HR-73", "AIACT-HR-26", "AIACT-HR-27", "AIACT-HR-86"} {
		id in deny_ids(d)
	}
	not "AIACT-6-HR" in warn_ids(d)
}

# Issue 8: a deployer was asked for the provider's dossier; now it is asked for its own evidence.
test_deployer_only_is_asked_for_deployer_evidence_not_the_provider_dossier if {
	d := at(with_system(base, {"roles": ["deployer"]}), "2027-12-02")
	ids := deny_ids(d)
	"AIACT-HR-26" in ids
	"AIACT-HR-27" in ids
	not "AIACT-HR-11" in ids
	not "AIACT-HR-43" in ids
	not "AIACT-HR-17" in ids
}

test_deployer_with_its_own_evidence_passes if {
	d := at(with_system(base, {"roles": ["deployer"], "high_risk": {"deployer": deployer_ok}}), "2027-12-02")
	count(hr.deny) == 0 with input as d
}

test_provider_with_its_own_evidence_passes if {
	d := at(with_system(base, {"roles": ["provider"], "high_risk": {"provider": provider_ok}}), "2027-12-02")
	count(hr.deny) == 0 with input as d
}

test_logs_kept_under_six_months_block if {
	dep := object.union(deployer_ok, {"log_retention_months": 3})
	d := at(with_system(base, {"roles": ["deployer"], "high_risk": {"deployer": dep}}), "2027-12-02")
	some f in hr.deny with input as d
	f.path == "/system/high_risk/deployer/log_retention_months"
}

test_fria_not_required_for_a_private_deployer_outside_5b_5c if {
	d := at(with_system(base, {"roles": ["deployer"], "risk": {"annex_iii_point": "4(a)"}, "high_risk": {"deployer": {"deployer_type": "private"}}}), "2027-12-02")
	not "AIACT-HR-27" in deny_ids(d)
	"AIACT-HR-26" in deny_ids(d)
	some f in hr.deny with input as d
	f.path == "/system/high_risk/deployer/workers_informed"
}

test_fria_and_registration_for_a_public_body if {
	d := at(with_system(base, {"roles": ["deployer"], "risk": {"annex_iii_point": "5(a)"}, "high_risk": {"deployer": {"deployer_type": "public-body"}}}), "2027-12-02")
	"AIACT-HR-27" in deny_ids(d)
	"AIACT-HR-49-3" in deny_ids(d)
}

test_critical_infrastructure_has_no_fria_or_eu_registration if {
	d := at(with_system(base, {"risk": {"annex_iii_point": "2(a)"}, "high_risk": {"deployer": {"deployer_type": "public-body"}}}), "2027-12-02")
	not "AIACT-HR-27" in deny_ids(d)
	not "AIACT-HR-49-1" in deny_ids(d)
	not "AIACT-HR-49-3" in deny_ids(d)
	not "AIACT-HR-86" in deny_ids(d)
}

test_profiling_defeats_the_derogation if {
	d := with_system(base, {"risk": {"profiling": true, "art6_3_derogation": true}})
	"AIACT-6-HR" in warn_ids(d)
}

test_silent_with_a_valid_derogation_or_without_annex_iii_use if {
	valid := with_system(base, {"risk": {"art6_3_derogation": true, "profiling": false}})
	count(hr.warn) == 0 with input as valid
	count(hr.warn) == 0 with input as with_system(base, {"risk": {"annex_iii_point": "none"}})
	count(hr.deny) == 0 with input as at(with_system(base, {"exclusion": "military"}), "2028-01-01")
}

annex_i := with_system(base, {"risk": {"annex_iii_point": "none", "annex_i_product": true}})

test_annex_i_product_warns_until_2028_08_02_then_blocks if {
	"AIACT-6-HR" in warn_ids(at(annex_i, "2027-12-15"))
	count(hr.deny) == 0 with input as at(annex_i, "2027-12-15")
	"AIACT-HR-11" in deny_ids(at(annex_i, "2028-08-02"))
	not "AIACT-HR-27" in deny_ids(at(annex_i, "2028-08-02"))
}

test_old_dossier_field_loads_as_provider_documentation_with_a_migration_note if {
	d := at(with_system(base, {"risk": {"high_risk_dossier": "https://x.example/dossier"}}), "2027-12-02")
	"AIACT-HR-MIGRATE" in ids(hr.info) with input as d
	not "AIACT-HR-11" in deny_ids(d)
	"AIACT-HR-26" in deny_ids(d)
	"AIACT-HR-MIGRATE" in hr.applies with input as d
}
