# METADATA
# title: EU AI Act - high-risk duties by role and article
# description: >-
#   A high-risk system (Art 6) owes different things depending on who you are. Providers: quality
#   management (Art 17), technical documentation (Art 11, Annex IV), conformity assessment and
#   declaration (Art 43, 47-48), EU database registration (Art 49(1)), post-market monitoring
#   (Art 72) and serious-incident reporting (Art 73). Deployers: use per the instructions, human
#   oversight, logs kept at least six months and workers informed (Art 26), a fundamental-rights
#   impact assessment where Art 27 requires it, registration of public-body use (Art 49(3)) and the
#   right to explanation (Art 86). The duties apply to Annex III systems from 2 December 2027 and to
#   Annex I products from 2 August 2028 (Art 113 as amended by Reg. (EU) 2026/1744): until then
#   the gate warns, from then it blocks.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#cpt_III
#     description: Regulation (EU) 2024/1689 (AI Act), Chapter III
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.high_risk

import rego.v1

import data.cleangate.lib

# METADATA
# title: AI Act settings
# description: The Annex III and Annex I application dates.
settings := data.cleangate.ai_act.settings.values

# METADATA
# title: The system's risk facts
# description: Shorthand for input.system.risk.
risk := input.system.risk

# METADATA
# title: Provider evidence
# description: Shorthand for input.system.high_risk.provider.
prov := object.get(input.system, ["high_risk", "provider"], {})

# METADATA
# title: Deployer evidence
# description: Shorthand for input.system.high_risk.deployer.
dep := object.get(input.system, ["high_risk", "deployer"], {})

# METADATA
# title: Annex III point, normalised
# description: Lower case without spaces, e.g. "5(b)".
annex_point := lower(replace(risk.annex_iii_point, " ", ""))

# METADATA
# title: Grounds on which the system is high-risk, with the date the duties apply
# description: Annex III (Art 6(2), from the Annex III date) and Annex I products (Art 6(1), from the Annex I date).
grounds contains {"annex": "III", "basis": sprintf("Annex III point %s", [risk.annex_iii_point]), "date": settings.annex_iii_application_date} if {
	data.cleangate.ai_act.art6.high_risk
}

grounds contains {"annex": "I", "basis": "Art 6(1) (Annex I product or safety component)", "date": settings.annex_i_application_date} if {
	lib.ai_act_in_scope
	risk.annex_i_product == true
}

# METADATA
# title: Annex III high-risk other than critical infrastructure
# description: Art 27, 49 and 86 exclude Annex III point 2 (critical infrastructure).
annex_iii_not_point_2 if {
	some g in grounds
	g.annex == "III"
	not startswith(annex_point, "2")
}

# METADATA
# title: Provider evidence is stated
# description: A reference, or for CE marking a true flag; the deprecated high_risk_dossier counts as Art 11 documentation.
prov_has(key) if data.cleangate.lib.present_at(prov, [key])

prov_has("ce_marking") if prov.ce_marking == true

prov_has("technical_documentation") if data.cleangate.lib.present_at(risk, ["high_risk_dossier"])

# METADATA
# title: Provider duties, by rule id
# description: Rule id, evidence key, article and what is missing, for every high-risk system.
provider_duties := [
	{"rule": "AIACT-HR-17", "key": "quality_management_system", "what": "no quality management system (Art 17)"},
	{"rule": "AIACT-HR-11", "key": "technical_documentation", "what": "no Annex IV technical documentation (Art 11)"},
	{"rule": "AIACT-HR-43", "key": "conformity_assessment", "what": "no conformity assessment (Art 43)"},
	{"rule": "AIACT-HR-47", "key": "eu_declaration_of_conformity", "what": "no EU declaration of conformity (Art 47)"},
	{"rule": "AIACT-HR-47", "key": "ce_marking", "what": "no CE marking (Art 48)"},
	{"rule": "AIACT-HR-72", "key": "post_market_monitoring", "what": "no post-market monitoring plan (Art 72)"},
	{"rule": "AIACT-HR-73", "key": "serious_incident_reporting", "what": "no serious-incident reporting procedure (Art 73)"},
]

# METADATA
# title: Duty gaps of the high-risk system
# description: One entry per missing duty of the organisation's roles, with the date it applies from.
gaps contains gap if {
	lib.is_provider
	some g in grounds
	some duty in provider_duties
	not prov_has(duty.key)
	gap := {"rule": duty.rule, "path": sprintf("/system/high_risk/provider/%s", [duty.key]), "what": duty.what, "ground": g}
}

