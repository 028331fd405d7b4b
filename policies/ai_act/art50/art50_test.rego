package cleangate.ai_act.art50_test

import rego.v1

# --- helpers: build an input from a small patch, collect rule ids per set --------------------

base := {
	"system": {
		"name": "Test system",
		"roles": ["provider"],
		"deployment": {"regions": ["DE"], "placed_on_market": "2026-09-01"},
		"capabilities": {},
		"transparency": {},
		"risk": {},
	},
	"evidence": {},
	"context": {"as_of": "2026-09-15"},
}

doc(system) := object.union(base, {"system": system})

patched(d, system) := object.union(d, {"system": system})

at(d, day) := object.union(d, {"context": {"as_of": day}})

deny_ids(d) := ids if {
	found := data.cleangate.ai_act.art50.deny with input as d
	ids := {f.rule | some f in found}
}

warn_ids(d) := ids if {
	found := data.cleangate.ai_act.art50.warn with input as d
	ids := {f.rule | some f in found}
}

info_ids(d) := ids if {
	found := data.cleangate.ai_act.art50.info with input as d
	ids := {f.rule | some f in found}
}

applies(d) := found if {
	found := data.cleangate.ai_act.art50.applies with input as d
}

# --- Art 50(1) ---------------------------------------------------------------------------------

chatbot := doc({"capabilities": {"interacts_with_persons": true}})

disclosed_chatbot := doc({
	"capabilities": {"interacts_with_persons": true},
	"transparency": {"ai_interaction": {"mechanism": "ui-banner", "timing": "first-interaction", "accessible": true}},
})

test_50_1_fires_without_notice if "AIACT-50-1" in deny_ids(chatbot)

test_50_1_silent_with_notice if {
	not "AIACT-50-1" in deny_ids(disclosed_chatbot)
	"AIACT-50-1" in applies(disclosed_chatbot)
}

test_50_1_silent_before_application_date if {
	d := at(chatbot, "2026-08-01")
	not "AIACT-50-1" in deny_ids(d)
	not "AIACT-50-1" in applies(d)
}

test_50_1_fires_on_application_date if "AIACT-50-1" in deny_ids(at(chatbot, "2026-08-02"))

test_50_1_silent_outside_eu if not "AIACT-50-1" in deny_ids(patched(chatbot, {"deployment": {"regions": ["US"]}}))

test_50_1_silent_for_pure_deployer if not "AIACT-50-1" in deny_ids(patched(chatbot, {"roles": ["deployer"]}))

test_50_1_silent_for_research_only if {
	not "AIACT-50-1" in deny_ids(patched(chatbot, {"exclusion": "research-only"}))
}

test_50_1_open_source_is_not_exempt if {
	d := patched(chatbot, {"open_source": true})
	"AIACT-50-1" in deny_ids(d)
}

test_50_1_obvious_without_rationale_blocks if {
	d := patched(chatbot, {"transparency": {"ai_interaction": {"exemption": "obvious"}}})
	"AIACT-50-1" in deny_ids(d)
}

test_50_1_obvious_with_rationale_warns if {
	d := patched(chatbot, {"transparency": {"ai_interaction": {
		"exemption": "obvious",
		"exemption_rationale": "https://x.example/why-obvious",
	}}})
	not "AIACT-50-1" in deny_ids(d)
	"AIACT-50-1-OBVIOUS" in warn_ids(d)
}

test_50_1_obvious_not_credible_for_human_persona if {
	d := patched(chatbot, {"transparency": {"ai_interaction": {
		"exemption": "obvious",
		"exemption_rationale": "https://x.example/why-obvious",
		"human_persona": true,
	}}})
	"AIACT-50-1" in deny_ids(d)
	not "AIACT-50-1-OBVIOUS" in warn_ids(d)
}

test_50_1_obvious_silent_with_notice if not "AIACT-50-1-OBVIOUS" in warn_ids(disclosed_chatbot)

test_50_1_law_enforcement_exception if {
	d := patched(chatbot, {"capabilities": {"law_enforcement_authorised": true}})
	not "AIACT-50-1" in deny_ids(d)
}

test_50_1_law_enforcement_open_for_crime_reporting_is_not_exempt if {
	d := patched(chatbot, {"capabilities": {
		"law_enforcement_authorised": true,
		"public_crime_reporting": true,
	}})
	"AIACT-50-1" in deny_ids(d)
}

test_50_1_no_direct_interaction_exemption if {
	d := patched(chatbot, {"transparency": {"ai_interaction": {"exemption": "no-direct-interaction"}}})
	not "AIACT-50-1" in deny_ids(d)
	"AIACT-50-EXEMPTION" in info_ids(d)
}

