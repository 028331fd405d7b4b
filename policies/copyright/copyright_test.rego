package cleangate.copyright_test

import rego.v1

import data.cleangate.copyright

# Licence facts as the gate derives them (sbom/derive.py) for the expressions used below.
spdx(ids) := {"valid_spdx": true, "spdx_ids": ids, "licence_refs": [], "unknown": [], "choices": [[id] | some id in ids]}

facts := {
	"MIT": spdx(["MIT"]),
	"Apache-2.0": spdx(["Apache-2.0"]),
	"CC-BY-NC-4.0": spdx(["CC-BY-NC-4.0"]),
	"GPL-3.0-only": spdx(["GPL-3.0-only"]),
	"CC-BY-NC-4.0 OR MIT": spdx(["CC-BY-NC-4.0", "MIT"]),
	"LicenseRef-Acme": {"valid_spdx": false, "spdx_ids": [], "licence_refs": ["LicenseRef-Acme"], "unknown": [], "choices": [["LicenseRef-Acme"]]},
	"Acme data licence": {"valid_spdx": false, "spdx_ids": [], "licence_refs": [], "unknown": ["Acme data licence"], "choices": [["Acme data licence"]]},
	"MIT AND (": {"valid_spdx": false, "error": "Invalid expression"},
}

system(patch) := object.union(
	{
		"name": "s",
		"deployment": {"regions": ["DE"], "environment": "production"},
		"capabilities": {"synthetic_output_modalities": []},
	},
	patch,
)

# One dataset and one model; `licence` null means "not stated".
doc(ds, model, sys) := {
	"system": sys,
	"datasets": [ds],
	"models": [model],
	"derived": {"licences": {ptr: facts[l] |
		some ptr, item in {"/datasets/0": ds, "/models/0": model}
		l := item.licence
		facts[l]
	}},
	"context": {"as_of": "2026-09-15"},
}

ds_lic(licence) := {"name": "d", "licence": licence, "used_for": ["training"]}

ds_lic_holder(licence) := object.union(ds_lic(licence), {"licence_holder": "Acme Ltd"})

mit_model := {"name": "m", "licence": "MIT"}

lic_doc(licence) := doc(ds_lic(licence), mit_model, system({}))

blocks(id) if {
	some f in copyright.deny
	f.rule == id
}

warns(id) if {
	some f in copyright.warn
	f.rule == id
}

informs(id) if {
	some f in copyright.info
	f.rule == id
}

# --- LIC-KNOWN ---

test_valid_spdx_licences_pass if {
	count(copyright.deny) == 0 with input as lic_doc("Apache-2.0")
	count(copyright.warn) == 0 with input as lic_doc("Apache-2.0")
	"LIC-KNOWN" in copyright.applies with input as lic_doc("Apache-2.0")
}

test_lic_known_fires_without_licence if {
	blocks("LIC-KNOWN") with input as doc({"name": "d"}, mit_model, system({}))
}

test_lic_known_fires_for_unparseable_expression if {
	blocks("LIC-KNOWN") with input as lic_doc("MIT AND (")
	not blocks("LIC-KNOWN") with input as doc(ds_lic_holder("Apache-2.0"), mit_model, system({}))
}

test_lic_known_fires_for_licence_ref_without_holder if {
	blocks("LIC-KNOWN") with input as lic_doc("LicenseRef-Acme")
	blocks("LIC-KNOWN") with input as lic_doc("Acme data licence")
}

test_named_proprietary_licence_with_holder_passes if {
	not blocks("LIC-KNOWN") with input as doc(ds_lic_holder("LicenseRef-Acme"), mit_model, system({}))
	not blocks("LIC-KNOWN") with input as doc(ds_lic_holder("Acme data licence"), mit_model, system({}))
}

test_lic_known_fails_closed_without_derived_facts if {
	blocks("LIC-KNOWN") with input as lic_doc("Unknown-Expression-Not-Derived")
}

