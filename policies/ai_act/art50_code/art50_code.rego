# METADATA
# title: EU AI Act Art 50(2) - quality of marking per the Code of Practice (June 2026)
# description: >-
#   The Code of Practice on transparency of AI-generated content (final 10 June 2026) describes
#   what effective, interoperable, robust and reliable marking looks like: two layers for audio,
#   image and video (signed metadata plus an imperceptible watermark), a detection route for every
#   technique, interoperable detection by 2 February 2027, and fingerprinting or logging never
#   enough on their own. The Code is voluntary and gives no presumption of conformity, so these
#   checks only warn and never ask more than the Act: they apply only where Art 50(2) binds.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
#     description: Regulation (EU) 2024/1689 (AI Act), Article 50(2)
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art50_code

import rego.v1

import data.cleangate.lib

# METADATA
# title: Date the Code expects interoperable detection
# description: 2 February 2027 (Code measure on interoperability), not a date of the Act.
interoperable_detection_date := "2027-02-02"

# METADATA
# title: Art 50(2) binds the organisation
# description: A provider in the AI Act's scope, from the Art 50 application date.
art50_2_binds if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.art50_application_date)
	lib.ai_act_in_scope
	lib.is_provider
}

# METADATA
# title: Marking facts
# description: Shorthand for input.system.transparency.marking and the Code facts.
marking := object.get(input.system, ["transparency", "marking"], {})

code := object.get(input.system, ["transparency", "code_of_practice"], {})

# METADATA
# title: Generated media modalities
# description: Audio, image and video outputs, for which the Code expects two marking layers.
media := {m | some m in input.system.capabilities.synthetic_output_modalities} & {"audio", "image", "video"}

metadata_layer := {m | some m in object.get(marking, ["c2pa", "modalities"], [])}

watermark_layer := {m | some m in object.get(marking, ["watermark", "modalities"], [])}

# METADATA
# title: Media outputs with only one marking layer
# description: Modalities marked by metadata or by a watermark but not both.
one_layer := ((metadata_layer | watermark_layer) & media) - (metadata_layer & watermark_layer)

# METADATA
# title: Media outputs marked with one layer only
# description: >-
#   The Code expects audio, image and video outputs to carry both digitally signed metadata (such
#   as C2PA Content Credentials) and an imperceptible watermark, so that marking survives metadata
#   stripping. One layer may still meet Art 50(2); the Code's measure is not the law.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-LAYERS
#   regulation: EU AI Act
#   reference: Art. 50(2); Code of Practice on transparency of AI-generated content (June 2026), marking layers
#   severity: warn
#   applies_when: a provider bound by Art 50(2) whose audio, image or video outputs carry one marking layer, in the EU
#   remediation: >-
#     Add the missing layer: C2PA Content Credentials (transparency.marking.c2pa.modalities) or an imperceptible
#     watermark (transparency.marking.watermark.modalities).
warn contains finding if {
	art50_2_binds
	some m in one_layer
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-LAYERS", "/system/transparency/marking",
		sprintf("%s: %s outputs carry %s only; the Code of Practice expects signed metadata and a watermark", [input.system.name, m, layer_name(m)]),
	)
}

layer_name(m) := "signed metadata" if m in metadata_layer

layer_name(m) := "a watermark" if not m in metadata_layer

# METADATA
# title: Detection not interoperable from 2 February 2027
# description: >-
#   The Code expects the detection route for the marking to be interoperable from 2 February 2027
#   (other parties' detectors can read it); before that date nothing is asked.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-DETECT
#   regulation: EU AI Act
#   reference: Art. 50(2) ("interoperable"); Code of Practice on transparency of AI-generated content, detection
#   severity: warn
#   applies_when: a provider bound by Art 50(2) with generated outputs and a marking, in the EU, from 2027-02-02
#   remediation: Offer an interoperable detection route and set transparency.code_of_practice.detection_interoperable.
warn contains finding if {
	art50_2_binds
	count(input.system.capabilities.synthetic_output_modalities) > 0
	count(metadata_layer | watermark_layer) > 0
	data.cleangate.lib.on_or_after(interoperable_detection_date)
	not code.detection_interoperable == true
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-DETECT", "/system/transparency/code_of_practice/detection_interoperable",
		sprintf("%s: the Code of Practice expects interoperable detection of the marking from %s", [input.system.name, interoperable_detection_date]),
	)
}

# METADATA
# title: Fingerprinting or logging used as the only marking
# description: >-
#   Under the Code, fingerprinting or logging of outputs may supplement marking but never replaces
#   a mark carried by the output itself.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: AIACT-50-COP-FINGERPRINT
#   regulation: EU AI Act
#   reference: Art. 50(2); Code of Practice on transparency of AI-generated content
#   severity: warn
#   applies_when: a provider bound by Art 50(2) states fingerprinting_or_logging_only, in the EU
#   remediation: Mark the outputs themselves (metadata and/or watermark); keep fingerprinting as a supplement.
warn contains finding if {
	art50_2_binds
	code.fingerprinting_or_logging_only == true
	finding := data.cleangate.lib.finding(
		"AIACT-50-COP-FINGERPRINT", "/system/transparency/code_of_practice/fingerprinting_or_logging_only",
		sprintf("%s identifies outputs only by fingerprinting or logging, which the Code says never suffices", [input.system.name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-50-COP-LAYERS" if {
	art50_2_binds
	count((metadata_layer | watermark_layer) & media) > 0
}

applies contains "AIACT-50-COP-DETECT" if {
	art50_2_binds
	count(metadata_layer | watermark_layer) > 0
	data.cleangate.lib.on_or_after(interoperable_detection_date)
}

applies contains "AIACT-50-COP-FINGERPRINT" if {
	art50_2_binds
	code.fingerprinting_or_logging_only == true
}
