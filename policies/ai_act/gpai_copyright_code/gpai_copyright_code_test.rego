package cleangate.ai_act.gpai_copyright_code_test

import rego.v1

import data.cleangate.ai_act.gpai_copyright_code as cop

doc(model) := {
	"system": {"name": "s", "roles": ["gpai-provider"], "deployment": {"regions": ["FR"]}, "established_in_eu": true},
	"models": [object.union({"name": "m", "gpai": true, "role": "provider", "placed_on_market": "2026-01-10"}, model)],
	"context": {"as_of": "2026-09-15"},
}

ids(set) := {f.rule | some f in set}

test_warns_for_each_missing_measure if {
	found := ids(cop.warn) with input as doc({})
	found == {"GPAI-COP-1.4", "GPAI-COP-1.5"}
}

test_silent_with_both_measures if {
	d := doc({"copyright_contact": "copyright@x.example", "output_infringement_safeguards": "https://x.example/output-filters"})
	count(cop.warn) == 0 with input as d
	"GPAI-COP-1.4" in cop.applies with input as d
}

test_silent_for_a_model_the_organisation_only_deploys if {
	count(cop.warn) == 0 with input as doc({"role": "deployer"})
}