test_research_only_models_need_no_licence_but_datasets_do if {
	research := system({"exclusion": "research-only"})
	not blocks("LIC-KNOWN") with input as doc(ds_lic("MIT"), {"name": "m"}, research)
	blocks("LIC-KNOWN") with input as doc({"name": "d"}, {"name": "m"}, research)
}

# --- LIC-DENIED ---

test_lic_denied_fires_for_denied_licence if {
	blocks("LIC-DENIED") with input as lic_doc("GPL-3.0-only")
		with data.cleangate.config.copyright.denied_licences as ["GPL-3.0-only"]
}

test_lic_denied_silent_when_an_alternative_is_acceptable if {
	not blocks("LIC-DENIED") with input as lic_doc("CC-BY-NC-4.0 OR MIT")
		with data.cleangate.config.copyright.denied_licences as ["CC-BY-NC-4.0"]
}

# --- LIC-NC ---

test_lic_nc_fires_for_non_commercial_data_in_production if {
	blocks("LIC-NC") with input as lic_doc("CC-BY-NC-4.0")
}

test_lic_nc_silent_for_research_only if {
	inp := doc(ds_lic("CC-BY-NC-4.0"), mit_model, system({"exclusion": "research-only"}))
	not blocks("LIC-NC") with input as inp
}

test_lic_nc_silent_when_declared_non_commercial if {
	inp := doc(ds_lic("CC-BY-NC-4.0"), mit_model, system({"deployment": {"commercial": false}}))
	not blocks("LIC-NC") with input as inp
}

test_lic_nc_declared_commercial_use_outside_production if {
	inp := doc(ds_lic("CC-BY-NC-4.0"), mit_model, system({"deployment": {"environment": "staging", "commercial": true}}))
	blocks("LIC-NC") with input as inp
	not blocks("LIC-NC") with input as doc(ds_lic("CC-BY-NC-4.0"), mit_model, system({"deployment": {"environment": "staging"}}))
}

test_lic_nc_silent_with_commercial_alternative if {
	not blocks("LIC-NC") with input as lic_doc("CC-BY-NC-4.0 OR MIT")
}

test_lic_nc_organisation_list if {
	blocks("LIC-NC") with input as doc(ds_lic_holder("LicenseRef-Acme"), mit_model, system({}))
		with data.cleangate.config.copyright.noncommercial_licences as ["LicenseRef-Acme"]
}

# --- LIC-REVIEW ---

test_lic_review_warns_outside_allowed_list if {
	warns("LIC-REVIEW") with input as lic_doc("GPL-3.0-only") with data.cleangate.config.copyright.allowed_licences as ["MIT"]
}

test_lic_review_silent_for_allowed_and_proprietary_licences if {
	not warns("LIC-REVIEW") with input as lic_doc("MIT") with data.cleangate.config.copyright.allowed_licences as ["MIT"]
	inp := doc(ds_lic_holder("LicenseRef-Acme"), mit_model, system({}))
	not warns("LIC-REVIEW") with input as inp with data.cleangate.config.copyright.allowed_licences as ["MIT"]
}

test_lic_review_silent_without_allowed_list if {
	not warns("LIC-REVIEW") with input as lic_doc("GPL-3.0-only") with data.cleangate.config.copyright.allowed_licences as []
}

# --- TDM ---

crawled(tdm, extra) := object.union(
	{"name": "web", "licence": "MIT", "source_type": "crawled", "used_for": ["fine-tuning"], "tdm": tdm},
	extra,
)

all_checks := {"crawler": "ExampleBot", "robots_txt_honoured": true, "tdmrep_honoured": true, "c2pa_training_mining_checked": true, "reserved_items_included": 0}

tdm_doc(ds, sys) := doc(ds, mit_model, sys)

test_tdm_check_warns_for_each_missing_check if {
	inp := tdm_doc(crawled({}, {"modalities": ["image"]}), system({}))
	count({f | some f in copyright.warn; f.rule == "TDM-OPTOUT-CHECK"}) == 4 with input as inp
	count(copyright.deny) == 0 with input as inp
}

