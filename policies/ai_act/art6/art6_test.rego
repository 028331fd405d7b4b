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

test_6_4_warns_for_undocumented_derogation if {
	"AIACT-6-4" in warn_ids(with_risk({"art6_3_derogation": true}))
}

test_6_4_silent_for_deployer_only if {
	d := object.union(with_risk({"art6_3_derogation": true}), {"system": {"roles": ["deployer"]}})
	not "AIACT-6-4" in warn_ids(d)
}

annex_i := object.union(base, {"system": {"risk": {"annex_iii_point": "none", "annex_i_product": true}}})
