package cleangate.ai_act.art50_code_test

import rego.v1

import data.cleangate.ai_act.art50_code as cop

doc(marking, code, day) := {
	"system": {
		"name": "Pixel studio", "roles": ["provider"], "deployment": {"regions": ["DE"]},
		"capabilities": {"synthetic_output_modalities": ["image"]},
		"transparency": {"marking": marking, "code_of_practice": code},
	},
	"context": {"as_of": day},
}

two_layers := {"c2pa": {"modalities": ["image"]}, "watermark": {"scheme": "wm", "modalities": ["image"]}, "detection": "https://x.example/detect"}

ids(set) := {f.rule | some f in set}

test_two_layers_pass if count(cop.warn) == 0 with input as doc(two_layers, {}, "2026-09-15")

test_one_layer_warns if {
	"AIACT-50-COP-LAYERS" in ids(cop.warn) with input as doc(json.remove(two_layers, ["watermark"]), {}, "2026-09-15")
	"AIACT-50-COP-LAYERS" in ids(cop.warn) with input as doc(json.remove(two_layers, ["c2pa"]), {}, "2026-09-15")
}

test_no_marking_is_left_to_the_act_rule if count(cop.warn) == 0 with input as doc({}, {}, "2026-09-15")

test_interoperable_detection_only_from_2_feb_2027 if {
	not "AIACT-50-COP-DETECT" in ids(cop.warn) with input as doc(two_layers, {}, "2027-02-01")
	"AIACT-50-COP-DETECT" in ids(cop.warn) with input as doc(two_layers, {}, "2027-02-02")
	not "AIACT-50-COP-DETECT" in ids(cop.warn) with input as doc(two_layers, {"detection_interoperable": true}, "2027-02-02")
}

test_fingerprinting_only_warns if {
	"AIACT-50-COP-FINGERPRINT" in ids(cop.warn) with input as doc(two_layers, {"fingerprinting_or_logging_only": true}, "2026-09-15")
}

test_never_before_art50_applies_or_for_deployers if {
	count(cop.warn) == 0 with input as doc(json.remove(two_layers, ["c2pa"]), {}, "2026-08-01")
	d := object.union(doc(json.remove(two_layers, ["c2pa"]), {}, "2026-09-15"), {"system": {"roles": ["deployer"]}})
	count(cop.warn) == 0 with input as d
}
