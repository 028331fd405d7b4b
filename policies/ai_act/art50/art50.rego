# METADATA
# title: EU AI Act Article 50 - transparency obligations
# description: >-
#   Providers and deployers of certain AI systems must tell people when they interact with AI,
#   mark synthetic content, announce emotion recognition and disclose deep fakes and AI-written
#   public-interest text. Applies from 2 August 2026 whatever the risk tier, and open-source
#   release does not remove it (Art 2(12)).
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
art50_application_date := data.cleangate.ai_act.settings.values.art50_application_date

# METADATA
# title: Art 50(2) deadline for legacy generative systems
# description: Systems placed on the market before 2 August 2026 have until 2 December 2026 (Art 111(4)).
art50_2_legacy_deadline := data.cleangate.ai_act.settings.values.art50_2_legacy_deadline

# METADATA
# title: Article 50 is in force and the system is in scope
# description: The evaluation date is on or after 2 August 2026 and the system reaches the EU.
art50_in_force if {
	art50_dated
	lib.ai_act_in_scope
}

# METADATA
# title: The judging date is on or after 2 August 2026
# description: Article 50 applies from that day; territorial scope is judged separately.
art50_dated if data.cleangate.lib.on_or_after(art50_application_date)

# METADATA
# title: The system's stated capabilities
# description: input.system.capabilities, or {} when the manifest states none.
capabilities := object.get(input.system, "capabilities", {})

# METADATA
# title: Text outputs at most this long need no marking
# description: >-
#   Very short outputs are out of Art 50(2) scope per the Commission guidelines; the Code of Practice
#   marks text over 200 tokens.
text_marking_min_tokens := data.cleangate.ai_act.settings.values.text_marking_min_tokens

# METADATA
# title: Authorised by law for criminal-offence purposes
# description: The law-enforcement exception shared by Art 50(1)-(4).
law_enforcement_exception if input.system.capabilities.law_enforcement_authorised == true

# METADATA
# title: The system's transparency facts
# description: Shorthand for input.system.transparency.
transparency := input.system.transparency

# METADATA
# title: Disclosure timings that come too late
# description: Art 50(5) wants the information at the latest at the first interaction or exposure.
late_timings := {"after-first-message", "settings-page", "tos-only"}

# --- Art 50(1) ------------------------------------------------------------------------------

# METADATA
# title: Art 50(1) law-enforcement exception
# description: Authorised by law for criminal offences, unless the public can use it to report a crime.
art50_1_law_enforcement if {
	law_enforcement_exception
	not input.system.capabilities.public_crime_reporting == true
}

# METADATA
# title: Art 50(1) applies
# description: A provider of a system intended to interact directly with natural persons, in force and in scope.
art50_1_applies if {
	art50_in_force
	lib.is_provider
	input.system.capabilities.interacts_with_persons == true
	not art50_1_law_enforcement
	not transparency.ai_interaction.exemption == "no-direct-interaction"
}

# METADATA
# title: An AI-interaction notice is named
# description: A disclosure mechanism (banner, spoken intro, avatar badge) is recorded; Art 50(5) checks its timing.
ai_interaction_disclosed if data.cleangate.lib.present(transparency.ai_interaction.mechanism)

# METADATA
# title: The "obvious from context" exemption is documented
# description: Accepted only with a written rationale and no human-styled persona, which defeats it.
obvious_exemption_documented if {
	transparency.ai_interaction.exemption == "obvious"
	data.cleangate.lib.present(transparency.ai_interaction.exemption_rationale)
	not transparency.ai_interaction.human_persona == true
}

# METADATA
# title: Why the missing notice is not excused
# description: Names the defect in the exemption claim, if there is one, for the finding message.
art50_1_reason := "the system presents as a human, so the 'obvious' exemption is not credible" if {
	transparency.ai_interaction.exemption == "obvious"
	transparency.ai_interaction.human_persona == true
} else := "the 'obvious' exemption is claimed without a written rationale" if {
	transparency.ai_interaction.exemption == "obvious"
} else := "no AI disclosure mechanism is named"