gaps contains gap if {
	lib.is_provider
	annex_iii_not_point_2
	some g in grounds
	g.annex == "III"
	not prov_has("registration")
	gap := {"rule": "AIACT-HR-49-1", "path": "/system/high_risk/provider/registration", "what": "no EU database registration (Art 49(1))", "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	some g in grounds
	some duty in [
		{"key": "instructions_followed", "what": "no measures to use it per the provider's instructions (Art 26(1))"},
		{"key": "oversight_assigned", "what": "no human oversight assigned to competent people (Art 26(2))"},
	]
	not data.cleangate.lib.present_at(dep, [duty.key])
	gap := {"rule": "AIACT-HR-26", "path": sprintf("/system/high_risk/deployer/%s", [duty.key]), "what": duty.what, "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	some g in grounds
	not object.get(dep, "log_retention_months", 0) >= 6
	gap := {"rule": "AIACT-HR-26", "path": "/system/high_risk/deployer/log_retention_months", "what": "logs are not stated to be kept at least six months (Art 26(6))", "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	some g in grounds
	workplace_use
	not data.cleangate.lib.present_at(dep, ["workers_informed"])
	gap := {"rule": "AIACT-HR-26", "path": "/system/high_risk/deployer/workers_informed", "what": "workers and their representatives are not informed (Art 26(7))", "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	fria_required
	some g in grounds
	g.annex == "III"
	not data.cleangate.lib.present_at(dep, ["fundamental_rights_impact_assessment"])
	gap := {"rule": "AIACT-HR-27", "path": "/system/high_risk/deployer/fundamental_rights_impact_assessment", "what": sprintf("no fundamental-rights impact assessment (Art 27: %s)", [fria_reason]), "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	dep.deployer_type == "public-body"
	annex_iii_not_point_2
	some g in grounds
	g.annex == "III"
	not data.cleangate.lib.present_at(dep, ["registration"])
	gap := {"rule": "AIACT-HR-49-3", "path": "/system/high_risk/deployer/registration", "what": "a public body's use is not registered in the EU database (Art 49(3), 26(8))", "ground": g}
}

gaps contains gap if {
	lib.is_deployer
	annex_iii_not_point_2
	input.system.human_oversight.legal_or_similar_effects == true
	some g in grounds
	g.annex == "III"
	not data.cleangate.lib.present_at(dep, ["explanation_route"])
	gap := {"rule": "AIACT-HR-86", "path": "/system/high_risk/deployer/explanation_route", "what": "no route for affected persons to get an explanation of decisions (Art 86)", "ground": g}
}

# METADATA
# title: Used at the workplace
# description: A workplace context of use, or an Annex III point 4 (employment) system.
workplace_use if "workplace" in object.get(risk, "use_contexts", [])

workplace_use if startswith(annex_point, "4")

# METADATA
# title: Art 27 requires a fundamental-rights impact assessment
# description: >-
#   Deployers that are bodies governed by public law or private entities providing public services,
#   and deployers of Annex III 5(b) (creditworthiness) or 5(c) (life and health insurance) systems;
#   never for Annex III point 2.
fria_required if {
	annex_iii_not_point_2
	dep.deployer_type in {"public-body", "private-public-service"}
}

fria_required if annex_point in {"5(b)", "5(c)"}

fria_reason := "Annex III 5(b)/(c) system" if {
	annex_point in {"5(b)", "5(c)"}
} else := "public body or public service"

# METADATA
# title: Gaps whose duty already applies
# description: Judged on or after the application date of their ground.
due_gaps contains gap if {
	some gap in gaps
	data.cleangate.lib.on_or_after(gap.ground.date)
}

# METADATA
# title: Block findings of one rule
# description: One finding per missing item of the given rule id, from the application date.
blocking(rule_id) := {data.cleangate.lib.finding(rule_id, gap.path, msg) |
	some gap in due_gaps
	gap.rule == rule_id
	msg := sprintf("%s is high-risk under %s: %s", [input.system.name, gap.ground.basis, gap.what])
}

# METADATA
# title: High-risk duties due at a future date
# description: >-
#   Before 2 December 2027 (Annex III) or 2 August 2028 (Annex I products) the high-risk duties do
#   not yet apply; the gate warns for each duty of the organisation's roles that lacks evidence, so
#   that providers and deployers each prepare their own part.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_113
# custom:
#   id: AIACT-6-HR
#   regulation: EU AI Act
#   reference: Art. 6, Art. 11, 17, 26, 27, 43, 47-49, 72, 73, 86, Art. 113
#   severity: warn
#   applies_when: >-
#     a high-risk system (Annex III without a derogation that holds, or Annex I product) judged before its
#     application date, in the EU, for the duties of the stated roles
#   remediation: >-
#     Record the evidence of each duty of your role in system.high_risk.provider or system.high_risk.deployer
#     before the application date.
warn contains finding if {
	some gap in gaps
	not data.cleangate.lib.on_or_after(gap.ground.date)
	finding := data.cleangate.lib.finding(
		"AIACT-6-HR",
		gap.path,
		sprintf("%s is high-risk under %s: %s; due by %s", [input.system.name, gap.ground.basis, gap.what, gap.ground.date]),
	)
}

# METADATA
# title: The old single dossier field is used
# description: >-
#   system.risk.high_risk_dossier mixed provider and deployer evidence; it is replaced by
#   system.high_risk.provider and system.high_risk.deployer. It still loads and is read as the
#   provider's technical documentation (Art 11) only; it no longer stands for any deployer duty.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_11
# custom:
#   id: AIACT-HR-MIGRATE
#   regulation: EU AI Act
#   reference: Art. 11, Art. 26
#   severity: info
#   applies_when: the manifest states system.risk.high_risk_dossier
#   remediation: >-
#     Move the reference to system.high_risk.provider.technical_documentation and record the other duties of
#     your role under system.high_risk.provider / system.high_risk.deployer.
info contains finding if {
	data.cleangate.lib.present_at(risk, ["high_risk_dossier"])
	finding := data.cleangate.lib.finding(
		"AIACT-HR-MIGRATE",
		"/system/risk/high_risk_dossier",
		"system.risk.high_risk_dossier is replaced by system.high_risk.provider/deployer; it is read as the provider's Art 11 technical documentation only",
	)
}

# METADATA
# title: Quality management system of a high-risk provider
# description: >-
#   Providers of high-risk systems put in place a documented quality management system (Art 17).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_17
# custom:
#   id: AIACT-HR-17
#   regulation: EU AI Act
#   reference: Art. 17
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the QMS in system.high_risk.provider.quality_management_system.
deny contains finding if {
	some finding in blocking("AIACT-HR-17")
}

# METADATA
# title: Technical documentation of a high-risk system
# description: >-
#   Providers draw up the Annex IV technical documentation before placing the system on the market (Art 11).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_11
# custom:
#   id: AIACT-HR-11
#   regulation: EU AI Act
#   reference: Art. 11, Annex IV
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the Annex IV documentation in system.high_risk.provider.technical_documentation.
deny contains finding if {
	some finding in blocking("AIACT-HR-11")
}

# METADATA
# title: Conformity assessment of a high-risk system
# description: >-
#   Providers have the system undergo the applicable conformity assessment procedure (Art 43).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_43
# custom:
#   id: AIACT-HR-43
#   regulation: EU AI Act
#   reference: Art. 43
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the conformity assessment in system.high_risk.provider.conformity_assessment.
deny contains finding if {
	some finding in blocking("AIACT-HR-43")
}

# METADATA
# title: EU declaration of conformity and CE marking
# description: >-
#   Providers draw up the EU declaration of conformity (Art 47) and affix the CE marking (Art 48).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_47
# custom:
#   id: AIACT-HR-47
#   regulation: EU AI Act
#   reference: Art. 47, Art. 48
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the declaration in system.high_risk.provider.eu_declaration_of_conformity and set ce_marking to true.
deny contains finding if {
	some finding in blocking("AIACT-HR-47")
}

# METADATA
# title: EU database registration by the provider
# description: >-
#   Providers register Annex III high-risk systems (other than point 2) in the EU database before placing them on the market (Art 49(1)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_49
# custom:
#   id: AIACT-HR-49-1
#   regulation: EU AI Act
#   reference: Art. 49(1)
#   severity: block
#   applies_when: a high-risk system whose an Annex III provider (not point 2) duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Record the registration in system.high_risk.provider.registration.
deny contains finding if {
	some finding in blocking("AIACT-HR-49-1")
}

# METADATA
# title: Post-market monitoring
# description: >-
#   Providers establish and document a post-market monitoring system and plan (Art 72).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_72
# custom:
#   id: AIACT-HR-72
#   regulation: EU AI Act
#   reference: Art. 72
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the plan in system.high_risk.provider.post_market_monitoring.
deny contains finding if {
	some finding in blocking("AIACT-HR-72")
}

# METADATA
# title: Serious-incident reporting
# description: >-
#   Providers report serious incidents to the market surveillance authorities (Art 73) and need a procedure for it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_73
# custom:
#   id: AIACT-HR-73
#   regulation: EU AI Act
#   reference: Art. 73
#   severity: block
#   applies_when: a high-risk system whose provider duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the procedure in system.high_risk.provider.serious_incident_reporting.
deny contains finding if {
	some finding in blocking("AIACT-HR-73")
}

# METADATA
# title: Deployer duties for a high-risk system
# description: >-
#   Deployers use the system per the instructions for use, assign human oversight to competent people, keep the logs under their control for at least six months and inform workers before use at the workplace (Art 26(1), (2), (6), (7)). These are the deployer's own evidence, not the provider's dossier.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_26
# custom:
#   id: AIACT-HR-26
#   regulation: EU AI Act
#   reference: Art. 26(1), (2), (6), (7)
#   severity: block
#   applies_when: a high-risk system whose deployer duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Record system.high_risk.deployer.instructions_followed, oversight_assigned, log_retention_months (>= 6) and, at the workplace, workers_informed.
deny contains finding if {
	some finding in blocking("AIACT-HR-26")
}

# METADATA
# title: Fundamental-rights impact assessment
# description: >-
#   Deployers that are public bodies or private entities providing public services, and deployers of Annex III 5(b)/(c) systems, assess the impact on fundamental rights before first use (Art 27).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_27
# custom:
#   id: AIACT-HR-27
#   regulation: EU AI Act
#   reference: Art. 27
#   severity: block
#   applies_when: a high-risk system whose deployer (public body, public service, or Annex III 5(b)/(c)) duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Link the FRIA in system.high_risk.deployer.fundamental_rights_impact_assessment.
deny contains finding if {
	some finding in blocking("AIACT-HR-27")
}

# METADATA
# title: Registration of a public body's use
# description: >-
#   Deployers that are public authorities register their use of Annex III high-risk systems in the EU database (Art 49(3), Art 26(8)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_49
# custom:
#   id: AIACT-HR-49-3
#   regulation: EU AI Act
#   reference: Art. 49(3), Art. 26(8)
#   severity: block
#   applies_when: a high-risk system whose public-body deployer of an Annex III system (not point 2) duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Record the registration in system.high_risk.deployer.registration.
deny contains finding if {
	some finding in blocking("AIACT-HR-49-3")
}

# METADATA
# title: Right to explanation
# description: >-
#   Affected persons have the right to a clear and meaningful explanation of decisions a deployer takes on the basis of an Annex III high-risk system's output with legal or similarly significant effects (Art 86).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_86
# custom:
#   id: AIACT-HR-86
#   regulation: EU AI Act
#   reference: Art. 86
#   severity: block
#   applies_when: a high-risk system whose deployer whose decisions have legal or similar effects duty lacks evidence, from 2027-12-02 (Annex III) or 2028-08-02 (Annex I), in the EU
#   remediation: Describe the explanation route in system.high_risk.deployer.explanation_route.
deny contains finding if {
	some finding in blocking("AIACT-HR-86")
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-6-HR" if {
	some g in grounds
	not data.cleangate.lib.on_or_after(g.date)
}

applies contains rule if {
	some g in grounds
	data.cleangate.lib.on_or_after(g.date)
	lib.is_provider
	some rule in {"AIACT-HR-17", "AIACT-HR-11", "AIACT-HR-43", "AIACT-HR-47", "AIACT-HR-72", "AIACT-HR-73"}
}

applies contains "AIACT-HR-49-1" if {
	lib.is_provider
	annex_iii_not_point_2
	data.cleangate.lib.on_or_after(settings.annex_iii_application_date)
}

applies contains "AIACT-HR-26" if {
	some g in grounds
	data.cleangate.lib.on_or_after(g.date)
	lib.is_deployer
}

applies contains "AIACT-HR-27" if {
	lib.is_deployer
	fria_required
	some g in grounds
	g.annex == "III"
	data.cleangate.lib.on_or_after(g.date)
}

applies contains "AIACT-HR-49-3" if {
	lib.is_deployer
	dep.deployer_type == "public-body"
	annex_iii_not_point_2
	data.cleangate.lib.on_or_after(settings.annex_iii_application_date)
}

applies contains "AIACT-HR-86" if {
	lib.is_deployer
	annex_iii_not_point_2
	input.system.human_oversight.legal_or_similar_effects == true
	data.cleangate.lib.on_or_after(settings.annex_iii_application_date)
}

applies contains "AIACT-HR-MIGRATE" if data.cleangate.lib.present_at(risk, ["high_risk_dossier"])
