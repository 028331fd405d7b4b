package cleangate.gdpr_test

import rego.v1

import data.cleangate.gdpr

# A fine-tuning dataset of consented support chats, with every GDPR fact stated.
base_pd := {
	"present": true,
	"categories": ["contact details"],
	"special_categories": [],
	"lawful_basis": "contract",
	"purpose_compatibility_assessment": "https://example.test/compat",
	"information_notice": "https://example.test/privacy",
	"minimisation": "names redacted",
	"retention": "P24M",
	"dpia": "https://example.test/dpia",
	"records_of_processing": "https://example.test/ropa#1",
	"transfers": [],
	"erasure": {"mechanism": "adapter-removal", "plan": "https://example.test/erasure"},
}

base_ds := {"name": "chats", "source_type": "user", "used_for": ["fine-tuning"], "personal_data": base_pd}

base_system := {
	"name": "assistant",
	"roles": ["provider"],
	"deployment": {"regions": ["DE"]},
	"human_oversight": {"autonomy": "human-in-the-loop", "legal_or_similar_effects": false},
	"risk": {"profiling": false},
}

base := {
	"system": base_system,
	"models": [{"name": "m", "adapters": [{"name": "lora", "datasets": ["chats"], "removable": true}]}],
	"datasets": [base_ds],
	"governance": {},
	"context": {"as_of": "2026-09-15"},
}

# object.union merges recursively, so removing a fact means rebuilding the object without it.
patched(obj, patch) := object.union(object.remove(obj, [k | some k, _ in patch]), patch)

doc_with_ds(ds) := patched(base, {"datasets": [ds]})

ds_with(pd) := patched(base_ds, {"personal_data": pd})

with_pd(patch) := doc_with_ds(ds_with(patched(base_pd, patch)))

without_pd(keys) := doc_with_ds(ds_with(object.remove(base_pd, keys)))

with_ds(patch) := doc_with_ds(patched(base_ds, patch))

with_system(patch) := object.union(base, {"system": object.union(base_system, patch)})

blocks(id) if {
	some f in gdpr.deny
	f.rule == id
}

warns(id) if {
	some f in gdpr.warn
	f.rule == id
}

# --- scope ---

test_compliant_dataset_is_silent if {
	count(gdpr.deny) == 0 with input as base
	count(gdpr.warn) == 0 with input as base
	"GDPR-6" in gdpr.applies with input as base
}

test_outside_eu_is_not_applicable if {
	inp := object.union(without_pd(["lawful_basis", "retention"]), {"system": object.union(base_system, {"deployment": {"regions": ["US"]}})})
	count(gdpr.deny) == 0 with input as inp
	count(gdpr.applies) == 0 with input as inp
}

test_eu_establishment_brings_scope_without_eu_regions if {
	inp := object.union(without_pd(["lawful_basis"]), {"system": object.union(base_system, {"deployment": {"regions": ["US"]}, "established_in_eu": true})})
	blocks("GDPR-6") with input as inp
}

test_no_personal_data_is_not_applicable if {
	inp := with_pd({"present": false})
	count(gdpr.deny) == 0 with input as inp
	not "GDPR-6" in gdpr.applies with input as inp
}

# --- Art 6 ---

test_gdpr_6_fires_without_lawful_basis if {
	blocks("GDPR-6") with input as without_pd(["lawful_basis"])
}

test_gdpr_6_lia_fires_for_legitimate_interests_without_assessment if {
	warns("GDPR-6-LIA") with input as with_pd({"lawful_basis": "legitimate-interests"})
}

test_gdpr_6_lia_silent_with_assessment if {
	inp := with_pd({"lawful_basis": "legitimate-interests", "legitimate_interest_assessment": "https://example.test/lia"})
	not warns("GDPR-6-LIA") with input as inp
}

# --- Art 9 ---

test_gdpr_9_fires_for_special_categories_without_condition if {
	blocks("GDPR-9") with input as with_pd({"special_categories": ["health"]})
}

test_gdpr_9_special_categories_alone_bring_scope if {
	blocks("GDPR-9") with input as with_pd({"present": false, "special_categories": ["health"]})
}

test_gdpr_9_silent_with_art9_condition if {
	inp := with_pd({"special_categories": ["health"], "art9_condition": "9(2)(a) explicit consent"})
	not blocks("GDPR-9") with input as inp
}

