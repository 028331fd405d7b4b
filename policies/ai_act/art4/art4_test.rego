package cleangate.ai_act.art4_test

import rego.v1

import data.cleangate.ai_act.art4

doc(roles, gov) := {
	"system": {"name": "s", "roles": roles, "deployment": {"regions": ["AT"]}},
	"governance": gov,
	"context": {"as_of": "2026-09-15"},
}

test_warns_for_deployer_and_provider_without_a_measure if {
	some f in art4.warn with input as doc(["deployer"], {})
	f.rule == "AIACT-4"
	count(art4.warn) == 1 with input as doc(["provider"], {})
}

test_silent_with_a_measure_or_outside_scope if {
	count(art4.warn) == 0 with input as doc(["deployer"], {"ai_literacy": "https://x.example/ai-training"})
	count(art4.warn) == 0 with input as object.union(doc(["deployer"], {}), {"system": {"deployment": {"regions": ["US"]}}})
	count(art4.warn) == 0 with input as object.union(doc(["deployer"], {}), {"context": {"as_of": "2025-02-01"}})
}