# --- Art 50(2) ---------------------------------------------------------------------------------

generator := doc({"capabilities": {"synthetic_output_modalities": ["image"], "output_kinds": ["content"]}})

marked := patched(generator, {"transparency": {"marking": {
	"c2pa": {
		"modalities": ["image"],
		"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
	},
	"watermark": {"scheme": "trustmark", "modalities": ["image"]},
	"detection": "https://detect.example",
}}})

test_50_2_fires_without_marking if "AIACT-50-2" in deny_ids(generator)

test_50_2_silent_with_marking_and_detection if {
	not "AIACT-50-2" in deny_ids(marked)
	"AIACT-50-2" in applies(marked)
}

test_50_2_watermark_alone_is_marking if {
	d := patched(generator, {"transparency": {"marking": {
		"watermark": {"scheme": "wm", "modalities": ["image"]},
		"detection": "https://detect.example",
	}}})
	not "AIACT-50-2" in deny_ids(d)
}

test_50_2_fires_without_detection if {
	d := json.remove(marked, ["system/transparency/marking/detection"])
	"AIACT-50-2" in deny_ids(d)
}

test_50_2_text_needs_a_watermark if {
	d := doc({
		"capabilities": {"synthetic_output_modalities": ["text"]},
		"transparency": {"marking": {"c2pa": {"modalities": ["text"]}, "detection": "https://detect.example"}},
	})
	"AIACT-50-2" in deny_ids(d)
}

test_50_2_text_watermark_passes if {
	d := doc({
		"capabilities": {"synthetic_output_modalities": ["text"]},
		"transparency": {"marking": {
			"watermark": {"scheme": "wm", "modalities": ["text"]},
			"detection": "https://d.example",
		}},
	})
	not "AIACT-50-2" in deny_ids(d)
}

test_50_2_invalid_sample_fires if {
	d := object.union(marked, {"evidence": {"c2pa_samples": [{
		"modality": "image",
		"validation_state": "Invalid",
		"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
	}]}})
	"AIACT-50-2" in deny_ids(d)
}

test_50_2_camera_capture_sample_fires if {
	d := object.union(marked, {"evidence": {"c2pa_samples": [{
		"modality": "image",
		"validation_state": "Valid",
		"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
	}]}})
	"AIACT-50-2" in deny_ids(d)
}

test_50_2_trusted_ai_sample_passes if {
	d := object.union(marked, {"evidence": {"c2pa_samples": [{
		"modality": "image",
		"validation_state": "Trusted",
		"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
	}]}})
	not "AIACT-50-2" in deny_ids(d)
}

test_50_2_standard_editing_exemption if {
	claim := {"modality": "image", "exemption": "standard-editing", "reason": "https://x.example/why"}
	d := patched(generator, {"transparency": {"marking": {"exemptions": [claim]}}})
	not "AIACT-50-2" in deny_ids(d)
	"AIACT-50-EXEMPTION" in info_ids(d)
}

test_50_2_no_substantial_alteration_exemption if {
	claim := {"modality": "image", "exemption": "no-substantial-alteration", "reason": "https://x.example/why"}
	d := patched(generator, {"transparency": {"marking": {"exemptions": [claim]}}})
	not "AIACT-50-2" in deny_ids(d)
}

test_50_2_bare_system_wide_editing_claim_does_not_exempt if {
	d := patched(generator, {"transparency": {"marking": {"exemption": "standard-editing"}}})
	"AIACT-50-2" in deny_ids(d)
}

test_50_2_exemption_for_another_modality_does_not_exempt if {
	claim := {"modality": "text", "exemption": "standard-editing", "reason": "https://x.example/why"}
	"AIACT-50-2" in deny_ids(patched(generator, {"transparency": {"marking": {"exemptions": [claim]}}}))
}

undetermined_ids(d) := ids if {
	found := data.cleangate.ai_act.art50.undetermined with input as d
	ids := {u.rule | some u in found}
}

undetermined_facts(d, rule) := {u.path |
	some u in data.cleangate.ai_act.art50.undetermined with input as d
	u.rule == rule
}

test_50_1_undetermined_without_roles if {
	d := patched(chatbot, {"roles": []})
	undetermined_facts(d, "AIACT-50-1") == {"/system/roles"}
	not "AIACT-50-1" in deny_ids(d)
}

test_50_1_not_undetermined_when_disclosed if {
	d := patched(chatbot, {"roles": [], "transparency": {"ai_interaction": {"mechanism": "ui-banner"}}})
	not "AIACT-50-1" in undetermined_ids(d)
}

test_50_1_downstream_provider_is_a_provider if {
	"AIACT-50-1" in deny_ids(patched(chatbot, {"roles": ["downstream-provider"]}))
}