# --- Art 13/14 ---

test_gdpr_13_14_fires_without_notice if {
	blocks("GDPR-13-14") with input as without_pd(["information_notice"])
}

test_gdpr_13_14_art14_5b_exception_for_indirect_data_with_public_information if {
	pd := patched(object.remove(base_pd, ["information_notice"]), {"collection": "indirect", "public_information": "https://example.test/notice"})
	inp := doc_with_ds(ds_with(pd))
	not blocks("GDPR-13-14") with input as inp
}

test_gdpr_13_14_art14_5b_unavailable_for_direct_collection if {
	pd := patched(object.remove(base_pd, ["information_notice"]), {"collection": "direct", "public_information": "https://example.test/notice"})
	inp := doc_with_ds(ds_with(pd))
	blocks("GDPR-13-14") with input as inp
}

# --- Art 5(1)(b) ---

test_gdpr_5_1b_fires_for_reused_user_data_without_assessment if {
	blocks("GDPR-5-1b") with input as without_pd(["purpose_compatibility_assessment"])
}

test_gdpr_5_1b_fires_for_stated_original_purpose if {
	pd := patched(object.remove(base_pd, ["purpose_compatibility_assessment"]), {"original_purpose": "billing"})
	inp := with_ds({"source_type": "licensed", "personal_data": pd})
	blocks("GDPR-5-1b") with input as inp
}

test_gdpr_5_1b_consent_exception if {
	pd := patched(object.remove(base_pd, ["purpose_compatibility_assessment"]), {"lawful_basis": "consent"})
	not blocks("GDPR-5-1b") with input as with_ds({"personal_data": pd})
}

test_gdpr_5_1b_research_exception if {
	inp := object.union(without_pd(["purpose_compatibility_assessment"]), {"system": object.union(base_system, {"exclusion": "research-only"})})
	not blocks("GDPR-5-1b") with input as inp
}

test_gdpr_5_1b_silent_for_inference_only_data if {
	pd := object.remove(base_pd, ["purpose_compatibility_assessment"])
	not blocks("GDPR-5-1b") with input as with_ds({"used_for": ["inference"], "personal_data": pd})
}

# --- Art 5(1)(c), 5(1)(e) ---

test_gdpr_5_1c_warns_without_minimisation if {
	warns("GDPR-5-1c") with input as without_pd(["minimisation"])
}

test_gdpr_5_1e_fires_without_retention if {
	blocks("GDPR-5-1e") with input as without_pd(["retention"])
}

test_gdpr_5_1e_blank_retention_is_not_stated if {
	blocks("GDPR-5-1e") with input as with_pd({"retention": "  "})
}

# --- Art 17 ---

test_gdpr_17_warns_without_erasure_mechanism if {
	warns("GDPR-17") with input as without_pd(["erasure"])
}

test_gdpr_17_warns_for_filtering_only if {
	warns("GDPR-17") with input as with_pd({"erasure": {"mechanism": "filtering", "plan": "https://example.test/e"}})
}

test_gdpr_17_warns_when_adapter_is_not_removable if {
	inp := patched(base, {"models": [{"name": "m", "adapters": [{"name": "lora", "datasets": ["chats"], "removable": false}]}]})
	warns("GDPR-17") with input as inp
}

test_gdpr_17_anonymous_model_exception if {
	inp := with_pd({"erasure": {"mechanism": "none", "model_anonymity_assessment": "https://example.test/anon"}})
	not warns("GDPR-17") with input as inp
}

test_gdpr_17_silent_for_inference_data if {
	pd := object.remove(base_pd, ["erasure"])
	not warns("GDPR-17") with input as with_ds({"used_for": ["inference"], "personal_data": pd})
}

# --- Art 22 ---

automated := {"autonomy": "full", "legal_or_similar_effects": true}

test_gdpr_22_fires_without_exception if {
	blocks("GDPR-22") with input as with_system({"human_oversight": automated})
}

test_gdpr_22_fires_without_review_route if {
	inp := with_system({"human_oversight": object.union(automated, {"art22_exception": "contract"})})
	blocks("GDPR-22") with input as inp
}

test_gdpr_22_silent_with_exception_and_review_route if {
	oversight := object.union(automated, {"art22_exception": "contract", "review_route": "https://example.test/appeal"})
	not blocks("GDPR-22") with input as with_system({"human_oversight": oversight})
}