test_tdm_verified_collection_record_stands_for_the_robots_and_tdmrep_checks if {
	inp := tdm_doc(crawled({"crawler": "ExampleBot"}, {"modalities": ["text"]}), system({}))
	verified := object.union(inp, {"verified": {"collection_records": [{"dataset_index": 0, "status": "verified"}]}})
	not warns("TDM-OPTOUT-CHECK") with input as verified
	failed := object.union(inp, {"verified": {"collection_records": [{"dataset_index": 0, "status": "failed"}]}})
	count({f | some f in copyright.warn; f.rule == "TDM-OPTOUT-CHECK"}) == 2 with input as failed
}

test_tdm_c2pa_check_only_for_images_and_video if {
	inp := tdm_doc(crawled({"crawler": "ExampleBot", "robots_txt_honoured": true, "tdmrep_honoured": true}, {"modalities": ["text"]}), system({}))
	not warns("TDM-OPTOUT-CHECK") with input as inp
}

test_tdm_all_checks_recorded_is_silent if {
	inp := tdm_doc(crawled(all_checks, {"modalities": ["image"]}), system({}))
	count(copyright.warn) == 0 with input as inp
	count(copyright.deny) == 0 with input as inp
	"TDM-OPTOUT-1" in copyright.applies with input as inp
}

test_tdm_not_applicable_outside_eu_without_gpai if {
	inp := tdm_doc(crawled({"reserved_items_included": 5}, {}), system({"deployment": {"regions": ["US"]}}))
	not blocks("TDM-OPTOUT-1") with input as inp
	not "TDM-OPTOUT-1" in copyright.applies with input as inp
}

test_tdm_gpai_provider_outside_eu_is_in_scope if {
	inp := doc(crawled({"reserved_items_included": 5}, {}), {"name": "m", "licence": "MIT", "gpai": true}, system({"deployment": {"regions": ["US"]}}))
	blocks("TDM-OPTOUT-1") with input as inp
}

test_tdm_optout_1_fires_for_kept_reserved_items if {
	blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(object.union(all_checks, {"reserved_items_included": 12034}), {}), system({}))
}

test_tdm_optout_1_fires_when_tdmrep_not_honoured if {
	blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(object.union(all_checks, {"tdmrep_honoured": false}), {}), system({}))
}

test_tdm_optout_1_licence_exception if {
	tdm := object.union(all_checks, {"reserved_items_included": 12, "reserved_items_licensed": true})
	not blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(tdm, {}), system({}))
}

test_tdm_optout_1_research_exception_needs_research_only_system if {
	tdm := object.union(all_checks, {"reserved_items_included": 12, "research_exception": true})
	not blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(tdm, {}), system({"exclusion": "research-only"}))
	blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(tdm, {}), system({}))
}

test_tdm_silent_for_licensed_source if {
	ds := object.union(crawled({"reserved_items_included": 12}, {}), {"source_type": "licensed"})
	not blocks("TDM-OPTOUT-1") with input as tdm_doc(ds, system({}))
}

test_c2pa_tdm_fires_for_kept_reserved_assets if {
	tdm := object.union(all_checks, {"c2pa_reserved_items_included": 300})
	blocks("C2PA-TDM") with input as tdm_doc(crawled(tdm, {"modalities": ["image"]}), system({}))
	not blocks("TDM-OPTOUT-1") with input as tdm_doc(crawled(tdm, {"modalities": ["image"]}), system({}))
}

test_c2pa_tdm_licence_exception if {
	tdm := object.union(all_checks, {"c2pa_reserved_items_included": 300, "reserved_items_licensed": true})
	not blocks("C2PA-TDM") with input as tdm_doc(crawled(tdm, {"modalities": ["image"]}), system({}))
}

# --- US CLEAR Act ---

us_generator := system({"deployment": {"regions": ["US"]}, "capabilities": {"synthetic_output_modalities": ["image"]}})

