package cleangate.ai_act.art5_test

import rego.v1

base := {
	"system": {
		"name": "Test system",
		"roles": ["deployer"],
		"deployment": {"regions": ["FR"]},
		"capabilities": {},
		"risk": {},
	},
	"context": {"as_of": "2026-09-15"},
}

doc(system) := object.union(base, {"system": system})

patched(d, system) := object.union(d, {"system": system})

deny_ids(d) := ids if {
	found := data.cleangate.ai_act.art5.deny with input as d
	ids := {f.rule | some f in found}
}

workplace_emotion := doc({"capabilities": {"emotion_recognition": true}, "risk": {"use_contexts": ["workplace"]}})

test_5_1f_fires_at_workplace if "AIACT-5-1f" in deny_ids(workplace_emotion)

test_5_1f_fires_in_education if {
	d := doc({"capabilities": {"emotion_recognition": true}, "risk": {"use_contexts": ["education"]}})
	"AIACT-5-1f" in deny_ids(d)
}

test_5_1f_notice_does_not_cure if {
	d := patched(workplace_emotion, {"transparency": {"emotion_notice": {"mechanism": "popup"}}})
	"AIACT-5-1f" in deny_ids(d)
}

test_5_1f_silent_for_safety_reasons if {
	d := doc({
		"capabilities": {"emotion_recognition": true, "emotion_recognition_purpose": "safety"},
		"risk": {"use_contexts": ["workplace"]},
	})
	not "AIACT-5-1f" in deny_ids(d)
}

test_5_1f_silent_for_medical_reasons if {
	d := doc({
		"capabilities": {"emotion_recognition": true, "emotion_recognition_purpose": "medical"},
		"risk": {"use_contexts": ["education"]},
	})
	not "AIACT-5-1f" in deny_ids(d)
}

test_5_1f_a_medical_context_beside_the_workplace_does_not_excuse if {
	d := doc({"capabilities": {"emotion_recognition": true}, "risk": {"use_contexts": ["workplace", "medical"]}})
	"AIACT-5-1f" in deny_ids(d)
}

test_5_1f_personal_use_does_not_excuse if {
	d := doc({
		"exclusion": "personal-non-professional",
		"capabilities": {"emotion_recognition": true},
		"risk": {"use_contexts": ["workplace"]},
	})
	"AIACT-5-1f" in deny_ids(d)
}

test_5_1f_silent_in_other_contexts if {
	d := doc({"capabilities": {"emotion_recognition": true}, "risk": {"use_contexts": ["public"]}})
	not "AIACT-5-1f" in deny_ids(d)
}

test_5_1f_silent_before_2025_02_02 if {
	not "AIACT-5-1f" in deny_ids(object.union(workplace_emotion, {"context": {"as_of": "2025-02-01"}}))
}

test_5_1f_silent_for_military_exclusion if {
	not "AIACT-5-1f" in deny_ids(patched(workplace_emotion, {"exclusion": "military"}))
}

sorting := doc({
	"capabilities": {"biometric_categorisation": true},
	"risk": {"inferred_attributes": ["Sexual orientation", "age"]},
})

test_5_1g_fires_for_sensitive_attribute if "AIACT-5-1g" in deny_ids(sorting)

test_5_1g_silent_for_non_sensitive_attributes if {
	d := doc({
		"capabilities": {"biometric_categorisation": true},
		"risk": {"inferred_attributes": ["age", "hair colour"]},
	})
	not "AIACT-5-1g" in deny_ids(d)
}

test_5_1g_silent_for_law_enforcement if {
	not "AIACT-5-1g" in deny_ids(patched(sorting, {"capabilities": {"law_enforcement_authorised": true}}))
}

test_5_1g_silent_outside_eu if {
	not "AIACT-5-1g" in deny_ids(patched(sorting, {"deployment": {"regions": ["US"]}}))
}
