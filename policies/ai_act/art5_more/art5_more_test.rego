package cleangate.ai_act.art5_more_test

import rego.v1

import data.cleangate.ai_act.art5_more as a5

gen(patch) := object.union(
	{
		"system": {
			"name": "Pixel studio", "roles": ["provider"], "deployment": {"regions": ["DE"]},
			"capabilities": {"synthetic_output_modalities": ["image"]},
		},
		"context": {"as_of": "2026-12-02"},
	},
	patch,
)

safe := {"system": {"generation_safeguards": {"ncii_safeguards": "https://x.example/ncii", "csam_safeguards": "https://x.example/csam"}}}

ids(set) := {f.rule | some f in set}

und(d) := x if {
	x := ids(a5.undetermined) with input as d
}

deny_ids(d) := x if {
	x := ids(a5.deny) with input as d
}

test_image_generator_without_safeguards_is_undetermined_from_2_dec_2026 if {
	d := gen({})
	"AIACT-5-1ba" in und(d)
	"AIACT-5-1bb" in und(d)
	count(und(gen({"context": {"as_of": "2026-12-01"}}))) == 0
}

test_image_generator_with_safeguards_is_judged if {
	d := gen(safe)
	count(und(d)) == 0
	count(a5.deny) == 0 with input as d
	"AIACT-5-1ba" in a5.applies with input as d
}

test_audio_generator_needs_ncii_but_not_csam_safeguards if {
	d := gen({"system": {"capabilities": {"synthetic_output_modalities": ["audio"]}}})
	"AIACT-5-1ba" in und(d)
	not "AIACT-5-1bb" in und(d)
}

test_text_only_system_is_not_asked if count(und(gen({"system": {"capabilities": {"synthetic_output_modalities": ["text"]}}}))) == 0

test_intimate_imagery_purpose_without_consent_blocks if {
	d := gen(object.union(safe, {"system": {"generation_safeguards": {"intimate_imagery_purpose": true}}}))
	"AIACT-5-1ba" in deny_ids(d)
}

test_deployer_limb_blocks_too if {
	d := gen({"system": {"roles": ["deployer"], "capabilities": {"synthetic_output_modalities": []}, "generation_safeguards": {"intimate_imagery_purpose": true}}})
	"AIACT-5-1ba" in deny_ids(d)
}

test_explicit_consent_or_editing_exclusion_lifts_the_ban if {
	consent := {"system": {"generation_safeguards": {"intimate_imagery_purpose": true, "explicit_consent_verification": "https://x.example/consent"}}}
	not "AIACT-5-1ba" in deny_ids(gen(object.union(safe, consent)))
	edit := {"system": {"generation_safeguards": {"intimate_imagery_purpose": true, "editing_without_more_exposure": true}}}
	not "AIACT-5-1ba" in deny_ids(gen(object.union(safe, edit)))
}

test_csam_none_blocks if "AIACT-5-1bb" in deny_ids(gen({"system": {"generation_safeguards": {"csam_safeguards": "none"}}}))

test_screen_answers_block_each_point if {
	every rule, key in {"AIACT-5-1a": "harmful_manipulation", "AIACT-5-1b": "exploits_vulnerabilities", "AIACT-5-1c": "social_scoring", "AIACT-5-1d": "crime_prediction_by_profiling", "AIACT-5-1e": "untargeted_facial_scraping", "AIACT-5-1h": "realtime_remote_biometric_identification"} {
		rule in deny_ids(gen(object.union(safe, {"system": {"prohibited_practices": {key: true}}})))
		not rule in deny_ids(gen(object.union(safe, {"system": {"prohibited_practices": {key: false}}})))
	}
}

test_rbi_with_authorisation_is_not_blocked if {
	d := gen(object.union(safe, {"system": {"prohibited_practices": {"realtime_remote_biometric_identification": true, "rbi_authorisation": "court order 2027/12"}}}))
	not "AIACT-5-1h" in deny_ids(d)
}

test_outside_the_eu_is_silent if {
	d := gen({"system": {"deployment": {"regions": ["US"]}, "prohibited_practices": {"social_scoring": true}}})
	count(a5.deny) == 0 with input as d
	count(und(d)) == 0
}
