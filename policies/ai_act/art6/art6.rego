# METADATA
# title: EU AI Act Article 6 - high-risk classification (Annex III)
# description: >-
#   A system used for an Annex III purpose is high-risk unless the Art 6(3) derogation applies,
#   and the derogation never applies when the system profiles natural persons. The Chapter III
#   duties apply to Annex III systems from 2 December 2027 (Art 113, as amended by Reg. (EU)
#   2026/1744). The duties themselves, by role and article, are in cleangate.ai_act.high_risk.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_6
#     description: Regulation (EU) 2024/1689 (AI Act), Article 6 and Annex III
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art6

import rego.v1

import data.cleangate.lib

# METADATA
# title: Date the high-risk rules apply to Annex III systems
# description: 2 December 2027 under Art 113 as amended by Reg. (EU) 2026/1744.
annex_iii_date := data.cleangate.ai_act.settings.values.annex_iii_application_date

# METADATA
# title: Date the high-risk rules apply to Annex I product systems
# description: 2 August 2028 under Art 113 as amended by Reg. (EU) 2026/1744.
annex_i_date := data.cleangate.ai_act.settings.values.annex_i_application_date

# METADATA
# title: The system's risk facts
# description: Shorthand for input.system.risk.
risk := input.system.risk

# METADATA
# title: Used for an Annex III purpose
# description: An Annex III point such as 4(a) or 5(b) is named (and it is not "none").
annex_iii_use if {
	data.cleangate.lib.present(risk.annex_iii_point)
	lower(trim_space(risk.annex_iii_point)) != "none"
}

# METADATA
# title: The Art 6(3) derogation holds
# description: Claimed, and the system does not profile natural persons (Art 6(3) last subparagraph).
derogation_holds if {
	risk.art6_3_derogation == true
	not risk.profiling == true
}

# METADATA
# title: High-risk under Art 6(2)
# description: An Annex III use, in scope of the AI Act, without a derogation that holds.
high_risk if {
	lib.ai_act_in_scope
	annex_iii_use
	not derogation_holds
}

# METADATA
# title: Why the system is high-risk
# description: Explains a rejected derogation claim in the finding message.
high_risk_reason := "it profiles natural persons, so the Art 6(3) derogation cannot apply" if {
	risk.art6_3_derogation == true
	risk.profiling == true
} else := "no Art 6(3) derogation is claimed"

# METADATA
# title: Grounds on which the system is high-risk
# description: >-
#   Annex III use (Art 6(2), from the Annex III date) and a safety component of, or itself, an
#   Annex I product needing third-party conformity assessment (Art 6(1), from the Annex I date).
classifications contains c if {
	high_risk
	c := {
		"basis": sprintf("Annex III point %s (%s)", [risk.annex_iii_point, high_risk_reason]),
		"date": annex_iii_date,
	}
}

classifications contains c if {
	lib.ai_act_in_scope
	risk.annex_i_product == true
	c := {"basis": "Art 6(1) as an Annex I product or its safety component", "date": annex_i_date}
}

# METADATA
# title: Art 6(3) derogation without a documented assessment
# description: >-
#   A provider that considers an Annex III system not high-risk must document that assessment
#   before placing it on the market and hand it to authorities on request (Art 6(4)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_6
# custom:
#   id: AIACT-6-4
#   regulation: EU AI Act
#   reference: Art. 6(4)
#   severity: warn
#   applies_when: an Annex III system whose provider relies on the Art 6(3) derogation (no profiling), in the EU
#   remediation: Document the Art 6(3) assessment and record it in system.risk.art6_3_assessment.
warn contains finding if {
	lib.ai_act_in_scope
	lib.is_provider
	annex_iii_use
	derogation_holds
	not data.cleangate.lib.present_at(risk, ["art6_3_assessment"])
	finding := data.cleangate.lib.finding(
		"AIACT-6-4",
		"/system/risk/art6_3_derogation",
		sprintf("%s relies on the Art 6(3) derogation without a documented assessment", [input.system.name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-6-4" if {
	lib.ai_act_in_scope
	lib.is_provider
	annex_iii_use
	derogation_holds
}
