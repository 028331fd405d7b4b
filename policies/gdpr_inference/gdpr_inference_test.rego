package cleangate.gdpr_inference_test

import rego.v1

import data.cleangate.gdpr_inference as g

ok := {
	"processes_personal_data": true, "kinds": ["chat-logs"],
	"information_notice": "https://x.example/privacy", "dpia_not_required": "screened 2026-05: no Art 35(3) criterion",
	"retention": "30 days", "access_control": "https://x.example/rbac",
	"prompt_injection_controls": "https://x.example/pi", "data_leak_controls": "https://x.example/dlp",
}

doc(inf, patch) := {
	"system": object.union({"name": "Support bot", "roles": ["deployer"], "deployment": {"regions": ["FR"]}, "capabilities": {"interacts_with_persons": true}, "inference_data": inf}, patch),
	"context": {"as_of": "2026-09-15"},
}

ids(set) := {f.rule | some f in set}

deny_ids(d) := x if {
	x := ids(g.deny) with input as d
}

warn_ids(d) := x if {
	x := ids(g.warn) with input as d
}

test_documented_inference_processing_passes if {
	d := doc(ok, {})
	count(g.deny) == 0 with input as d
	count(g.warn) == 0 with input as d
	count(g.undetermined) == 0 with input as d
	"GDPR-INF-13" in g.applies with input as d
}

test_no_personal_data_is_the_clear_path if {
	d := doc({"processes_personal_data": false}, {})
	count(g.deny) == 0 with input as d
	count(g.undetermined) == 0 with input as d
	count(g.applies) == 0 with input as d
}

test_unstated_personal_data_of_a_chatbot_is_undetermined if {
	"GDPR-INF-13" in ids(g.undetermined) with input as doc({}, {})
	count(g.undetermined) == 0 with input as doc({}, {"capabilities": {"interacts_with_persons": false}})
}

test_missing_notice_and_retention_block if {
	d := doc(json.remove(ok, ["information_notice", "retention"]), {})
	"GDPR-INF-13" in deny_ids(d)
	"GDPR-INF-RETENTION" in deny_ids(d)
}

test_dpia_required_for_special_categories if {
	d := doc(object.union(ok, {"special_categories": ["health"]}), {})
	"GDPR-INF-35" in deny_ids(d)
	not "GDPR-INF-35" in deny_ids(doc(object.union(ok, {"special_categories": ["health"], "dpia": "https://x.example/dpia"}), {}))
	not "GDPR-INF-35" in deny_ids(object.union(d, {"governance": {"dpia": "https://x.example/dpia"}}))
}

test_dpia_screening_warns_without_criteria if {
	"GDPR-INF-35-SCREEN" in warn_ids(doc(json.remove(ok, ["dpia_not_required"]), {}))
	not "GDPR-INF-35" in deny_ids(doc(json.remove(ok, ["dpia_not_required"]), {}))
}

test_security_controls_warn_each if {
	d := doc(json.remove(ok, ["prompt_injection_controls", "data_leak_controls"]), {})
	count({f | some f in g.warn; f.rule == "GDPR-INF-32"}) == 2 with input as d
}

test_outside_gdpr_scope_is_silent if {
	d := doc(json.remove(ok, ["information_notice"]), {"deployment": {"regions": ["US"]}, "established_in_eu": false})
	count(g.deny) == 0 with input as d
}