automated_with(ground, pd_patch) := inp if {
	oversight := object.union(automated, {"art22_exception": ground, "review_route": "https://example.test/appeal"})
	inp := object.union(with_pd(pd_patch), {"system": object.union(base_system, {"human_oversight": oversight})})
}

# Art 22(4): special categories need Art 9(2)(a) or (g), whatever the Art 22(2) ground.
test_gdpr_22_4_special_categories_need_9_2_a_or_g_under_every_ground if {
	every ground in ["contract", "law", "explicit-consent"] {
		blocks("GDPR-22") with input as automated_with(ground, {"special_categories": ["health"], "art9_condition": "9(2)(h) health care"})
	}
}

test_gdpr_22_4_explicit_consent_or_public_interest_allow_special_categories if {
	every ground in ["contract", "law", "explicit-consent"] {
		not blocks("GDPR-22") with input as automated_with(ground, {"special_categories": ["health"], "art9_condition": "Art. 9(2)(a) explicit consent"})
		not blocks("GDPR-22") with input as automated_with(ground, {"special_categories": ["health"], "art9_condition": "9(2)(g)"})
	}
}

# Art 22(3): the review route is owed for the contract and explicit-consent grounds, not under the law ground.
test_gdpr_22_3_review_route_required_for_contract_and_consent if {
	every ground in ["contract", "explicit-consent"] {
		blocks("GDPR-22") with input as with_system({"human_oversight": object.union(automated, {"art22_exception": ground})})
	}
}

test_gdpr_22_3_law_ground_needs_no_review_route_here if {
	not blocks("GDPR-22") with input as with_system({"human_oversight": object.union(automated, {"art22_exception": "law"})})
}

test_gdpr_22_silent_with_human_in_the_loop if {
	not blocks("GDPR-22") with input as with_system({"human_oversight": {"autonomy": "human-in-the-loop", "legal_or_similar_effects": true}})
}

# --- Art 35 ---

test_gdpr_35_fires_for_special_categories_without_dpia if {
	inp := with_pd({"special_categories": ["health"], "art9_condition": "9(2)(a)", "dpia": ""})
	blocks("GDPR-35") with input as inp
}

test_gdpr_35_fires_for_automated_decisions_without_dpia if {
	inp := object.union(without_pd(["dpia"]), {"system": object.union(base_system, {"human_oversight": automated})})
	blocks("GDPR-35") with input as inp
}

test_gdpr_35_profiling_with_legal_effects_brings_scope_without_datasets if {
	sys := object.union(base_system, {"risk": {"profiling": true}, "human_oversight": {"legal_or_similar_effects": true}})
	blocks("GDPR-35") with input as object.union(base, {"system": sys, "datasets": []})
}

test_gdpr_35_system_dpia_satisfies if {
	inp := object.union(without_pd(["dpia"]), {"system": object.union(base_system, {"human_oversight": automated}), "governance": {"dpia": "https://example.test/dpia"}})
	not blocks("GDPR-35") with input as inp
}

test_gdpr_35_ai_warns_for_training_without_dpia if {
	warns("GDPR-35-AI") with input as without_pd(["dpia"])
	not blocks("GDPR-35") with input as without_pd(["dpia"])
}

test_gdpr_35_ai_silent_for_inference_data if {
	not warns("GDPR-35-AI") with input as with_ds({"used_for": ["inference"], "personal_data": object.remove(base_pd, ["dpia"])})
}

# --- Art 30 ---

test_gdpr_30_fires_without_records if {
	blocks("GDPR-30") with input as without_pd(["records_of_processing"])
}

test_gdpr_30_organisation_records_satisfy if {
	inp := object.union(without_pd(["records_of_processing"]), {"governance": {"records_of_processing": "https://example.test/ropa"}})
	not blocks("GDPR-30") with input as inp
}

# --- Ch. V ---

test_gdpr_44_49_fires_without_mechanism if {
	blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "US"}]})
}

test_gdpr_44_49_fires_for_adequacy_claim_without_decision if {
	blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "CN", "mechanism": "adequacy"}]})
}

test_gdpr_44_49_adequacy_country_passes if {
	not blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "ch", "mechanism": "adequacy"}]})
}

transfer_gap_for(transfer) := gap if {
	some f in gdpr.deny with input as with_pd({"transfers": [transfer]})
	f.rule == "GDPR-44-49"
	gap := f.message
}

