# METADATA
# title: EU AI Act Article 50 - transparency obligations
# description: >-
#   Providers and deployers of certain AI systems must tell people when they interact with AI
#   and mark synthetic content. Applies from 2 August 2026 whatever the risk tier, and
#   open-source release does not remove it (Art 2(12)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act)
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art50

import rego.v1

import data.cleangate.lib

# METADATA
# title: Art 50 application date
# description: Article 50 applies from 2 August 2026 (Art 113).
art50_application_date := "2026-08-02"

# METADATA
# title: Art 50(2) deadline for legacy generative systems
# description: Systems placed on the market before 2 August 2026 have until 2 December 2026 (Art 111(4)).
art50_2_legacy_deadline := "2026-12-02"

# METADATA
# title: Article 50 is in force and the system is in scope
# description: The evaluation date is on or after 2 August 2026 and the system reaches the EU.
art50_in_force if {
	data.cleangate.lib.on_or_after(art50_application_date)
	lib.ai_act_in_scope
}

# METADATA
# title: Authorised by law for criminal-offence purposes
# description: The law-enforcement exception shared by Art 50(1)-(4).
law_enforcement_exception if input.system.capabilities.law_enforcement_authorised == true

# METADATA
# title: The system's transparency facts
# description: Shorthand for input.system.transparency.
transparency := input.system.transparency

# --- Art 50(1) ------------------------------------------------------------------------------

# METADATA
# title: Art 50(1) applies
# description: A provider of a system intended to interact directly with natural persons, in force and in scope.
art50_1_applies if {
	art50_in_force
	lib.is_provider
	input.system.capabilities.interacts_with_persons == true
	not law_enforcement_exception
	not transparency.ai_interaction.exemption == "no-direct-interaction"
}

# METADATA
# title: AI interaction is disclosed at first interaction
# description: A disclosure mechanism is named and shown no later than the first interaction (Art 50(5)).
ai_interaction_disclosed if {
	data.cleangate.lib.present(transparency.ai_interaction.mechanism)
	transparency.ai_interaction.timing == "first-interaction"
}

# METADATA
# title: The "obvious from context" exemption is documented
# description: Accepted only with a written rationale; a human-styled persona defeats it in practice.
obvious_exemption_documented if {
	transparency.ai_interaction.exemption == "obvious"
	data.cleangate.lib.present(transparency.ai_interaction.exemption_rationale)
}

# METADATA
# title: Tell people they are interacting with an AI system
# description: >-
#   Providers must design systems that interact directly with natural persons so that those
#   persons are informed they are interacting with an AI system, clearly and no later than the
#   first interaction, unless this is obvious from the context.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-1
#   regulation: EU AI Act
#   reference: Art. 50(1), 50(5)
#   severity: block
#   applies_when: provider of a system that interacts with natural persons, in the EU, from 2026-08-02
#   remediation: >-
#     Show an AI notice at the first interaction (banner, spoken intro or avatar badge) and record it in
#     system.transparency.ai_interaction (mechanism, timing: first-interaction, accessible: true).
deny contains finding if {
	art50_1_applies
	not ai_interaction_disclosed
	not obvious_exemption_documented
	finding := data.cleangate.lib.finding(
		"AIACT-50-1",
		"/system/transparency/ai_interaction",
		sprintf("%s interacts with people but names no AI disclosure shown at the first interaction", [input.system.name]),
	)
}

# METADATA
# title: The "obvious from context" exemption is claimed for an AI interaction
# description: >-
#   The exemption is read narrowly; a documented rationale lets the rule pass, but reviewers
#   should confirm that no human name, avatar or vulnerable audience defeats it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-1-OBVIOUS
#   regulation: EU AI Act
#   reference: Art. 50(1)
#   severity: warn
#   applies_when: AIACT-50-1 applies and the system relies on the "obvious" exemption with a rationale
#   remediation: Prefer an explicit AI notice; if you keep the exemption, have legal review the rationale.
warn contains finding if {
	art50_1_applies
	not ai_interaction_disclosed
	obvious_exemption_documented
	finding := data.cleangate.lib.finding(
		"AIACT-50-1-OBVIOUS",
		"/system/transparency/ai_interaction/exemption",
		sprintf("%s relies on the 'obvious from context' exemption instead of a notice", [input.system.name]),
	)
}

# --- Art 50(2) ------------------------------------------------------------------------------

# METADATA
# title: Art 50(2) applies
# description: A provider of a system generating synthetic audio, image, video or text, in force and in scope.
art50_2_applies if {
	art50_in_force
	lib.is_provider
	count(generated_content_modalities) > 0
	not law_enforcement_exception
	not transparency.marking.exemption
}

