package cleangate.licences_test

import rego.v1

import data.cleangate.licences

nc_facts := {"valid_spdx": true, "spdx_ids": ["CC-BY-NC-4.0"], "licence_refs": [], "unknown": [], "choices": [["CC-BY-NC-4.0"]]}

apache_facts := {"valid_spdx": true, "spdx_ids": ["Apache-2.0"], "licence_refs": [], "unknown": [], "choices": [["Apache-2.0"]]}

tuned := {
	"name": "support-lora", "licence": "Apache-2.0", "base_model": "base-llm",
	"adapters": [{"name": "lora-1", "kind": "lora"}],
}

base_entry(patch) := object.union({"name": "base-llm", "provider": "Base AI", "licence": "Apache-2.0"}, patch)

doc(models, sys_patch) := {
	"system": object.union({"name": "s", "deployment": {"regions": ["DE"], "environment": "production"}}, sys_patch),
	"models": models,
	"datasets": [],
	"derived": {"licences": {sprintf("/models/%d", [i]): f |
		some i, m in models
		f := {"CC-BY-NC-4.0": nc_facts, "Apache-2.0": apache_facts}[m.licence]
	}},
	"context": {"as_of": "2026-09-15"},
}

blocks(id, d) if {
	some f in licences.deny with input as d
	f.rule == id
}

warns(id, d) if {
	some f in licences.warn with input as d
	f.rule == id
}

# --- LIC-BASE-REF (issue 8: a free-text base_model used to escape every licence check) ---

test_base_ref_blocks_a_bare_base_name if {
	d := doc([tuned], {})
	blocks("LIC-BASE-REF", d)
	"LIC-BASE-REF" in licences.applies with input as d
}

test_base_ref_blocks_adapters_without_a_base if {
	blocks("LIC-BASE-REF", doc([object.remove(tuned, ["base_model"])], {}))
}

test_base_ref_silent_when_the_base_is_a_model_entry if {
	d := doc([tuned, base_entry({})], {})
	not blocks("LIC-BASE-REF", d)
	not blocks("LIC-USE-RESTRICTED", d)
	not warns("LIC-BASE-AUP", d)
}

test_base_ref_silent_for_a_model_that_modifies_nothing if {
	not "LIC-BASE-REF" in licences.applies with input as doc([base_entry({})], {})
}

test_base_ref_is_not_satisfied_by_the_model_itself if {
	blocks("LIC-BASE-REF", doc([object.union(tuned, {"base_model": "support-lora"})], {}))
}

# --- LIC-USE-RESTRICTED ---

test_nc_base_licence_binds_the_commercial_fine_tune if {
	d := doc([tuned, base_entry({"licence": "CC-BY-NC-4.0"})], {})
	some f in licences.deny with input as d
	f.rule == "LIC-USE-RESTRICTED"
	f.path == "/models/0/base_model"
}

test_nc_base_silent_for_non_commercial_use if {
	d := doc([tuned, base_entry({"licence": "CC-BY-NC-4.0"})], {"deployment": {"environment": "staging", "commercial": false}})
	not blocks("LIC-USE-RESTRICTED", d)
}

test_research_only_base_blocks_production if {
	blocks("LIC-USE-RESTRICTED", doc([tuned, base_entry({"use_restrictions": ["research-only"]})], {}))
}

test_research_only_base_silent_for_research_system if {
	d := doc([tuned, base_entry({"use_restrictions": ["research-only"]})], {"exclusion": "research-only"})
	not blocks("LIC-USE-RESTRICTED", d)
}

test_declared_non_commercial_restriction_blocks_commercial_use if {
	blocks("LIC-USE-RESTRICTED", doc([tuned, base_entry({"use_restrictions": ["non-commercial"]})], {}))
}

test_no_derivatives_blocks_a_fine_tune_but_not_plain_use if {
	blocks("LIC-USE-RESTRICTED", doc([tuned, base_entry({"use_restrictions": ["no-derivatives"]})], {}))
	not blocks("LIC-USE-RESTRICTED", doc([base_entry({"use_restrictions": ["no-derivatives"]})], {}))
}

test_eu_excluded_base_blocks_eu_deployment_only if {
	restricted := [tuned, base_entry({"use_restrictions": ["eu-excluded"]})]
	blocks("LIC-USE-RESTRICTED", doc(restricted, {}))
	not blocks("LIC-USE-RESTRICTED", doc(restricted, {"deployment": {"regions": ["US"]}}))
}

test_restrictions_reach_through_a_chain_of_fine_tunes if {
	mid := {"name": "mid", "licence": "Apache-2.0", "base_model": "base-llm"}
	top := object.union(tuned, {"base_model": "mid"})
	d := doc([top, mid, base_entry({"use_restrictions": ["research-only"]})], {})
	some f in licences.deny with input as d
	f.rule == "LIC-USE-RESTRICTED"
	f.path == "/models/0/base_model"
}

# --- LIC-BASE-AUP ---

test_base_aup_warns_without_review if {
	warns("LIC-BASE-AUP", doc([tuned, base_entry({"acceptable_use_policy": "https://base.example/aup"})], {}))
	warns("LIC-BASE-AUP", doc([tuned, base_entry({"use_restrictions": ["acceptable-use-policy"]})], {}))
}

test_base_aup_silent_with_review if {
	reviewed := object.union(tuned, {"base_terms_review": "https://acme.example/legal/aup-review"})
	not warns("LIC-BASE-AUP", doc([reviewed, base_entry({"acceptable_use_policy": "https://base.example/aup"})], {}))
}
