package cleangate.ai_act.art6_test

import rego.v1

base := {
	"system": {
		"name": "Credit scorer",
		"roles": ["provider", "deployer"],
		"deployment": {"regions": ["NL"]},
		"risk": {"annex_iii_point": "5(b)"},
	},
	"context": {"as_of": "2026-09-15"},
}

with_risk(r) := object.union(base, {"system": {"risk": r}})

at(d, day) := object.union(d, {"context": {"as_of": day}})

deny_ids(d) := ids if {
	found := data.cleangate.ai_act.art6.deny with input as d
	ids := {f.rule | some f in found}
}

warn_ids(d) := ids if {
	found := data.cleangate.ai_act.art6.warn with input as d
	ids := {f.rule | some f in found}
}

profiling_derogation := with_risk({"profiling": true, "art6_3_derogation": true})

test_6_hr_warns_before_annex_iii_date if "AIACT-6-HR" in warn_ids(base)

test_6_hr_profiling_defeats_derogation if "AIACT-6-HR" in warn_ids(profiling_derogation)

test_6_hr_blocks_from_annex_iii_date if {
	d := at(profiling_derogation, "2027-12-02")
	"AIACT-6-HR-DOSSIER" in deny_ids(d)
	not "AIACT-6-HR" in warn_ids(d)
}

test_6_hr_dossier_silent_before_annex_iii_date if not "AIACT-6-HR-DOSSIER" in deny_ids(profiling_derogation)

test_6_hr_silent_with_dossier if {
	d := object.union(profiling_derogation, {"system": {"risk": {"high_risk_dossier": "https://x.example/dossier"}}})
	not "AIACT-6-HR" in warn_ids(d)
	not "AIACT-6-HR-DOSSIER" in deny_ids(at(d, "2028-01-01"))
}

test_6_hr_silent_with_valid_derogation if {
	d := with_risk({"art6_3_derogation": true, "profiling": false, "art6_3_assessment": "https://x.example/a"})
	not "AIACT-6-HR" in warn_ids(d)
	not "AIACT-6-4" in warn_ids(d)
}

test_6_hr_silent_without_annex_iii_use if {
	not "AIACT-6-HR" in warn_ids(with_risk({"annex_iii_point": "none"}))
	not "AIACT-6-HR" in warn_ids(object.union(base, {"system": {"risk": {"annex_iii_point": ""}}}))
}

test_6_hr_silent_for_research_only if {
	not "AIACT-6-HR" in warn_ids(object.union(base, {"system": {"exclusion": "research-only"}}))
}

test_6_hr_silent_for_military if {
	not "AIACT-6-HR-DOSSIER" in deny_ids(at(object.union(base, {"system": {"exclusion": "military"}}), "2028-01-01"))
}

test_6_4_warns_for_undocumented_derogation if {
	"AIACT-6-4" in warn_ids(with_risk({"art6_3_derogation": true}))
}

test_6_4_silent_for_deployer_only if {
	d := object.union(with_risk({"art6_3_derogation": true}), {"system": {"roles": ["deployer"]}})
	not "AIACT-6-4" in warn_ids(d)
}

annex_i := object.union(base, {"system": {"risk": {"annex_iii_point": "none", "annex_i_product": true}}})

test_6_hr_annex_i_product_warns_until_2028_08_02 if {
	"AIACT-6-HR" in warn_ids(at(annex_i, "2027-12-15"))
	not "AIACT-6-HR-DOSSIER" in deny_ids(at(annex_i, "2027-12-15"))
}

test_6_hr_annex_i_product_blocks_from_2028_08_02 if "AIACT-6-HR-DOSSIER" in deny_ids(at(annex_i, "2028-08-02"))

test_6_hr_annex_i_derogation_does_not_apply if {
	d := object.union(annex_i, {"system": {"risk": {"art6_3_derogation": true}}})
	"AIACT-6-HR" in warn_ids(d)
}