test_50_1_undetermined_without_interaction_fact if {
	d := doc({"capabilities": {"synthetic_output_modalities": []}})
	undetermined_facts(d, "AIACT-50-1") == {"/system/capabilities/interacts_with_persons"}
	not "AIACT-50-1" in undetermined_ids(doc({"capabilities": {"interacts_with_persons": false}}))
}

test_50_1_undetermined_without_regions if {
	d := object.union(chatbot, {"system": {"deployment": {"regions": []}}})
	"/system/deployment/regions" in undetermined_facts(d, "AIACT-50-1")
}

test_50_2_undetermined_without_modalities if {
	d := doc({"capabilities": {"interacts_with_persons": false}})
	undetermined_facts(d, "AIACT-50-2") == {"/system/capabilities/synthetic_output_modalities"}
	none := doc({"capabilities": {"interacts_with_persons": false, "synthetic_output_modalities": []}})
	not "AIACT-50-2" in undetermined_ids(none)
}

test_50_2_short_text_outputs_need_no_marking if {
	d := doc({"capabilities": {"synthetic_output_modalities": ["text"], "max_text_output_tokens": 50}})
	not "AIACT-50-2" in deny_ids(d)
	"AIACT-50-EXEMPTION" in info_ids(d)
	long := doc({"capabilities": {"synthetic_output_modalities": ["text"], "max_text_output_tokens": 500}})
	"AIACT-50-2" in deny_ids(long)
}

test_50_2_inherited_watermark_needs_the_model_and_detection if {
	marking := {"watermark": {"scheme": "SynthID-Text", "modalities": ["text"], "inherited_from": "vendor-llm"}}
	text_gen := doc({"capabilities": {"synthetic_output_modalities": ["text"]}, "transparency": {"marking": marking}})
	with_model := object.union(text_gen, {"models": [{"name": "vendor-llm"}]})
	"AIACT-50-2" in deny_ids(with_model)
	detection := {"system": {"transparency": {"marking": {"detection": "https://v.example/detect"}}}}
	detected := object.union(with_model, detection)
	not "AIACT-50-2" in deny_ids(detected)
	"AIACT-50-2" in deny_ids(object.union(text_gen, detection))
}

test_50_2_undetermined_without_placing_date_inside_the_window if {
	d := object.union(generator, {"system": {"deployment": {"placed_on_market": null}}})
	undetermined_facts(d, "AIACT-50-2") == {"/system/deployment/placed_on_market"}
	not "AIACT-50-2" in deny_ids(d)
}

test_50_4_df_undetermined_without_roles if {
	d := doc({"roles": [], "capabilities": {"deepfake_output": true, "interacts_with_persons": false}})
	"AIACT-50-4-DF" in undetermined_ids(d)
	"AIACT-50-3" in undetermined_ids(doc({"roles": [], "capabilities": {"emotion_recognition": true}}))
	"AIACT-50-4-TXT" in undetermined_ids(doc({"roles": [], "capabilities": {"public_interest_text": true}}))
}

test_personal_use_keeps_provider_duties if {
	"AIACT-50-1" in deny_ids(patched(chatbot, {"exclusion": "personal-non-professional"}))
}

test_50_2_law_enforcement_exemption if {
	d := patched(generator, {"capabilities": {"law_enforcement_authorised": true}})
	not "AIACT-50-2" in deny_ids(d)
}

test_50_2_source_code_only_is_out_of_scope if {
	d := doc({"capabilities": {"synthetic_output_modalities": ["text"], "output_kinds": ["source-code"]}})
	not "AIACT-50-2" in deny_ids(d)
	not "AIACT-50-2" in applies(d)
}

test_50_2_legacy_warns_in_grace_period if {
	d := patched(generator, {"deployment": {"placed_on_market": "2026-03-01"}})
	not "AIACT-50-2" in deny_ids(d)
	"AIACT-50-2-TRANSITION" in warn_ids(d)
}

test_50_2_legacy_blocks_after_grace_period if {
	d := at(patched(generator, {"deployment": {"placed_on_market": "2026-03-01"}}), "2026-12-02")
	"AIACT-50-2" in deny_ids(d)
	not "AIACT-50-2-TRANSITION" in warn_ids(d)
}

test_50_2_transition_silent_for_new_system if not "AIACT-50-2-TRANSITION" in warn_ids(generator)

# --- Art 50(3) ---------------------------------------------------------------------------------

emotion := doc({"roles": ["deployer"], "capabilities": {"emotion_recognition": true}})

test_50_3_fires_without_notice if "AIACT-50-3" in deny_ids(emotion)

test_50_3_biometric_categorisation_fires if {
	"AIACT-50-3" in deny_ids(doc({"roles": ["deployer"], "capabilities": {"biometric_categorisation": true}}))
}

