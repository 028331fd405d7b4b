package cleangate.ai_act.gpai_modification_test

import rego.v1

import data.cleangate.ai_act.gpai_modification as mod

base := {"name": "base-gpai", "provider": "Big Lab", "gpai": true, "training_flop": 3e24, "role": "downstream-provider"}

tuned(patch) := object.union(
	{"name": "acme-tuned", "role": "provider", "base_model": "base-gpai", "adapters": [{"name": "a", "kind": "lora"}]},
	patch,
)

doc(m, b) := {
	"system": {"name": "s", "roles": ["provider"], "deployment": {"regions": ["FR"]}},
	"models": [m, b],
	"context": {"as_of": "2026-09-15"},
}

ids(set) := {f.rule | some f in set}

full_docs := {"documentation": {
	"annex_xi": "https://acme.example/annex-xi-mod",
	"annex_xii": "https://acme.example/annex-xii-mod",
	"copyright_policy": "https://acme.example/copyright",
	"training_summary": {"url": "https://acme.example/summary", "public": true, "base_summary": "https://biglab.example/summary"},
}}

test_modifier_over_one_third_becomes_provider if {
	d := doc(tuned({"modification_flop": 1.5e24}), base)
	"AIACT-53-MOD" in ids(mod.deny) with input as d
	count({f | some f in mod.deny; f.rule == "AIACT-53-MOD"}) == 5 with input as d
	not "AIACT-GPAI-MOD-BELOW" in ids(mod.info) with input as d
}

test_modifier_with_limited_duties_met_passes if {
	d := doc(tuned(object.union({"modification_flop": 1.5e24}, full_docs)), base)
	not "AIACT-53-MOD" in ids(mod.deny) with input as d
	"AIACT-53-MOD" in mod.applies with input as d
}

test_summary_must_link_the_base_summary if {
	no_link := json.remove(full_docs, ["documentation/training_summary/base_summary"])
	d := doc(tuned(object.union({"modification_flop": 1.5e24}, no_link)), base)
	some f in mod.deny with input as d
	contains(f.message, "base model's summary")
}

test_modifier_below_one_third_gets_info if {
	d := doc(tuned({"modification_flop": 1e24}), base)
	"AIACT-GPAI-MOD-BELOW" in ids(mod.info) with input as d
	count(mod.deny) == 0 with input as d
}

test_unknown_base_compute_uses_the_guideline_threshold if {
	b := object.remove(base, ["training_flop"])
	"AIACT-53-MOD" in ids(mod.deny) with input as doc(tuned({"modification_flop": 4e22}), b)
	"AIACT-GPAI-MOD-BELOW" in ids(mod.info) with input as doc(tuned({"modification_flop": 3e22}), b)
}

test_systemic_base_with_unknown_compute_uses_one_third_of_1e25 if {
	b := object.union(object.remove(base, ["training_flop"]), {"systemic_risk": {"declared": true}})
	"AIACT-GPAI-MOD-BELOW" in ids(mod.info) with input as doc(tuned({"modification_flop": 1e24}), b)
}

test_compute_unstated_is_undetermined if {
	"AIACT-53-MOD" in ids(mod.undetermined) with input as doc(tuned({}), base)
	count(mod.undetermined) == 0 with input as doc(tuned({"modification_flop": 1e20}), base)
}

test_silent_for_non_gpai_base_or_deployer_role if {
	nb := object.remove(base, ["gpai"])
	count(mod.undetermined) == 0 with input as doc(tuned({}), nb)
	count(mod.undetermined) == 0 with input as doc(tuned({"role": "deployer"}), base)
}
