# METADATA
# title: GDPR - personal data processed at inference
# description: >-
#   Chat logs, call recordings and uploaded documents a system processes when it runs are personal
#   data processing even when no model is trained on them: people must be told (Art 13/14), a DPIA
#   is needed where Art 35(3) criteria apply, prompts and logs need a retention period
#   (Art 5(1)(e)), and Art 25/32 call for access control and for prompt-injection and data-leak
#   controls. A system that states it processes no personal data at inference is the clear path.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: Regulation (EU) 2016/679 (GDPR)
# custom:
#   regulation: GDPR
package cleangate.gdpr_inference

import rego.v1

import data.cleangate.lib

# METADATA
# title: Inference-data facts
# description: Shorthand for input.system.inference_data.
inf := object.get(input.system, "inference_data", {})

# METADATA
# title: The system processes personal data at inference
# description: Stated true, in GDPR's territorial scope.
processes_personal_data if {
	lib.gdpr_territorial_scope
	inf.processes_personal_data == true
}

# METADATA
# title: Art 35(3) criteria that make a DPIA mandatory
# description: >-
#   Special-category inputs (35(3)(b)), automated decisions with legal or similar effects
#   (35(3)(a)), emotion recognition or biometric categorisation, or an Annex III high-risk use.
dpia_criteria contains "special-category data in users' inputs" if count(object.get(inf, "special_categories", [])) > 0

dpia_criteria contains "automated decisions with legal or similar effects" if {
	input.system.human_oversight.legal_or_similar_effects == true
}

dpia_criteria contains "emotion recognition or biometric categorisation" if input.system.capabilities.emotion_recognition == true

dpia_criteria contains "emotion recognition or biometric categorisation" if input.system.capabilities.biometric_categorisation == true

dpia_criteria contains "an Annex III high-risk use" if data.cleangate.ai_act.art6.high_risk

# METADATA
# title: A DPIA is recorded
# description: For the inference processing, or the system-level DPIA in governance.
has_dpia if data.cleangate.lib.present_at(inf, ["dpia"])

has_dpia if data.cleangate.lib.present_at(input, ["governance", "dpia"])

# METADATA
# title: No notice for personal data processed at inference
# description: >-
#   People whose messages, voices or documents the system processes must get the Art 13 (or, when
#   the data comes from someone else, Art 14) information at the time of collection.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_13
# custom:
#   id: GDPR-INF-13
#   regulation: GDPR
#   reference: Art. 13, Art. 14
#   severity: block
#   applies_when: the system processes personal data at inference, in GDPR scope
#   remediation: Link the privacy notice users see in system.inference_data.information_notice.
deny contains finding if {
	processes_personal_data
	not data.cleangate.lib.present_at(inf, ["information_notice"])
	finding := data.cleangate.lib.finding(
		"GDPR-INF-13", "/system/inference_data/information_notice",
		sprintf("%s processes personal data at inference but names no Art 13/14 notice", [input.system.name]),
	)
}

# METADATA
# title: Whether personal data is processed at inference is not stated
# description: A system that talks to people almost always does; the clear path is to state false.
undetermined contains u if {
	lib.gdpr_territorial_scope
	input.system.capabilities.interacts_with_persons == true
	not data.cleangate.lib.stated(inf, ["processes_personal_data"])
	u := data.cleangate.lib.undetermined_fact(
		"GDPR-INF-13", "/system/inference_data/processes_personal_data", "true or false",
		"the system talks to people: cannot tell whether their messages, recordings or documents are personal data it processes (Art 13/14, 35)",
	)
}