test_50_3_silent_with_notice if {
	not "AIACT-50-3" in deny_ids(patched(emotion, {"transparency": {"emotion_notice": {"mechanism": "sign"}}}))
}

test_50_3_silent_for_provider_only if not "AIACT-50-3" in deny_ids(patched(emotion, {"roles": ["provider"]}))

test_50_3_law_enforcement_exception if {
	not "AIACT-50-3" in deny_ids(patched(emotion, {"capabilities": {"law_enforcement_authorised": true}}))
}

# --- Art 50(4) deep fakes ------------------------------------------------------------------------

deepfake := doc({"roles": ["deployer"], "capabilities": {"deepfake_output": true}})

test_50_4_df_fires_without_label if "AIACT-50-4-DF" in deny_ids(deepfake)

test_50_4_df_watermark_only_is_not_a_disclosure if {
	"AIACT-50-4-DF" in deny_ids(patched(deepfake, {"transparency": {"deepfake": {"label": "watermark-only"}}}))
}

test_50_4_df_silent_with_label if {
	not "AIACT-50-4-DF" in deny_ids(patched(deepfake, {"transparency": {"deepfake": {"label": "eu-icon"}}}))
}

test_50_4_df_artistic_work_with_existence_statement_passes if {
	d := patched(deepfake, {"transparency": {"deepfake": {
		"artistic_work": true,
		"existence_disclosure": "end credits",
	}}})
	not "AIACT-50-4-DF" in deny_ids(d)
	"AIACT-50-EXEMPTION" in info_ids(d)
}

test_50_4_df_artistic_work_still_needs_a_statement if {
	d := patched(deepfake, {"transparency": {"deepfake": {"artistic_work": true}}})
	"AIACT-50-4-DF" in deny_ids(d)
}

test_50_4_df_law_enforcement_exception if {
	not "AIACT-50-4-DF" in deny_ids(patched(deepfake, {"capabilities": {"law_enforcement_authorised": true}}))
}

# --- Art 50(4) public-interest text -----------------------------------------------------------

news := doc({"roles": ["deployer"], "capabilities": {"public_interest_text": true}})

test_50_4_txt_fires_without_disclosure if "AIACT-50-4-TXT" in deny_ids(news)

test_50_4_txt_silent_with_disclosure if {
	d := patched(news, {"transparency": {"public_interest_text": {"disclosure": "byline"}}})
	not "AIACT-50-4-TXT" in deny_ids(d)
}

test_50_4_txt_editorial_exception_needs_both_limbs if {
	reviewed := patched(news, {"transparency": {"public_interest_text": {"human_review": true}}})
	"AIACT-50-4-TXT" in deny_ids(reviewed)
	both := patched(reviewed, {"transparency": {"public_interest_text": {"editorial_responsible": "J. Roe"}}})
	not "AIACT-50-4-TXT" in deny_ids(both)
}

test_50_4_txt_editor_without_review_is_not_enough if {
	d := patched(news, {"transparency": {"public_interest_text": {"editorial_responsible": "J. Roe"}}})
	"AIACT-50-4-TXT" in deny_ids(d)
}

test_50_4_txt_law_enforcement_exception if {
	not "AIACT-50-4-TXT" in deny_ids(patched(news, {"capabilities": {"law_enforcement_authorised": true}}))
}

# --- Art 50(5) ---------------------------------------------------------------------------------

test_50_5_fires_for_tos_only_notice if {
	d := patched(disclosed_chatbot, {"transparency": {"ai_interaction": {"timing": "tos-only"}}})
	"AIACT-50-5" in deny_ids(d)
	not "AIACT-50-1" in deny_ids(d)
}

test_50_5_fires_for_inaccessible_notice if {
	d := patched(disclosed_chatbot, {"transparency": {"ai_interaction": {"accessible": false}}})
	"AIACT-50-5" in deny_ids(d)
}

test_50_5_fires_for_late_deepfake_label if {
	d := patched(deepfake, {"transparency": {"deepfake": {"label": "text-label", "timing": "settings-page"}}})
	"AIACT-50-5" in deny_ids(d)
}

test_50_5_silent_at_first_interaction if {
	not "AIACT-50-5" in deny_ids(disclosed_chatbot)
	"AIACT-50-5" in applies(disclosed_chatbot)
}

test_50_5_silent_when_article_does_not_apply if {
	d := at(patched(disclosed_chatbot, {"transparency": {"ai_interaction": {"timing": "tos-only"}}}), "2026-07-01")
	not "AIACT-50-5" in deny_ids(d)
}

test_exemption_info_silent_without_exemption if not "AIACT-50-EXEMPTION" in info_ids(marked)
