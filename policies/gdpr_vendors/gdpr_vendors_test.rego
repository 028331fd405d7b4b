package cleangate.gdpr_vendors_test

import rego.v1

import data.cleangate.gdpr_vendors as v

ok_vendor := {
	"name": "CleanChat API", "role": "processor", "receives_personal_data": true,
	"dpa": "https://vendor.example/dpa", "sub_processors": "https://vendor.example/subprocessors",
	"regions": ["IE"], "trains_on_customer_data": false, "prompt_retention": "0 days (zero retention)",
}

doc(vendor) := {
	"system": {"name": "s", "roles": ["deployer"], "deployment": {"regions": ["DE"]}, "vendors": [vendor]},
	"models": [],
	"context": {"as_of": "2026-09-15"},
}

ids(set) := {f.rule | some f in set}

deny_ids(d) := x if {
	x := ids(v.deny) with input as d
}

warn_ids(d) := x if {
	x := ids(v.warn) with input as d
}

und_ids(d) := x if {
	x := ids(v.undetermined) with input as d
}

test_a_well_documented_eu_processor_passes if {
	d := doc(ok_vendor)
	count(v.deny) == 0 with input as d
	count(v.warn) == 0 with input as d
	count(v.undetermined) == 0 with input as d
	"GDPR-28-DPA" in v.applies with input as d
}

test_processor_without_dpa_blocks if "GDPR-28-DPA" in deny_ids(doc(json.remove(ok_vendor, ["dpa"])))

test_controller_needs_no_dpa if not "GDPR-28-DPA" in deny_ids(doc(object.union(json.remove(ok_vendor, ["dpa"]), {"role": "controller"})))

test_role_unstated_is_undetermined if "GDPR-28-DPA" in und_ids(doc(json.remove(ok_vendor, ["role"])))

test_no_personal_data_is_the_clear_path if {
	d := doc({"name": "Translator", "receives_personal_data": false, "regions": ["US"]})
	count(v.deny) == 0 with input as d
	count(v.undetermined) == 0 with input as d
}

test_sub_processor_list_missing_warns if "GDPR-28-SUB" in warn_ids(doc(json.remove(ok_vendor, ["sub_processors"])))

test_vendor_training_needs_its_own_basis if {
	"GDPR-VENDOR-TRAIN" in deny_ids(doc(object.union(ok_vendor, {"trains_on_customer_data": true})))
	not "GDPR-VENDOR-TRAIN" in deny_ids(doc(object.union(ok_vendor, {"trains_on_customer_data": true, "training_lawful_basis": "consent"})))
	"GDPR-VENDOR-TRAIN" in und_ids(doc(json.remove(ok_vendor, ["trains_on_customer_data"])))
}

test_retention_unstated_warns if "GDPR-VENDOR-RETENTION" in warn_ids(doc(json.remove(ok_vendor, ["prompt_retention"])))

test_us_vendor_needs_dpf_for_adequacy if {
	us := object.union(ok_vendor, {"regions": ["US"], "transfer_mechanism": "adequacy"})
	"GDPR-44-49-VENDOR" in deny_ids(doc(us))
	not "GDPR-44-49-VENDOR" in deny_ids(doc(object.union(us, {"dpf_certified": true})))
}

test_vendor_transfer_without_mechanism_blocks if {
	"GDPR-44-49-VENDOR" in deny_ids(doc(object.union(ok_vendor, {"regions": ["IN"]})))
	"GDPR-44-49-VENDOR" in deny_ids(doc(object.union(ok_vendor, {"regions": ["IN"], "transfer_mechanism": "adequacy"})))
}

test_scc_vendor_needs_module_and_tia if {
	scc := object.union(ok_vendor, {"regions": ["US"], "transfer_mechanism": "scc"})
	not "GDPR-44-49-VENDOR" in deny_ids(doc(scc))
	"GDPR-46-VENDOR" in warn_ids(doc(scc))
	not "GDPR-46-VENDOR" in warn_ids(doc(object.union(scc, {"scc_module": "2", "transfer_impact_assessment": "https://x.example/tia"})))
}

dd := {"training_summary_reviewed": "https://x.example/a", "copyright_policy_reviewed": "https://x.example/b", "gdpr_statement": "https://x.example/c"}

model_doc(models) := {
	"system": {"name": "s", "roles": ["deployer"], "deployment": {"regions": ["DE"]}},
	"models": models,
	"context": {"as_of": "2026-09-15"},
}

test_third_party_model_without_due_diligence_warns if {
	"GDPR-DD-MODEL" in warn_ids(model_doc([{"name": "vendor-llm", "role": "deployer"}]))
	"GDPR-DD-MODEL" in warn_ids(model_doc([{"name": "tuned", "role": "provider", "base_model": "base"}, {"name": "base"}]))
}

test_third_party_model_with_due_diligence_or_own_model_is_silent if {
	not "GDPR-DD-MODEL" in warn_ids(model_doc([{"name": "vendor-llm", "role": "deployer", "supplier_due_diligence": dd}]))
	not "GDPR-DD-MODEL" in warn_ids(model_doc([{"name": "own", "role": "provider"}]))
}