# METADATA
# title: Art 50(1) would be breached if it applied
# description: Neither a notice nor a documented "obvious" exemption.
art50_1_violated if {
	not ai_interaction_disclosed
	not obvious_exemption_documented
}

# METADATA
# title: Art 50(1) may apply
# description: No stated fact rules it out, though a deciding fact (role, region, interaction) may be missing.
art50_1_may_apply if {
	art50_dated
	lib.ai_act_may_apply
	lib.may_be_provider
	not capabilities.interacts_with_persons == false
	not art50_1_law_enforcement
	not transparency.ai_interaction.exemption == "no-direct-interaction"
}

# METADATA
# title: Missing facts that decide Art 50(1)
# description: The role and territorial reach, and whether the system interacts with people.
art50_1_unknowns contains u if some u in lib.ai_act_unknowns

art50_1_unknowns contains u if {
	not data.cleangate.lib.stated(capabilities, "interacts_with_persons")
	u := {
		"path": "/system/capabilities/interacts_with_persons",
		"expected": "true or false",
		"why": "system.capabilities.interacts_with_persons is not stated: cannot tell whether Art 50(1) binds you",
	}
}

# METADATA
# title: Art 50(1) cannot be judged
# description: >-
#   The system may be a provider's system that interacts with people and names no AI notice, but a
#   fact that decides whether Art 50(1) applies is missing; each missing fact is reported.
undetermined contains u if {
	art50_1_may_apply
	not art50_1_applies
	art50_1_violated
	some gap in art50_1_unknowns
	u := data.cleangate.lib.undetermined_fact("AIACT-50-1", gap.path, gap.expected, gap.why)
}

