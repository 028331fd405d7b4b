# METADATA
# title: EU AI Act Article 5 - prohibited practices an AI-BOM can show
# description: >-
#   Placing on the market, putting into service or using an AI system for a prohibited practice
#   is banned since 2 February 2025 (fines up to EUR 35 M or 7 %). The AI-BOM can show two of
#   them: emotion inference at the workplace or in education, and biometric categorisation that
#   infers sensitive attributes. No transparency notice cures a prohibited practice.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
#     description: Regulation (EU) 2024/1689 (AI Act), Article 5
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art5

import rego.v1

import data.cleangate.lib

# METADATA
# title: Article 5 is in force and the system is in scope
# description: From 2 February 2025 (Art 113(a)), for any operator whose system reaches the EU.
art5_in_force if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.prohibitions_application_date)
	lib.ai_act_in_scope
}

# METADATA
# title: Where the system is used
# description: The declared contexts of use (workplace, education, medical, safety, ...).
use_contexts := {c | some c in input.system.risk.use_contexts}

# METADATA
# title: Used at the workplace or in education
# description: The settings where Art 5(1)(f) bans emotion inference.
workplace_or_education := use_contexts & {"workplace", "education"}

# METADATA
# title: Intended for medical or safety reasons
# description: >-
#   The carve-out of Art 5(1)(f) follows what the emotion recognition is intended for
#   (capabilities.emotion_recognition_purpose), not whether "medical" or "safety" is one of several
#   listed use contexts: a workplace mood tracker does not become medical because it also runs in a clinic.
medical_or_safety if input.system.capabilities.emotion_recognition_purpose in {"medical", "safety"}

# METADATA
# title: Sensitive attributes a biometric categorisation may not infer
# description: Race, political opinions, trade-union membership, beliefs, sex life or orientation (data setting).
sensitive_attributes := {a | some a in data.cleangate.ai_act.settings.values.art5_sensitive_attributes}

# METADATA
# title: Sensitive attributes the system infers
# description: Declared inferred attributes, compared case-insensitively with spaces read as hyphens.
inferred_sensitive contains a if {
	some raw in input.system.risk.inferred_attributes
	a := replace(lower(trim_space(raw)), " ", "-")
	a in sensitive_attributes
}

# METADATA
# title: Emotion recognition at the workplace or in education
# description: >-
#   Art 5(1)(f) prohibits placing on the market, putting into service or using AI systems to infer
#   emotions of a natural person in the areas of workplace and education institutions, except
#   where the system is intended for medical or safety reasons.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1f
#   regulation: EU AI Act
#   reference: Art. 5(1)(f)
#   severity: block
#   applies_when: an emotion-recognition system used at the workplace or in education, in the EU, from 2025-02-02
#   remediation: >-
#     Do not infer emotions of workers or students. Remove the emotion-recognition capability for these
#     settings; only systems intended for medical or safety reasons are allowed (record the context in
#     system.risk.use_contexts). An Art 50(3) notice does not make the practice lawful.
deny contains finding if {
	art5_in_force
	input.system.capabilities.emotion_recognition == true
	count(workplace_or_education) > 0
	not medical_or_safety
	finding := data.cleangate.lib.finding(
		"AIACT-5-1f",
		"/system/capabilities/emotion_recognition",
		sprintf(
			concat("", [
				"%s infers emotions in %s settings, a prohibited practice (its intended purpose is not stated ",
				"to be medical or safety: capabilities.emotion_recognition_purpose)",
			]),
			[input.system.name, concat(" and ", sort(workplace_or_education))],
		),
	)
}

# METADATA
# title: Biometric categorisation inferring sensitive attributes
# description: >-
#   Art 5(1)(g) prohibits biometric categorisation systems that categorise natural persons to
#   deduce or infer their race, political opinions, trade-union membership, religious or
#   philosophical beliefs, sex life or sexual orientation. Labelling or filtering lawfully acquired
#   biometric datasets and categorisation in the area of law enforcement are not covered.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1g
#   regulation: EU AI Act
#   reference: Art. 5(1)(g)
#   severity: block
#   applies_when: >-
#     a biometric-categorisation system that infers a sensitive attribute, in the EU, from 2025-02-02;
#     not for law enforcement authorised by law
#   remediation: >-
#     Stop inferring the listed sensitive attributes from biometric data; remove them from the model's
#     outputs and from system.risk.inferred_attributes.
deny contains finding if {
	art5_in_force
	input.system.capabilities.biometric_categorisation == true
	count(inferred_sensitive) > 0
	not input.system.capabilities.law_enforcement_authorised == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1g",
		"/system/risk/inferred_attributes",
		sprintf(
			"%s categorises people biometrically by %s, a prohibited practice",
			[input.system.name, concat(", ", sort(inferred_sensitive))],
		),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-5-1f" if {
	art5_in_force
	input.system.capabilities.emotion_recognition == true
}

applies contains "AIACT-5-1g" if {
	art5_in_force
	input.system.capabilities.biometric_categorisation == true
}
