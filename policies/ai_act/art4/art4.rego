# METADATA
# title: EU AI Act Article 4 - AI literacy
# description: >-
#   Providers and deployers take measures to support a sufficient level of AI literacy of their
#   staff and others operating or using AI systems on their behalf (Art 4, applicable since
#   2 February 2025; softened by Reg. (EU) 2026/1744 to "take measures to support"). There is no
#   fixed level to prove, so a missing record warns.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_4
#     description: Regulation (EU) 2024/1689 (AI Act), Article 4
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art4

import rego.v1

import data.cleangate.lib

# METADATA
# title: Art 4 applies to the organisation
# description: A provider or deployer in the AI Act's scope, from 2 February 2025.
applies_to_org if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.prohibitions_application_date)
	lib.ai_act_in_scope
	lib.is_provider
}

applies_to_org if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.prohibitions_application_date)
	lib.ai_act_in_scope
	lib.is_deployer
}

# METADATA
# title: No AI literacy measure recorded
# description: >-
#   Providers and deployers must take measures to support AI literacy of the people who operate or
#   use their AI systems, considering their knowledge, experience and the context of use.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_4
# custom:
#   id: AIACT-4
#   regulation: EU AI Act
#   reference: Art. 4 (as amended by Reg. (EU) 2026/1744)
#   severity: warn
#   applies_when: a provider or deployer in the EU, from 2025-02-02
#   remediation: Record the AI literacy measures (training, guidance) in governance.ai_literacy.
warn contains finding if {
	applies_to_org
	not data.cleangate.lib.present_at(input, ["governance", "ai_literacy"])
	finding := data.cleangate.lib.finding(
		"AIACT-4", "/governance/ai_literacy",
		sprintf("no AI literacy measure is recorded for the people who operate or use %s (Art 4)", [input.system.name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-4" if applies_to_org