# METADATA
# title: Tell people they are interacting with an AI system
# description: >-
#   Providers must design systems that interact directly with natural persons so that those
#   persons are informed they are interacting with an AI system, unless this is obvious from the
#   context. Open-source systems are not exempt (Art 2(12)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-1
#   regulation: EU AI Act
#   reference: Art. 50(1)
#   severity: block
#   applies_when: >-
#     provider of a system that interacts directly with natural persons, in the EU, from 2026-08-02;
#     not for law enforcement authorised by law (unless open to the public for reporting crimes)
#   remediation: >-
#     Show an AI notice at the first interaction (banner, spoken intro or avatar badge) and record it in
#     system.transparency.ai_interaction (mechanism, timing: first-interaction, accessible: true).
deny contains finding if {
	art50_1_applies
	art50_1_violated
	finding := data.cleangate.lib.finding(
		"AIACT-50-1",
		"/system/transparency/ai_interaction",
		sprintf("%s interacts with people but %s", [input.system.name, art50_1_reason]),
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
# title: Art 50(2) exemption for the whole system
# description: >-
#   Law enforcement only (it needs the capability flag). The editing exemptions hold per modality
#   (editing_exempt), never on a bare system-wide claim.
art50_2_exempt if law_enforcement_exception

# METADATA
# title: Art 50(2) applies
# description: A provider of a system generating synthetic audio, image, video or text, in force and in scope.
art50_2_applies if {
	art50_in_force
	lib.is_provider
	count(generated_content_modalities) > 0
	not art50_2_exempt
}

# METADATA
# title: Generated modalities are stated
# description: synthetic_output_modalities is given, [] included (then the system generates none).
modalities_stated if data.cleangate.lib.stated(capabilities, "synthetic_output_modalities")

# METADATA
# title: Modalities whose outputs are content people see
# description: Source-code-only or machine-to-machine outputs are out of scope per the Commission guidelines.
generated_content_modalities := {m |
	some m in input.system.capabilities.synthetic_output_modalities
	not outputs_out_of_scope
}

# METADATA
# title: Modalities covered by an editing exemption
# description: >-
#   Assistive standard editing or no substantial alteration of the input, claimed for that modality
#   with a reason (marking.exemptions[]); index by modality, for the recorded exemption.
editing_exempt[m] := i if {
	some i, e in transparency.marking.exemptions
	e.exemption in {"standard-editing", "no-substantial-alteration"}
	data.cleangate.lib.present(e.reason)
	m := e.modality
}

# METADATA
# title: Text outputs are very short
# description: >-
#   The longest text output is at most text_marking_min_tokens (200): labels, alt text, short replies,
#   which the Commission guidelines leave out of Art 50(2) [S].
short_text_outputs if capabilities.max_text_output_tokens <= text_marking_min_tokens

# METADATA
# title: Modalities out of marking scope for this system
# description: Exempted per modality, or text when every text output is very short.
unmarked_allowed contains m if some m, _ in editing_exempt

unmarked_allowed contains "text" if short_text_outputs

# METADATA
# title: Modalities that must be marked
# description: Generated content modalities less those out of marking scope.
to_mark := generated_content_modalities - unmarked_allowed

# METADATA
# title: Outputs are only code, short labels or machine-to-machine
# description: True when every declared output kind is one the guidelines leave out of Art 50(2).
outputs_out_of_scope if {
	count(input.system.capabilities.output_kinds) > 0
	every kind in input.system.capabilities.output_kinds {
		kind in {"source-code", "machine-to-machine", "short-labels"}
	}
}

# METADATA
# title: Modalities carrying machine-readable marking
# description: >-
#   Modalities covered by a watermark, or by C2PA Content Credentials except plain text, whose
#   embedded metadata is lost on copy and paste (the Code of Practice expects a text watermark).
marked_modalities contains m if {
	some m in transparency.marking.watermark.modalities
	not transparency.marking.watermark.inherited_from
}

marked_modalities contains m if {
	some m in transparency.marking.watermark.modalities
	inherited_watermark_holds
}

# METADATA
# title: A watermark inherited from the model provider holds
# description: >-
#   The watermark names a model in models[] whose provider embeds it (e.g. a text watermark of a
#   model API), and a detection route is named; then it marks the system's outputs.
inherited_watermark_holds if {
	some model in input.models
	model.name == transparency.marking.watermark.inherited_from
	data.cleangate.lib.present(watermark_detection)
}

# METADATA
# title: The watermark's detection route
# description: The watermark's own detection route, else the marking's shared one.
watermark_detection := transparency.marking.watermark.detection if {
	data.cleangate.lib.present(transparency.marking.watermark.detection)
} else := transparency.marking.detection

marked_modalities contains m if {
	some m in transparency.marking.c2pa.modalities
	m != "text"
}

# METADATA
# title: Modalities without marking
# description: Generated modalities that carry neither C2PA metadata nor a watermark.
unmarked_modalities := to_mark - marked_modalities

# METADATA
# title: Marking is detectable
# description: A detection mechanism (URL or API) is named for the marking, shared or for one technique.
marking_detectable if data.cleangate.lib.present(transparency.marking.detection)

marking_detectable if data.cleangate.lib.present(transparency.marking.watermark.detection)

marking_detectable if data.cleangate.lib.present(transparency.marking.c2pa.detection)

# METADATA
# title: Legacy system inside its Art 111(4) grace period
# description: Placed on the market before 2 August 2026 and judged before 2 December 2026.
in_legacy_grace_period if {
	input.system.deployment.placed_on_market < art50_application_date
	not data.cleangate.lib.on_or_after(art50_2_legacy_deadline)
}

# METADATA
# title: Why C2PA alone does not mark text
# description: Plain text loses embedded metadata on copy and paste; the Code of Practice expects a text watermark.
text_hint(m) := " (C2PA metadata alone does not survive plain text; add a text watermark)" if {
	m == "text"
	"text" in transparency.marking.c2pa.modalities
} else := ""

# METADATA
# title: Art 50(2) marking gaps
# description: One entry per missing or contradicted element, with its path.
marking_gaps contains gap if {
	some m in unmarked_modalities
	gap := {
		"path": "/system/transparency/marking",
		"what": sprintf("%s outputs carry no machine-readable marking (C2PA or watermark)%s", [m, text_hint(m)]),
	}
}

marking_gaps contains gap if {
	count(unmarked_modalities) > 0
	transparency.marking.exemption in {"standard-editing", "no-substantial-alteration"}
	gap := {
		"path": "/system/transparency/marking/exemption",
		"what": sprintf(
			"the system-wide '%s' claim does not exempt: claim it per modality with a reason (marking.exemptions)",
			[transparency.marking.exemption],
		),
	}
}

marking_gaps contains gap if {
	name := transparency.marking.watermark.inherited_from
	not name in {m.name | some m in input.models}
	count(to_mark & {m | some m in transparency.marking.watermark.modalities}) > 0
	gap := {
		"path": "/system/transparency/marking/watermark/inherited_from",
		"what": sprintf("the watermark is inherited from %s, which is not a model in models[]", [name]),
	}
}

marking_gaps contains gap if {
	count(to_mark) > 0
	not marking_detectable
	gap := {
		"path": "/system/transparency/marking/detection",
		"what": "no detection mechanism is named for the marking",
	}
}

marking_gaps contains gap if {
	some m in to_mark
	some i, sample in input.evidence.c2pa_samples
	sample.modality == m
	sample.validation_state == "Invalid"
	gap := {
		"path": sprintf("/evidence/c2pa_samples/%d/validation_state", [i]),
		"what": sprintf("a sample %s output has invalid Content Credentials: not detectable as generated", [m]),
	}
}

marking_gaps contains gap if {
	some m in to_mark
	some i, sample in input.evidence.c2pa_samples
	sample.modality == m
	not data.cleangate.lib.ai_media_source_type(object.get(sample, "digital_source_type", ""))
	gap := {
		"path": sprintf("/evidence/c2pa_samples/%d/digital_source_type", [i]),
		"what": sprintf(
			"a sample %s output declares digitalSourceType %s instead of an AI-generated type",
			[m, object.get(sample, "digital_source_type", "(none)")],
		),
	}
}

marking_gaps contains gap if {
	count(to_mark) > 0
	declared := transparency.marking.c2pa.digital_source_type
	not data.cleangate.lib.ai_media_source_type(declared)
	gap := {
		"path": "/system/transparency/marking/c2pa/digital_source_type",
		"what": sprintf("the C2PA marking declares digitalSourceType %s instead of an AI-generated type", [declared]),
	}
}

# METADATA
# title: Placing on the market decides Art 50(2) now, and it is not stated
# description: >-
#   Before 2 December 2026 a system placed on the market before 2 August 2026 only warns (Art 111(4));
#   without the date the gate cannot tell a legacy system from a new one.
placement_undetermined if {
	not data.cleangate.lib.stated(object.get(input.system, "deployment", {}), "placed_on_market")
	not data.cleangate.lib.on_or_after(art50_2_legacy_deadline)
}

# METADATA
# title: Every modality is marked and detectable
# description: What makes unstated modalities harmless, because whatever the system generates carries marking.
every_modality_marked if {
	marking_detectable
	count({"text", "image", "audio", "video"} - marked_modalities) == 0
}

# METADATA
# title: Art 50(2) would be breached if it applied
# description: A marking gap for the stated modalities, or unstated modalities without full marking.
art50_2_violated if count(marking_gaps) > 0

art50_2_violated if {
	not modalities_stated
	not every_modality_marked
}

# METADATA
# title: Art 50(2) may apply
# description: No stated fact rules it out, though the role, region, modalities or placing date may be missing.
art50_2_may_apply if {
	art50_dated
	lib.ai_act_may_apply
	lib.may_be_provider
	not art50_2_exempt
	not outputs_out_of_scope
	may_generate
}

# METADATA
# title: The system may generate content
# description: Stated modalities, or none stated at all.
may_generate if count(generated_content_modalities) > 0

may_generate if not modalities_stated

# METADATA
# title: Art 50(2) is decided on stated facts
# description: It applies and nothing that decides between block and the Art 111(4) warning is missing.
art50_2_decided if {
	art50_2_applies
	not placement_undetermined
}

# METADATA
# title: Missing facts that decide Art 50(2)
# description: Role, territorial reach, generated modalities and, inside the Art 111(4) window, the placing date.
art50_2_unknowns contains u if some u in lib.ai_act_unknowns

art50_2_unknowns contains u if {
	not modalities_stated
	u := {
		"path": "/system/capabilities/synthetic_output_modalities",
		"expected": "a list of text, image, audio, video ([] if the system generates none)",
		"why": "the generated modalities are not stated: cannot tell whether Art 50(2) marking binds you",
	}
}

art50_2_unknowns contains u if {
	placement_undetermined
	u := {
		"path": "/system/deployment/placed_on_market",
		"expected": "the ISO date the system was first placed on the market or put into service",
		"why": concat("", [
			"without the placing date the gate cannot tell a legacy system ",
			"(Art 111(4): until 2 December 2026) from a new one",
		]),
	}
}

# METADATA
# title: Art 50(2) cannot be judged
# description: >-
#   The outputs may need marking that is missing, but a fact that decides whether (or from when)
#   Art 50(2) applies is missing; each missing fact is reported.
undetermined contains u if {
	art50_2_may_apply
	not art50_2_decided
	art50_2_violated
	some gap in art50_2_unknowns
	u := data.cleangate.lib.undetermined_fact("AIACT-50-2", gap.path, gap.expected, gap.why)
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
#   applies_when: >-
#     provider (incl. downstream provider) of a generative system (audio, image, video, text), in the EU,
#     from 2026-08-02 (legacy systems from 2026-12-02); not for law enforcement, not for a modality exempted
#     with a reason (standard editing, no substantial alteration), not for outputs that are only source code,
#     short labels or machine-to-machine, nor text outputs of at most 200 tokens
#   remediation: >-
#     Attach C2PA Content Credentials (digitalSourceType trainedAlgorithmicMedia) and/or an imperceptible
#     watermark to every generated modality (a watermark for text, or the model provider's watermark with
#     inherited_from and its detector), publish a detection route, and record them in system.transparency.marking.
deny contains finding if {
	art50_2_applies
	not in_legacy_grace_period
	not placement_undetermined
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

# --- Art 50(3) ------------------------------------------------------------------------------

# METADATA
# title: Art 50(3) applies
# description: A deployer of an emotion-recognition or biometric-categorisation system, in force and in scope.
art50_3_applies if {
	art50_in_force
	lib.is_deployer
	senses_people
	not law_enforcement_exception
}

# METADATA
# title: Recognises emotions or categorises people biometrically
# description: Either capability makes people exposed to the system entitled to a notice.
senses_people if input.system.capabilities.emotion_recognition == true

senses_people if input.system.capabilities.biometric_categorisation == true

# METADATA
# title: Inform people exposed to emotion recognition or biometric categorisation
# description: >-
#   Deployers of an emotion-recognition or biometric-categorisation system must inform the
#   natural persons exposed to it of its operation (and process personal data under the GDPR).
#   A notice never cures a practice Art 5 prohibits.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-3
#   regulation: EU AI Act
#   reference: Art. 50(3)
#   severity: block
#   applies_when: >-
#     deployer of an emotion-recognition or biometric-categorisation system, in the EU, from 2026-08-02;
#     not for law enforcement authorised by law
#   remediation: >-
#     Tell exposed people the system is operating (sign, pop-up, spoken notice) before it processes them,
#     and record it in system.transparency.emotion_notice.mechanism.
deny contains finding if {
	art50_3_applies
	not data.cleangate.lib.present_at(transparency, ["emotion_notice", "mechanism"])
	finding := data.cleangate.lib.finding(
		"AIACT-50-3",
		"/system/transparency/emotion_notice",
		sprintf("%s recognises emotions or categorises people but names no notice to them", [input.system.name]),
	)
}

# --- Art 50(4) deep fakes ---------------------------------------------------------------------

# METADATA
# title: Art 50(4) deep-fake duty applies
# description: A deployer of a system producing deep fakes (Art 3(60)), in force and in scope.
art50_4_df_applies if {
	art50_in_force
	lib.is_deployer
	input.system.capabilities.deepfake_output == true
	not law_enforcement_exception
}

# METADATA
# title: Labels that disclose a deep fake to people
# description: A watermark alone is machine-readable, not a disclosure people perceive.
visible_labels := {"eu-icon", "text-label", "audio-disclaimer"}

# METADATA
# title: The deep fake is disclosed
# description: >-
#   A visible or audible label; for an evidently artistic, creative, satirical or fictional
#   work, a statement that such content exists (credits, programme note) suffices.
deepfake_disclosed if transparency.deepfake.label in visible_labels

deepfake_disclosed if {
	transparency.deepfake.artistic_work == true
	data.cleangate.lib.present(transparency.deepfake.existence_disclosure)
}

# METADATA
# title: What the deep-fake disclosure lacks
# description: The reduced duty for artistic works still needs a statement of existence.
deepfake_gap := "an artistic or satirical work still needs an unobtrusive statement that AI content exists" if {
	transparency.deepfake.artistic_work == true
} else := "no visible or audible label discloses that the content is AI-generated or manipulated"

# METADATA
# title: Disclose deep fakes
# description: >-
#   Deployers of an AI system that generates or manipulates image, audio or video content
#   constituting a deep fake must disclose that it was artificially generated or manipulated.
#   For evidently artistic, creative, satirical or fictional works the duty shrinks to disclosing
#   that such content exists without hampering the work; it does not disappear.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-4-DF
#   regulation: EU AI Act
#   reference: Art. 50(4) first subparagraph, Art. 3(60)
#   severity: block
#   applies_when: deployer publishing deep fakes, in the EU, from 2026-08-02; not for law enforcement authorised by law
#   remediation: >-
#     Label each deep fake at first exposure (EU AI icon, text label, or audible disclaimer for audio) in
#     system.transparency.deepfake.label; for artistic or satirical works set artistic_work and record where
#     the existence of AI content is stated (existence_disclosure, e.g. end credits).
deny contains finding if {
	art50_4_df_applies
	not deepfake_disclosed
	finding := data.cleangate.lib.finding(
		"AIACT-50-4-DF",
		"/system/transparency/deepfake",
		sprintf("%s publishes deep fakes but %s", [input.system.name, deepfake_gap]),
	)
}

# --- Art 50(4) public-interest text -----------------------------------------------------------

# METADATA
# title: Art 50(4) public-interest text duty applies
# description: A deployer publishing AI-generated text to inform the public on matters of public interest.
art50_4_txt_applies if {
	art50_in_force
	lib.is_deployer
	input.system.capabilities.public_interest_text == true
	not law_enforcement_exception
}

# METADATA
# title: Human review and editorial responsibility
# description: Both limbs, human review or editorial control AND a person holding editorial responsibility.
editorial_exception if {
	transparency.public_interest_text.human_review == true
	data.cleangate.lib.present(transparency.public_interest_text.editorial_responsible)
}

# METADATA
# title: What the editorial exception lacks
# description: Names the missing limb for the finding message.
editorial_gap := "human review is recorded but no person holds editorial responsibility" if {
	transparency.public_interest_text.human_review == true
} else := "there is neither a disclosure nor human review with a named editor"

# METADATA
# title: Disclose AI-generated text on matters of public interest
# description: >-
#   Deployers of an AI system generating or manipulating text published to inform the public on
#   matters of public interest must disclose that it was artificially generated, unless it went
#   through human review or editorial control and a person holds editorial responsibility.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-4-TXT
#   regulation: EU AI Act
#   reference: Art. 50(4) second subparagraph
#   severity: block
#   applies_when: >-
#     deployer publishing AI-generated public-interest text, in the EU, from 2026-08-02; not when a human
#     reviews it and a named person holds editorial responsibility, nor for law enforcement
#   remediation: >-
#     Disclose AI generation with the text (system.transparency.public_interest_text.disclosure), or record
#     human_review: true and the editorially responsible person (editorial_responsible).
deny contains finding if {
	art50_4_txt_applies
	not data.cleangate.lib.present_at(transparency, ["public_interest_text", "disclosure"])
	not editorial_exception
	finding := data.cleangate.lib.finding(
		"AIACT-50-4-TXT",
		"/system/transparency/public_interest_text",
		sprintf("%s publishes AI-written public-interest text: %s", [input.system.name, editorial_gap]),
	)
}

# --- Deployer duties that cannot be judged ---------------------------------------------------

# METADATA
# title: Deployer duties whose deciding facts are missing
# description: >-
#   {rule} for each Art 50(3)/(4) duty the capabilities trigger and whose notice is missing, when the
#   role or the region is not stated (the capabilities themselves are stated, default false).
deployer_duty_at_risk contains "AIACT-50-3" if {
	senses_people
	not data.cleangate.lib.present_at(transparency, ["emotion_notice", "mechanism"])
}

deployer_duty_at_risk contains "AIACT-50-4-DF" if {
	input.system.capabilities.deepfake_output == true
	not deepfake_disclosed
}

deployer_duty_at_risk contains "AIACT-50-4-TXT" if {
	input.system.capabilities.public_interest_text == true
	not data.cleangate.lib.present_at(transparency, ["public_interest_text", "disclosure"])
	not editorial_exception
}

# METADATA
# title: Art 50(3)/(4) cannot be judged
# description: A deployer duty may apply and is not met, but the role or the region is missing.
undetermined contains u if {
	art50_dated
	lib.ai_act_may_apply
	lib.may_be_deployer
	not law_enforcement_exception
	not art50_in_force_for_deployer
	some rule in deployer_duty_at_risk
	some gap in lib.ai_act_unknowns
	u := data.cleangate.lib.undetermined_fact(rule, gap.path, gap.expected, gap.why)
}

# METADATA
# title: Deployer duties are decided
# description: In force, in scope and the organisation is a deployer, so the deny rules judge them.
art50_in_force_for_deployer if {
	art50_in_force
	lib.is_deployer
}

# --- Art 50(5) form and timing ----------------------------------------------------------------

# METADATA
# title: Disclosures given under paragraphs 1-4
# description: Each disclosure that a paragraph requires here and that names a mechanism, with its timing.
disclosures contains d if {
	art50_1_applies
	ai_interaction_disclosed
	d := {
		"name": "AI-interaction notice",
		"path": "/system/transparency/ai_interaction",
		"facts": transparency.ai_interaction,
	}
}

disclosures contains d if {
	art50_3_applies
	data.cleangate.lib.present(transparency.emotion_notice.mechanism)
	d := {
		"name": "emotion-recognition notice",
		"path": "/system/transparency/emotion_notice",
		"facts": transparency.emotion_notice,
	}
}

disclosures contains d if {
	art50_4_df_applies
	deepfake_disclosed
	d := {"name": "deep-fake disclosure", "path": "/system/transparency/deepfake", "facts": transparency.deepfake}
}

disclosures contains d if {
	art50_4_txt_applies
	data.cleangate.lib.present(transparency.public_interest_text.disclosure)
	d := {
		"name": "public-interest text disclosure",
		"path": "/system/transparency/public_interest_text",
		"facts": transparency.public_interest_text,
	}
}

# METADATA
# title: Art 50(5) defects of a disclosure
# description: Given too late, or stated not to meet accessibility requirements.
disclosure_defects contains defect if {
	some d in disclosures
	d.facts.timing in late_timings
	defect := {"path": sprintf("%s/timing", [d.path]), "what": sprintf("the %s is given %s", [d.name, d.facts.timing])}
}

disclosure_defects contains defect if {
	some d in disclosures
	d.facts.accessible == false
	defect := {"path": sprintf("%s/accessible", [d.path]), "what": sprintf("the %s is not accessible", [d.name])}
}

# METADATA
# title: Give Art 50 information clearly, at first interaction or exposure, accessibly
# description: >-
#   The information under paragraphs 1 to 4 must be clear and distinguishable, given at the latest
#   at the first interaction or exposure, and conform to accessibility requirements. A notice only
#   in the terms of service, a settings page or after the first message comes too late.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-5
#   regulation: EU AI Act
#   reference: Art. 50(5)
#   severity: block
#   applies_when: an Art 50(1)-(4) duty applies and the disclosure names its timing or accessibility
#   remediation: >-
#     Show the disclosure at the first interaction or exposure (timing: first-interaction or first-exposure)
#     and make it accessible (screen readers, captions, audible notice for audio).
deny contains finding if {
	some defect in disclosure_defects
	finding := data.cleangate.lib.finding(
		"AIACT-50-5",
		defect.path,
		sprintf("%s: %s", [input.system.name, defect.what]),
	)
}

# --- Exemptions on record ---------------------------------------------------------------------

# METADATA
# title: Art 50 exemptions relied on
# description: Each exemption that switched off a paragraph here, so the decision records why it passed.
exemptions_used contains e if {
	art50_in_force
	lib.is_provider
	count(generated_content_modalities) > 0
	art50_2_exempt
	e := {
		"path": "/system/capabilities/law_enforcement_authorised",
		"what": "Art 50(2) marking not required: use authorised by law for criminal-offence purposes",
	}
}

exemptions_used contains e if {
	art50_2_applies
	some m in generated_content_modalities
	i := editing_exempt[m]
	claim := transparency.marking.exemptions[i]
	e := {"path": sprintf("/system/transparency/marking/exemptions/%d", [i]), "what": sprintf(
		"Art 50(2) marking not required for %s outputs: %s (reason: %s)",
		[m, claim.exemption, claim.reason],
	)}
}

exemptions_used contains e if {
	art50_2_applies
	"text" in generated_content_modalities
	short_text_outputs
	not editing_exempt.text
	e := {"path": "/system/capabilities/max_text_output_tokens", "what": sprintf(
		concat("", [
			"Art 50(2) marking not required for text outputs: at most %d tokens, ",
			"very short outputs the Commission guidelines leave out of scope",
		]),
		[capabilities.max_text_output_tokens],
	)}
}

exemptions_used contains e if {
	art50_2_applies
	inherited_watermark_holds
	count(to_mark & {m | some m in transparency.marking.watermark.modalities}) > 0
	e := {"path": "/system/transparency/marking/watermark/inherited_from", "what": sprintf(
		"Art 50(2) marking relies on the %s watermark of model %s, detected at %s: keep the model provider's statement",
		[
			transparency.marking.watermark.scheme,
			transparency.marking.watermark.inherited_from,
			watermark_detection,
		],
	)}
}

exemptions_used contains e if {
	art50_in_force
	lib.is_provider
	input.system.capabilities.interacts_with_persons == true
	transparency.ai_interaction.exemption == "no-direct-interaction"
	e := {
		"path": "/system/transparency/ai_interaction/exemption",
		"what": "Art 50(1) not required: no direct interaction",
	}
}

exemptions_used contains e if {
	art50_in_force
	lib.is_deployer
	input.system.capabilities.deepfake_output == true
	transparency.deepfake.artistic_work == true
	deepfake_disclosed
	e := {
		"path": "/system/transparency/deepfake/artistic_work",
		"what": "Art 50(4) reduced duty for an artistic, creative or satirical work",
	}
}

exemptions_used contains e if {
	art50_4_txt_applies
	not data.cleangate.lib.present_at(transparency, ["public_interest_text", "disclosure"])
	editorial_exception
	e := {
		"path": "/system/transparency/public_interest_text",
		"what": "Art 50(4) text disclosure not required: human review and editorial responsibility",
	}
}

# METADATA
# title: An Art 50 exemption was relied on
# description: >-
#   Not a defect: the decision records which statutory exemption made a paragraph pass, so a
#   reviewer can confirm the claim.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-EXEMPTION
#   regulation: EU AI Act
#   reference: Art. 50(1), 50(2), 50(4)
#   severity: info
#   applies_when: an Art 50 paragraph would apply but a recorded exemption switches it off
#   remediation: Keep the evidence for the exemption (rationale, editorial process) with the release.
info contains finding if {
	some e in exemptions_used
	message := sprintf("%s: %s", [input.system.name, e.what])
	finding := data.cleangate.lib.finding("AIACT-50-EXEMPTION", e.path, message)
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

applies contains "AIACT-50-3" if art50_3_applies

applies contains "AIACT-50-4-DF" if art50_4_df_applies

applies contains "AIACT-50-4-TXT" if art50_4_txt_applies

applies contains "AIACT-50-5" if count(disclosures) > 0

applies contains "AIACT-50-EXEMPTION" if art50_in_force
