# METADATA
# title: EU AI Act - downstream modifiers of GPAI models (GPAI guidelines C(2025) 7719)
# description: >-
#   An organisation that fine-tunes or otherwise modifies a general-purpose AI model becomes the
#   provider of the modified model when its modification compute exceeds one third of the
#   original model's training compute (or, when that is unknown, one third of the guidelines'
#   indicative GPAI threshold of 10^23 FLOP, or of 10^25 FLOP for a systemic-risk base). Its
#   Art 53 duties are then limited to the modification: documentation of the modification (Annex XI/XII), a
#   copyright policy, and a training-content summary of the new data only, linked to the base
#   model's summary. Below the threshold it is not a GPAI provider.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act
#     description: Commission guidelines on the scope of the obligations for GPAI providers, C(2025) 7719
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.gpai_modification

import rego.v1

import data.cleangate.lib

# METADATA
# title: Indicative GPAI compute criterion of the guidelines
# description: 10^23 FLOP; a statutory-style constant of the guidelines, not an organisation setting.
indicative_gpai_flop := 1e23

# METADATA
# title: Systemic-risk presumption
# description: 10^25 FLOP (Art 51(2)).
systemic_flop := 1e25

# METADATA
# title: Chapter V applies
# description: From 2 August 2025, in the AI Act's scope.
in_force if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.gpai_application_date)
	lib.ai_act_in_scope
}

# METADATA
# title: Modifications of GPAI models by the submitting organisation
# description: >-
#   [i, j]: model i names model entry j as its base, j is a GPAI model, and model i is the
#   organisation's own (its role is not "deployer").
modifications contains [i, j] if {
	in_force
	some i, m in input.models
	not m.role == "deployer"
	data.cleangate.lib.present_at(m, ["base_model"])
	some j, b in input.models
	j != i
	b.name == m.base_model
	b.gpai == true
}

# METADATA
# title: The compute threshold for a modification
# description: One third of the base model's training compute, or of the guideline threshold when it is unknown.
threshold(j) := input.models[j].training_flop / 3 if {
	input.models[j].training_flop > 0
} else := systemic_flop / 3 if {
	input.models[j].systemic_risk.declared == true
} else := indicative_gpai_flop / 3

# METADATA
# title: Which figure the threshold comes from
# description: For the message.
threshold_basis(j) := "one third of its training compute" if {
	input.models[j].training_flop > 0
} else := "one third of 10^25 FLOP (its compute is unknown and it has systemic risk)" if {
	input.models[j].systemic_risk.declared == true
} else := "one third of the guidelines' 10^23 FLOP (its compute is unknown)"

# METADATA
# title: A compute figure for messages
# description: In units of 10^24 FLOP (regorus cannot print large floats with %g).
flop_text(x) := sprintf("%.3f x 10^24 FLOP", [x / 1e24])

# METADATA
# title: Modifications above the threshold
# description: The modifier becomes the provider of the modified GPAI model.
over contains [i, j] if {
	some pair in modifications
	i := pair[0]
	j := pair[1]
	input.models[i].modification_flop > threshold(j)
}

# METADATA
# title: A public summary of the modification data, linked to the base summary
# description: The URL is stated and public, and base_summary links the base model's summary (template 1.2).
summary_gaps(m) := {g |
	not data.cleangate.lib.present_at(m, ["documentation", "training_summary", "url"])
	g := "no public training-content summary of the modification data"
} | {g |
	data.cleangate.lib.present_at(m, ["documentation", "training_summary", "url"])
	not m.documentation.training_summary.public == true
	g := "the training-content summary is not public"
} | {g |
	not data.cleangate.lib.present_at(m, ["documentation", "training_summary", "base_summary"])
	g := "the summary does not link the base model's summary (template section 1.2, model dependencies)"
}

# METADATA
# title: Modifier duties without evidence
# description: A path and explanation per missing item of the Art 53 duties limited to the modification.
duty_gaps(i) := {{"path": sprintf("/models/%d/documentation/training_summary", [i]), "what": g} |
	some g in summary_gaps(input.models[i])
} | {{"path": sprintf("/models/%d/documentation/copyright_policy", [i]), "what": "no copyright policy (Art 53(1)(c))"} |
	not data.cleangate.lib.present_at(input.models[i], ["documentation", "copyright_policy"])
} | {{"path": sprintf("/models/%d/documentation/annex_xi", [i]), "what": "no technical documentation of the modification (Art 53(1)(a), Annex XI)"} |
	not data.cleangate.lib.present_at(input.models[i], ["documentation", "annex_xi"])
	not open_modification(input.models[i])
} | {{"path": sprintf("/models/%d/documentation/annex_xii", [i]), "what": "no information for downstream providers on the modification (Art 53(1)(b), Annex XII)"} |
	not data.cleangate.lib.present_at(input.models[i], ["documentation", "annex_xii"])
	not data.cleangate.lib.present_at(input.models[i], ["documentation", "model_card"])
	not open_modification(input.models[i])
}

