# METADATA
# title: EU AI Act Art 50(2) - text marking, detection per technique and signatory status (Code of Practice)
# description: >-
#   Further measures of the Code of Practice on transparency of AI-generated content (final
#   10 June 2026): free text longer than 200 tokens carries a watermark, every marking technique
#   names its own detection route, and a provider that has not signed the Code must show Art 50(2)
#   compliance by other means. The Code is voluntary and gives no presumption of conformity, so
#   these rules warn or inform only, and only for modalities Art 50(2) already binds (the
#   modalities cleangate.ai_act.art50 requires to be marked). Kept apart from
#   cleangate.ai_act.art50_code so each package stays one file.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
#     description: Regulation (EU) 2024/1689 (AI Act), Article 50(2)
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art50_code_measures

import rego.v1

import data.cleangate.ai_act.art50

# METADATA
# title: Art 50(2) binds the system
# description: >-
#   A provider in scope from the Art 50 date, with generated content that is not exempt: the
#   condition of the Act's own marking rule, so the Code is never read more widely than the Act.
art50_2_binds if art50.art50_2_applies

# METADATA
# title: Marking facts
# description: Shorthand for input.system.transparency.marking and the Code facts.
marking := object.get(input.system, ["transparency", "marking"], {})

code := object.get(input.system, ["transparency", "code_of_practice"], {})

# METADATA
# title: Marking techniques in use
# description: >-
#   A technique is in use when it marks a modality Art 50(2) requires to be marked: C2PA
#   Content Credentials (c2pa) and an imperceptible watermark (watermark).
techniques contains "c2pa" if count(art50.to_mark & {m | some m in object.get(marking, ["c2pa", "modalities"], [])}) > 0

techniques contains "watermark" if count(art50.to_mark & {m | some m in object.get(marking, ["watermark", "modalities"], [])}) > 0

# METADATA
# title: A technique names its own detection route
# description: c2pa.detection or watermark.detection is stated.
own_route(t) if data.cleangate.lib.present_at(marking, [t, "detection"])

# METADATA
# title: Techniques without a detection route of their own
# description: >-
#   With one technique the shared marking.detection is its route; with two, a shared route does
#   not say which technique it detects, so each needs its own.
no_route contains t if {
	count(techniques) > 1
	some t in techniques
	not own_route(t)
}

# METADATA
# title: Text length the Code expects to be watermarked
# description: The same setting as the Act rule's short-text cut-off (ai_act.text_marking_min_tokens, 200).
text_min_tokens := art50.text_marking_min_tokens

# METADATA
# title: Shortest text output the text watermark covers
# description: watermark.min_text_tokens, when the watermark marks text.
watermark_text_floor := marking.watermark.min_text_tokens if "text" in object.get(marking, ["watermark", "modalities"], [])

# METADATA
# title: Free text longer than 200 tokens not watermarked in full
# description: >-
#   The Code expects every free-text output longer than 200 tokens to carry a watermark. A text
#   watermark that is embedded only from a longer length leaves the outputs in between unmarked.
#   Text without any marking is AIACT-50-2's block; very short text (at most
#   ai_act.text_marking_min_tokens) and exempted text are out of scope, as for the Act rule.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-TEXT
#   regulation: EU AI Act
#   reference: Art. 50(2); Code of Practice on transparency of AI-generated content (June 2026), text marking
#   severity: warn
#   applies_when: >-
#     a provider bound by Art 50(2) for text outputs (longer than ai_act.text_marking_min_tokens, not exempt), in the
#     EU, whose text watermark states min_text_tokens
#   remediation: >-
#     Use a text watermark that is embedded from ai_act.text_marking_min_tokens (200) tokens and record it in
#     transparency.marking.watermark.min_text_tokens.
warn contains finding if {
	art50_2_binds
	"text" in art50.to_mark
	watermark_text_floor > text_min_tokens
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-TEXT", "/system/transparency/marking/watermark/min_text_tokens",
		sprintf(
			"%s: text outputs of %d to %d tokens carry no watermark; the Code of Practice expects every text output longer than %d tokens to be watermarked",
			[input.system.name, text_min_tokens + 1, watermark_text_floor, text_min_tokens],
		),
	)
}

# METADATA
# title: A marking technique names no detection route of its own
# description: >-
#   The Code expects a detection route (detector, validator or API) for each marking technique,
#   so that a stripped metadata layer can still be checked through the watermark and vice versa.
#   A single shared marking.detection is read as the route of a lone technique.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-ROUTE
#   regulation: EU AI Act
#   reference: Art. 50(2) ("detectable"); Code of Practice on transparency of AI-generated content, detection
#   severity: warn
#   applies_when: a provider bound by Art 50(2) that marks with both C2PA and a watermark, in the EU
#   remediation: >-
#     Name the detection route of each technique: transparency.marking.c2pa.detection (e.g. a C2PA validator) and
#     transparency.marking.watermark.detection (the watermark detector).
warn contains finding if {
	art50_2_binds
	some t in no_route
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-ROUTE", sprintf("/system/transparency/marking/%s/detection", [t]),
		sprintf("%s: the %s marking names no detection route of its own; the Code of Practice expects one per technique", [input.system.name, t]),
	)
}

# METADATA
# title: Provider has not signed the Code of Practice
# description: >-
#   Signing the Code is voluntary. A provider that has not signed it must show by other means that
#   its marking is effective, interoperable, robust and reliable (Art 50(2)); the Code's measures
#   are a benchmark, not a presumption of conformity.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-SIGNATORY
#   regulation: EU AI Act
#   reference: Art. 50(2), Art. 50(7); Code of Practice on transparency of AI-generated content (June 2026)
#   severity: info
#   applies_when: a provider bound by Art 50(2) states transparency.code_of_practice.signatory, in the EU
#   remediation: >-
#     Keep the evidence that the marking meets Art 50(2) (technique, robustness tests, detection route), or sign the
#     Code and follow its measures.
info contains finding if {
	art50_2_binds
	code.signatory == false
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-SIGNATORY", "/system/transparency/code_of_practice/signatory",
		sprintf(
			"%s: not a signatory of the Code of Practice; show Art 50(2) compliance by other means (the Code gives no presumption of conformity)",
			[input.system.name],
		),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-50-COP-TEXT" if {
	art50_2_binds
	"text" in art50.to_mark
	watermark_text_floor != null
}

applies contains "AIACT-50-COP-ROUTE" if {
	art50_2_binds
	count(techniques) > 1
}

applies contains "AIACT-50-COP-SIGNATORY" if {
	art50_2_binds
	code.signatory == false
}
