# METADATA
# title: GPAI Code of Practice, copyright chapter - measures 1.4 and 1.5
# description: >-
#   The copyright chapter of the GPAI Code of Practice (10 July 2025) is a voluntary way to show
#   the Art 53(1)(c) copyright policy works. Measure 1.4 asks for technical safeguards against
#   infringing outputs and a ban on infringing uses in the acceptable-use policy; measure 1.5 for a
#   point of contact and a complaint mechanism for rightsholders. The Code gives no presumption of
#   conformity, so missing measures warn.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/policies/contents-code-gpai
#     description: General-Purpose AI Code of Practice (copyright chapter)
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.gpai_copyright_code

import rego.v1

# METADATA
# title: GPAI models the organisation provides
# description: Provided GPAI models (cleangate.ai_act.gpai) and modifications that made it the provider.
providers contains i if some i in data.cleangate.ai_act.gpai.provided_gpai

providers contains i if {
	some pair in data.cleangate.ai_act.gpai_modification.over
	i := pair[0]
}

# METADATA
# title: No safeguards against infringing outputs
# description: >-
#   Code measure 1.4: reasonable and proportionate technical safeguards that stop the model from
#   reproducing training content in an infringing way, and a prohibition of infringing uses in
#   the acceptable-use policy or terms.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/policies/contents-code-gpai
# custom:
#   id: GPAI-COP-1.4
#   regulation: EU AI Act
#   reference: Art. 53(1)(c); GPAI Code of Practice, copyright measure 1.4
#   severity: warn
#   applies_when: the organisation provides a GPAI model (or became provider of a modified one), in the EU
#   remediation: Link the output safeguards and the acceptable-use clause in models[].output_infringement_safeguards.
warn contains finding if {
	some i in providers
	not data.cleangate.lib.present_at(input.models[i], ["output_infringement_safeguards"])
	finding := data.cleangate.lib.finding(
		"GPAI-COP-1.4", sprintf("/models/%d/output_infringement_safeguards", [i]),
		sprintf("%s: no safeguards against copyright-infringing outputs are recorded (Code measure 1.4)", [input.models[i].name]),
	)
}

# METADATA
# title: No rightsholder contact point
# description: >-
#   Code measure 1.5: designate a point of contact for rightsholders and a mechanism for them to
#   lodge complaints, and handle complaints diligently.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/policies/contents-code-gpai
# custom:
#   id: GPAI-COP-1.5
#   regulation: EU AI Act
#   reference: Art. 53(1)(c); GPAI Code of Practice, copyright measure 1.5
#   severity: warn
#   applies_when: the organisation provides a GPAI model (or became provider of a modified one), in the EU
#   remediation: Record the rightsholder contact and complaint route in models[].copyright_contact.
warn contains finding if {
	some i in providers
	not data.cleangate.lib.present_at(input.models[i], ["copyright_contact"])
	finding := data.cleangate.lib.finding(
		"GPAI-COP-1.5", sprintf("/models/%d/copyright_contact", [i]),
		sprintf("%s: no point of contact for rightsholders is recorded (Code measure 1.5)", [input.models[i].name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains rule if {
	count(providers) > 0
	some rule in {"GPAI-COP-1.4", "GPAI-COP-1.5"}
}