# METADATA
# title: Open-source modification
# description: Released with public weights under a licence on the open-source list (Art 53(2) for (a)/(b)).
open_modification(m) if {
	m.weights_public == true
	m.licence in {l | some l in data.cleangate.ai_act.settings.values.open_source_licences}
}

# METADATA
# title: Modifier above the threshold lacks the Art 53 duties for its modification
# description: >-
#   A downstream modifier whose modification compute exceeds one third of the original model's
#   (or of the guideline threshold when that is unknown) is the provider of the modified GPAI
#   model. Its Art 53 duties are limited to the modification: technical documentation of the
#   modification (unless open-source), a copyright policy, and a public training-content summary
#   of the modification data that links the base model's summary.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
#   - ref: https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act
# custom:
#   id: AIACT-53-MOD
#   regulation: EU AI Act
#   reference: Art. 53(1), Art. 3(63); Commission GPAI guidelines C(2025) 7719 (downstream modifiers)
#   severity: block
#   applies_when: >-
#     a model of the organisation is built on a GPAI model entry and its modification_flop exceeds the
#     threshold, in the EU, from 2025-08-02
#   remediation: >-
#     Document the modification (models[].documentation.annex_xi), adopt a copyright policy, and publish a
#     training-content summary of the modification data only with training_summary.base_summary linking
#     the base model's summary.
deny contains finding if {
	some pair in over
	i := pair[0]
	j := pair[1]
	some gap in duty_gaps(i)
	finding := data.cleangate.lib.finding(
		"AIACT-53-MOD",
		gap.path,
		sprintf(
			"%s: modifying %s with %s (over %s) makes you the provider of the modified GPAI model; %s",
			[input.models[i].name, input.models[j].name, flop_text(input.models[i].modification_flop), threshold_basis(j), gap.what],
		),
	)
}

# METADATA
# title: Modifier below the threshold is not a GPAI provider
# description: >-
#   A modification whose compute does not exceed one third of the original model's (or of the
#   guideline threshold) does not make the modifier the provider of a GPAI model; the base
#   model's provider keeps the Art 53 duties. The organisation remains the provider of its own AI
#   system (Art 3(68) downstream provider), with the system-level duties.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act
# custom:
#   id: AIACT-GPAI-MOD-BELOW
#   regulation: EU AI Act
#   reference: Art. 3(63), Art. 53; Commission GPAI guidelines C(2025) 7719 (downstream modifiers)
#   severity: info
#   applies_when: a model of the organisation is built on a GPAI model entry and its modification_flop is at or below the threshold
#   remediation: Keep the modification compute figure and its method with the model's documentation.
info contains finding if {
	some pair in modifications
	i := pair[0]
	j := pair[1]
	input.models[i].modification_flop <= threshold(j)
	finding := data.cleangate.lib.finding(
		"AIACT-GPAI-MOD-BELOW",
		sprintf("/models/%d/modification_flop", [i]),
		sprintf(
			"%s: %s modifying %s is not more than %s, so you are not the provider of a GPAI model (Art 53 stays with %s)",
			[input.models[i].name, flop_text(input.models[i].modification_flop), input.models[j].name, threshold_basis(j), object.get(input.models[j], "provider", "the base provider")],
		),
	)
}

# METADATA
# title: Modification compute of a GPAI base not stated
# description: >-
#   Whether a fine-tuner of a GPAI model becomes the provider of the modified model turns on its
#   modification compute; without the figure AIACT-53-MOD is undetermined, not "not applicable".
undetermined contains u if {
	some pair in modifications
	i := pair[0]
	j := pair[1]
	not data.cleangate.lib.stated(input.models[i], ["modification_flop"])
	u := data.cleangate.lib.undetermined_fact(
		"AIACT-53-MOD",
		sprintf("/models/%d/modification_flop", [i]),
		"the compute (FLOP) used to fine-tune or adapt the base model",
		sprintf(
			"%s modifies the GPAI model %s: above one third of its training compute you are the provider of the modified model (Art 53 for the modification)",
			[input.models[i].name, input.models[j].name],
		),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-53-MOD" if count(over) > 0

applies contains "AIACT-GPAI-MOD-BELOW" if {
	some pair in modifications
	i := pair[0]
	j := pair[1]
	input.models[i].modification_flop <= threshold(j)
}