# METADATA
# title: Modalities whose outputs are content people see
# description: Source-code-only or machine-to-machine outputs are out of scope per the Commission guidelines.
generated_content_modalities := {m |
	some m in input.system.capabilities.synthetic_output_modalities
	not outputs_out_of_scope
}

# METADATA
# title: Outputs are only code or machine-to-machine
# description: True when every declared output kind is one the guidelines leave out of Art 50(2).
outputs_out_of_scope if {
	count(input.system.capabilities.output_kinds) > 0
	every kind in input.system.capabilities.output_kinds {
		kind in {"source-code", "machine-to-machine", "short-labels"}
	}
}

# METADATA
# title: Modalities carrying machine-readable marking
# description: Modalities covered by C2PA Content Credentials or by a watermark.
marked_modalities contains m if some m in transparency.marking.c2pa.modalities

marked_modalities contains m if some m in transparency.marking.watermark.modalities

# METADATA
# title: Modalities without marking
# description: Generated modalities that carry neither C2PA metadata nor a watermark.
unmarked_modalities := generated_content_modalities - marked_modalities

# METADATA
# title: Marking is detectable
# description: A detection mechanism (URL or API) is named for the marking.
marking_detectable if data.cleangate.lib.present(transparency.marking.detection)

# METADATA
# title: Legacy system inside its Art 111(4) grace period
# description: Placed on the market before 2 August 2026 and judged before 2 December 2026.
in_legacy_grace_period if {
	input.system.deployment.placed_on_market < art50_application_date
	not data.cleangate.lib.on_or_after(art50_2_legacy_deadline)
}

# METADATA
# title: Art 50(2) marking gaps
# description: One entry per missing element (unmarked modality or missing detection), with its path.
marking_gaps contains gap if {
	some m in unmarked_modalities
	gap := {
		"path": "/system/transparency/marking",
		"what": sprintf("%s outputs carry no machine-readable marking (C2PA or watermark)", [m]),
	}
}

marking_gaps contains gap if {
	count(generated_content_modalities) > 0
	not marking_detectable
	gap := {
		"path": "/system/transparency/marking/detection",
		"what": "no detection mechanism is named for the marking",
	}
}

# METADATA
# title: Mark synthetic content in a machine-readable, detectable way
# description: >-
#   Providers of AI systems generating synthetic audio, image, video or text must ensure the
#   outputs are marked in a machine-readable format and detectable as artificially generated.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-2
#   regulation: EU AI Act
#   reference: Art. 50(2)
#   severity: block
#   applies_when: provider of a generative system (audio, image, video, text), in the EU, from 2026-08-02
#   remediation: >-
#     Attach C2PA Content Credentials (digitalSourceType trainedAlgorithmicMedia) and/or an imperceptible
#     watermark to every generated modality, publish a detection route, and record them in
#     system.transparency.marking.
deny contains finding if {
	art50_2_applies
	not in_legacy_grace_period
	some gap in marking_gaps
	finding := data.cleangate.lib.finding("AIACT-50-2", gap.path, sprintf("%s: %s", [input.system.name, gap.what]))
}

# METADATA
# title: Marking of synthetic content due by 2 December 2026 (legacy system)
# description: >-
#   Systems placed on the market before 2 August 2026 have until 2 December 2026 to meet
#   Art 50(2) (Art 111(4), as amended by Regulation (EU) 2026/1744).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_111
# custom:
#   id: AIACT-50-2-TRANSITION
#   regulation: EU AI Act
#   reference: Art. 50(2), Art. 111(4)
#   severity: warn
#   applies_when: AIACT-50-2 applies to a system placed on the market before 2026-08-02, judged before 2026-12-02
#   remediation: Ship marking and detection before 2 December 2026; the gate blocks from that day.
warn contains finding if {
	art50_2_applies
	in_legacy_grace_period
	some gap in marking_gaps
	finding := data.cleangate.lib.finding(
		"AIACT-50-2-TRANSITION",
		gap.path,
		sprintf("%s: %s (blocks from %s)", [input.system.name, gap.what, art50_2_legacy_deadline]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-50-1" if art50_1_applies

applies contains "AIACT-50-1-OBVIOUS" if art50_1_applies

applies contains "AIACT-50-2" if {
	art50_2_applies
	not in_legacy_grace_period
}

applies contains "AIACT-50-2-TRANSITION" if {
	art50_2_applies
	in_legacy_grace_period
}
