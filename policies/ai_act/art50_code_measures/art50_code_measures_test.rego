package cleangate.ai_act.art50_code_measures_test

import rego.v1

import data.cleangate.ai_act.art50
import data.cleangate.ai_act.art50_code_measures as cop

doc(modalities, caps, marking, code) := {
	"system": {
		"name": "Studio", "roles": ["provider"], "deployment": {"regions": ["DE"], "placed_on_market": "2026-09-01"},
		"capabilities": object.union({"interacts_with_persons": false, "synthetic_output_modalities": modalities}, caps),
		"transparency": {"marking": marking, "code_of_practice": code},
	},
	"context": {"as_of": "2026-12-15"},
}

ids(set) := {f.rule | some f in set}

text_wm(extra) := {"watermark": object.union({"scheme": "wm", "modalities": ["text"]}, extra), "detection": "https://x.example/detect"}

# --- text marking ---------------------------------------------------------------------------------

test_text_watermark_from_200_tokens_passes if {
	d := doc(["text"], {}, text_wm({"min_text_tokens": 200}), {})
	not "AIACT-50-COP-TEXT" in ids(cop.warn) with input as d
	"AIACT-50-COP-TEXT" in cop.applies with input as d
	count(art50.deny) == 0 with input as d
}

test_text_watermark_from_a_longer_length_warns if {
	d := doc(["text"], {}, text_wm({"min_text_tokens": 500}), {})
	some f in cop.warn with input as d
	f.rule == "AIACT-50-COP-TEXT"
	contains(f.message, "201 to 500 tokens")
}

test_text_rule_follows_the_act_scope if {
	# very short text outputs are out of Art 50(2) scope, so the Code asks nothing either
	short := doc(["text"], {"max_text_output_tokens": 150}, text_wm({"min_text_tokens": 500}), {})
	not "AIACT-50-COP-TEXT" in ids(cop.warn) with input as short
	not "AIACT-50-COP-TEXT" in cop.applies with input as short

	# the threshold is the organisation's ai_act.text_marking_min_tokens setting, as for AIACT-50-2
	raised := doc(["text"], {}, text_wm({"min_text_tokens": 500}), {})
	not "AIACT-50-COP-TEXT" in ids(cop.warn) with input as raised
		with data.cleangate.config.ai_act.text_marking_min_tokens as 600

	# unmarked text is the Act rule's block, not a Code warning
	bare := doc(["text"], {}, {"detection": "https://x.example/detect"}, {})
	not "AIACT-50-COP-TEXT" in ids(cop.warn) with input as bare
	"AIACT-50-2" in ids(art50.deny) with input as bare
}

test_text_rule_silent_for_a_deployer if {
	d := object.union(doc(["text"], {}, text_wm({"min_text_tokens": 500}), {}), {"system": {"roles": ["deployer"]}})
	count(cop.warn) == 0 with input as d
}

# --- detection per technique ----------------------------------------------------------------------

two_layers(c2pa, wm) := {
	"c2pa": object.union({"modalities": ["image"], "digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}, c2pa),
	"watermark": object.union({"scheme": "wm", "modalities": ["image"]}, wm),
	"detection": "https://x.example/detect",
}

test_each_technique_with_its_route_passes if {
	d := doc(["image"], {}, two_layers({"detection": "https://x.example/c2pa"}, {"detection": "https://x.example/wm"}), {})
	not "AIACT-50-COP-ROUTE" in ids(cop.warn) with input as d
	"AIACT-50-COP-ROUTE" in cop.applies with input as d
}

test_shared_route_for_two_techniques_warns_per_technique if {
	d := doc(["image"], {}, two_layers({}, {"detection": "https://x.example/wm"}), {})
	{f.path | some f in cop.warn; f.rule == "AIACT-50-COP-ROUTE"} == {"/system/transparency/marking/c2pa/detection"} with input as d
	both := doc(["image"], {}, two_layers({}, {}), {})
	count({f | some f in cop.warn; f.rule == "AIACT-50-COP-ROUTE"}) == 2 with input as both
}

test_single_technique_uses_the_shared_route if {
	d := doc(["image"], {}, json.remove(two_layers({}, {}), ["c2pa"]), {})
	not "AIACT-50-COP-ROUTE" in ids(cop.warn) with input as d
	not "AIACT-50-COP-ROUTE" in cop.applies with input as d
}

test_a_technique_route_alone_satisfies_the_act_detection_duty if {
	d := doc(["image"], {}, json.remove(two_layers({}, {"detection": "https://x.example/wm"}), ["c2pa", "detection"]), {})
	count(art50.deny) == 0 with input as d
}

# --- signatory status -----------------------------------------------------------------------------

test_non_signatory_gets_an_info if {
	d := doc(["text"], {}, text_wm({}), {"signatory": false})
	some f in cop.info with input as d
	f.rule == "AIACT-50-COP-SIGNATORY"
	contains(f.message, "no presumption of conformity")
	count(cop.warn) == 0 with input as d
}

test_signatory_or_unstated_gets_no_info if {
	count(cop.info) == 0 with input as doc(["text"], {}, text_wm({}), {"signatory": true})
	count(cop.info) == 0 with input as doc(["text"], {}, text_wm({}), {})
}

test_signatory_info_only_where_art50_2_binds if {
	# no generated content: Art 50(2) does not bind, so the Code's status is not reported
	count(cop.info) == 0 with input as doc([], {}, {}, {"signatory": false})
	before := object.union(doc(["text"], {}, text_wm({}), {"signatory": false}), {"context": {"as_of": "2026-07-01"}})
	count(cop.info) == 0 with input as before
}