test_clear_act_info_for_us_generative_release if {
	informs("US-CLEAR-1") with input as doc(ds_lic("MIT"), mit_model, us_generator)
	count(copyright.deny) == 0 with input as doc(ds_lic("MIT"), mit_model, us_generator)
}

test_clear_act_silent_with_inventory if {
	ds := object.union(ds_lic("MIT"), {"registered_works_inventory": "https://example.test/inventory"})
	not informs("US-CLEAR-1") with input as doc(ds, mit_model, us_generator)
}

test_clear_act_silent_outside_us_or_for_non_generative_models if {
	not informs("US-CLEAR-1") with input as doc(ds_lic("MIT"), mit_model, system({"capabilities": {"synthetic_output_modalities": ["image"]}}))
	not informs("US-CLEAR-1") with input as doc(ds_lic("MIT"), mit_model, system({"deployment": {"regions": ["US"]}}))
}

test_crawled_datasets_need_no_single_licence if {
	ds := {"name": "web", "source_type": "crawled", "licence": "LicenseRef-Various", "used_for": ["training"]}
	not blocks("LIC-KNOWN") with input as doc(ds, mit_model, system({}))
	not blocks("LIC-KNOWN") with input as doc(object.remove(ds, ["licence"]), mit_model, system({}))
}

# --- Unstated use of a dataset attached to a model counts as training ---

attached_model := {"name": "m", "licence": "MIT", "datasets": ["web"]}

unstated_use(tdm) := object.remove(crawled(tdm, {}), ["used_for"])

test_tdm_unstated_use_of_attached_dataset_counts_as_training if {
	inp := doc(unstated_use({"reserved_items_included": 5}), attached_model, system({}))
	blocks("TDM-OPTOUT-1") with input as inp
	"TDM-OPTOUT-CHECK" in copyright.applies with input as inp
}

test_tdm_unstated_use_via_adapter_counts_as_training if {
	model := {"name": "m", "licence": "MIT", "adapters": [{"name": "lora", "datasets": ["web"]}]}
	blocks("TDM-OPTOUT-1") with input as doc(unstated_use({"reserved_items_included": 5}), model, system({}))
}

test_tdm_stated_non_training_use_is_not_training if {
	ds := object.union(unstated_use({"reserved_items_included": 5}), {"used_for": ["evaluation"]})
	not blocks("TDM-OPTOUT-1") with input as doc(ds, attached_model, system({}))
}

test_tdm_unstated_use_of_unattached_dataset_is_not_training if {
	not blocks("TDM-OPTOUT-1") with input as doc(unstated_use({"reserved_items_included": 5}), mit_model, system({}))
}

test_clear_act_reads_unstated_use_of_attached_dataset if {
	ds := object.remove(ds_lic("MIT"), ["used_for"])
	sys := system({"deployment": {"regions": ["US"]}, "capabilities": {"synthetic_output_modalities": ["text"]}})
	inp := doc(ds, {"name": "m", "licence": "MIT", "datasets": ["d"]}, sys)
	"US-CLEAR-1" in {f.rule | some f in copyright.info} with input as inp
}

# --- Lawful access: paywall circumvention ---

test_tdm_paywall_circumvention_blocks if {
	inp := tdm_doc(crawled(object.union(all_checks, {"crawler": "ExampleBot", "paywall_circumvention": true}), {}), system({}))
	blocks("TDM-LAWFUL-ACCESS") with input as inp
}

test_tdm_paywall_circumvention_not_excused_by_research if {
	ds := crawled({"paywall_circumvention": true, "research_exception": true}, {})
	inp := tdm_doc(ds, system({"exclusion": "research-only"}))
	blocks("TDM-LAWFUL-ACCESS") with input as inp
}

test_tdm_no_paywall_circumvention_passes if {
	inp := tdm_doc(crawled(object.union(all_checks, {"crawler": "ExampleBot", "paywall_circumvention": false}), {}), system({}))
	not blocks("TDM-LAWFUL-ACCESS") with input as inp
	"TDM-LAWFUL-ACCESS" in copyright.applies with input as inp
}