test_gdpr_44_49_us_adequacy_needs_dpf_certification if {
	blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "US", "mechanism": "adequacy"}]})
	inp := with_pd({"transfers": [{"country": "US", "mechanism": "adequacy", "dpf_certified": false}]})
	blocks("GDPR-44-49") with input as inp
	contains(transfer_gap_for({"country": "US", "mechanism": "adequacy"}), "Data Privacy Framework")
}

test_gdpr_44_49_us_adequacy_with_dpf_certified_recipient_passes if {
	inp := with_pd({"transfers": [{"country": "US", "mechanism": "adequacy", "dpf_certified": true}]})
	not blocks("GDPR-44-49") with input as inp
}

test_gdpr_44_49_us_without_dpf_passes_with_sccs if {
	not blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "US", "mechanism": "scc"}]})
}

test_gdpr_44_49_brazil_has_an_adequacy_decision if {
	not blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "BR", "mechanism": "adequacy"}]})
}

test_gdpr_44_49_partial_decisions_need_the_recipient_in_scope if {
	every country in ["CA", "JP"] {
		blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": country, "mechanism": "adequacy"}]})
		inp := with_pd({"transfers": [{"country": country, "mechanism": "adequacy", "recipient_in_scope": true}]})
		not blocks("GDPR-44-49") with input as inp
	}
}

test_gdpr_44_49_uk_adequacy_expires if {
	uk := with_pd({"transfers": [{"country": "GB", "mechanism": "adequacy"}]})
	not blocks("GDPR-44-49") with input as uk
	not blocks("GDPR-44-49") with input as object.union(uk, {"context": {"as_of": "2031-12-26"}})
	blocks("GDPR-44-49") with input as object.union(uk, {"context": {"as_of": "2031-12-27"}})
}

test_gdpr_44_49_silent_inside_eea if {
	not blocks("GDPR-44-49") with input as with_pd({"transfers": [{"country": "NO"}]})
}

test_gdpr_46_tia_warns_for_scc_without_assessment if {
	inp := with_pd({"transfers": [{"country": "IN", "mechanism": "scc"}]})
	warns("GDPR-46-TIA") with input as inp
	not blocks("GDPR-44-49") with input as inp
}

test_gdpr_46_tia_silent_with_assessment if {
	inp := with_pd({"transfers": [{"country": "IN", "mechanism": "scc", "transfer_impact_assessment": "https://example.test/tia"}]})
	not warns("GDPR-46-TIA") with input as inp
}

test_gdpr_49_derogation_warns if {
	warns("GDPR-49-DEROGATION") with input as with_pd({"transfers": [{"country": "IN", "mechanism": "derogation"}]})
}

# --- Unstated use of a dataset attached to a model counts as training ---

unstated_use_ds(pd) := object.remove(patched(base_ds, {"personal_data": pd}), ["used_for"])

test_gdpr_17_reads_unstated_use_of_attached_dataset_as_training if {
	warns("GDPR-17") with input as doc_with_ds(unstated_use_ds(object.remove(base_pd, ["erasure"])))
}

test_gdpr_5_1b_reads_unstated_use_of_attached_dataset_as_training if {
	blocks("GDPR-5-1b") with input as doc_with_ds(unstated_use_ds(object.remove(base_pd, ["purpose_compatibility_assessment"])))
}

test_gdpr_17_unstated_use_of_unattached_dataset_is_not_training if {
	inp := patched(doc_with_ds(unstated_use_ds(object.remove(base_pd, ["erasure"]))), {"models": []})
	not warns("GDPR-17") with input as inp
}

# --- Art 5(1)(b): training as the stated purpose at collection is not reuse ---

test_gdpr_5_1b_training_stated_at_collection_is_not_reuse if {
	pd := patched(object.remove(base_pd, ["purpose_compatibility_assessment"]), {"collected_for_training": true})
	not blocks("GDPR-5-1b") with input as with_ds({"personal_data": pd})
	not "GDPR-5-1b" in gdpr.applies with input as with_ds({"personal_data": pd})
}

test_gdpr_5_1b_training_not_stated_at_collection_is_reuse if {
	pd := patched(object.remove(base_pd, ["purpose_compatibility_assessment"]), {"collected_for_training": false})
	blocks("GDPR-5-1b") with input as with_ds({"personal_data": pd})
}