# METADATA
# title: No DPIA where Art 35(3) criteria apply
# description: >-
#   A DPIA is mandatory before processing that is likely to result in a high risk, in particular
#   large-scale special-category data, automated decisions with legal or similar effects, and the
#   uses national lists name (biometrics, emotion recognition).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_35
# custom:
#   id: GDPR-INF-35
#   regulation: GDPR
#   reference: Art. 35(1), (3)
#   severity: block
#   applies_when: the system processes personal data at inference and an Art 35(3) criterion applies
#   remediation: Carry out the DPIA and link it in system.inference_data.dpia (or governance.dpia).
deny contains finding if {
	processes_personal_data
	count(dpia_criteria) > 0
	not has_dpia
	finding := data.cleangate.lib.finding(
		"GDPR-INF-35", "/system/inference_data/dpia",
		sprintf("%s needs a DPIA for its inference processing (%s)", [input.system.name, concat(", ", sort(dpia_criteria))]),
	)
}

# METADATA
# title: DPIA screening not recorded
# description: >-
#   Where no Art 35(3) criterion applies, AI processing of personal data is still on most national
#   DPIA lists as "innovative technology"; record the DPIA or why none is needed.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_35
# custom:
#   id: GDPR-INF-35-SCREEN
#   regulation: GDPR
#   reference: Art. 35(1), (4)
#   severity: warn
#   applies_when: the system processes personal data at inference and no Art 35(3) criterion applies
#   remediation: Link a DPIA, or state the screening result in system.inference_data.dpia_not_required.
warn contains finding if {
	processes_personal_data
	count(dpia_criteria) == 0
	not has_dpia
	not data.cleangate.lib.present_at(inf, ["dpia_not_required"])
	finding := data.cleangate.lib.finding(
		"GDPR-INF-35-SCREEN", "/system/inference_data/dpia",
		sprintf("%s processes personal data at inference with no DPIA and no screening result", [input.system.name]),
	)
}

# METADATA
# title: No retention period for prompts and logs
# description: Personal data may be kept no longer than necessary (Art 5(1)(e)); prompts, transcripts and logs included.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
# custom:
#   id: GDPR-INF-RETENTION
#   regulation: GDPR
#   reference: Art. 5(1)(e)
#   severity: block
#   applies_when: the system processes personal data at inference, in GDPR scope
#   remediation: State how long prompts, transcripts and logs are kept in system.inference_data.retention.
deny contains finding if {
	processes_personal_data
	not data.cleangate.lib.present_at(inf, ["retention"])
	finding := data.cleangate.lib.finding(
		"GDPR-INF-RETENTION", "/system/inference_data/retention",
		sprintf("%s keeps prompts and logs with no retention period", [input.system.name]),
	)
}

# METADATA
# title: Security measures for inference data not recorded
# description: >-
#   Art 25 and 32 call for measures appropriate to the risk: access control to prompts and logs,
#   and, for LLM systems, controls against prompt injection and against leaking personal data in
#   outputs. Which measures are appropriate is risk-based, so a missing one warns.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_32
# custom:
#   id: GDPR-INF-32
#   regulation: GDPR
#   reference: Art. 25(1), Art. 32(1)
#   severity: warn
#   applies_when: the system processes personal data at inference, in GDPR scope
#   remediation: >-
#     Link access_control, prompt_injection_controls and data_leak_controls in system.inference_data.
warn contains finding if {
	processes_personal_data
	some key in ["access_control", "prompt_injection_controls", "data_leak_controls"]
	not data.cleangate.lib.present_at(inf, [key])
	finding := data.cleangate.lib.finding(
		"GDPR-INF-32", sprintf("/system/inference_data/%s", [key]),
		sprintf("%s processes personal data at inference; no %s is recorded", [input.system.name, replace(key, "_", " ")]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains rule if {
	processes_personal_data
	some rule in {"GDPR-INF-13", "GDPR-INF-RETENTION", "GDPR-INF-32"}
}

applies contains "GDPR-INF-35" if {
	processes_personal_data
	count(dpia_criteria) > 0
}

applies contains "GDPR-INF-35-SCREEN" if {
	processes_personal_data
	count(dpia_criteria) == 0
}