test_tdm_check_warns_without_a_named_crawler if {
	inp := tdm_doc(crawled(object.remove(all_checks, ["crawler"]), {}), system({}))
	warns("TDM-OPTOUT-CHECK") with input as inp
	not warns("TDM-OPTOUT-CHECK") with input as tdm_doc(crawled(object.union(all_checks, {"crawler": "ExampleBot"}), {}), system({}))
}

# --- TDM scope unknown: no region and no GPAI model stated ---

nowhere := system({"deployment": {"regions": []}})

undetermined_rules(inp) := {u.rule | some u in copyright.undetermined with input as inp}

test_tdm_unknown_scope_is_undetermined_not_silent if {
	inp := tdm_doc(crawled(object.union(all_checks, {"robots_txt_honoured": false}), {}), nowhere)
	count(copyright.deny) == 0 with input as inp
	undetermined_rules(inp) == {"TDM-OPTOUT-1"}
	some u in copyright.undetermined with input as inp
	u.path == "/system/deployment/regions"
	contains(u.why, "dataset web")
}

test_tdm_unknown_scope_names_each_rule_the_dataset_would_break if {
	tdm := {"reserved_items_included": 4, "c2pa_reserved_items_included": 2, "paywall_circumvention": true}
	inp := tdm_doc(crawled(tdm, {"modalities": ["image"]}), nowhere)
	undetermined_rules(inp) == {"TDM-OPTOUT-CHECK", "TDM-OPTOUT-1", "C2PA-TDM", "TDM-LAWFUL-ACCESS"}
	count(copyright.warn) == 0 with input as inp
}

test_tdm_unknown_scope_with_every_check_honoured_stays_silent if {
	inp := tdm_doc(crawled(all_checks, {"modalities": ["image"]}), nowhere)
	count(copyright.undetermined) == 0 with input as inp
}

test_tdm_unknown_scope_respects_the_licence if {
	tdm := object.union(all_checks, {"reserved_items_included": 12, "reserved_items_licensed": true})
	count(copyright.undetermined) == 0 with input as tdm_doc(crawled(tdm, {}), nowhere)
}

test_tdm_scope_known_leaves_nothing_undetermined if {
	tdm := object.union(all_checks, {"robots_txt_honoured": false})
	count(copyright.undetermined) == 0 with input as tdm_doc(crawled(tdm, {}), system({"deployment": {"regions": ["US"]}}))
	gpai := doc(crawled(tdm, {}), {"name": "m", "licence": "MIT", "gpai": true}, nowhere)
	count(copyright.undetermined) == 0 with input as gpai
	blocks("TDM-OPTOUT-1") with input as gpai
}

# --- A training dataset that does not say where it came from ---

unsourced(tdm) := object.remove(crawled(tdm, {}), ["source_type"])

test_tdm_unstated_origin_with_kept_reservations_is_undetermined_on_source_type if {
	inp := tdm_doc(unsourced(object.union(all_checks, {"reserved_items_included": 40})), system({}))
	count(copyright.deny) == 0 with input as inp
	undetermined_rules(inp) == {"TDM-OPTOUT-1"}
	some u in copyright.undetermined with input as inp
	u.path == "/datasets/0/source_type"
}

test_tdm_unstated_origin_without_checks_asks_for_the_origin if {
	inp := tdm_doc(unsourced({}), system({}))
	count(copyright.warn) == 0 with input as inp
	undetermined_rules(inp) == {"TDM-OPTOUT-CHECK"}
}

test_tdm_unstated_origin_with_every_check_honoured_is_silent if {
	count(copyright.undetermined) == 0 with input as tdm_doc(unsourced(all_checks), system({}))
}

test_tdm_stated_licensed_origin_is_not_asked_about_crawling if {
	ds := object.union(crawled({"reserved_items_included": 40}, {}), {"source_type": "licensed"})
	count(copyright.undetermined) == 0 with input as tdm_doc(ds, system({}))
}
