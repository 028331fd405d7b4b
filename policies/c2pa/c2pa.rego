# METADATA
# title: C2PA Content Credentials on generated outputs
# description: >-
#   When a generative system declares or relies on C2PA Content Credentials (the usual evidence
#   for AI Act Art 50(2) machine-readable marking), the manifests must be there for each generated
#   modality, signed, valid, start with c2pa.created (generated) or c2pa.opened (edited) and label
#   the output with an IPTC AI digitalSourceType. Their defects block while the Art 50(2) marking
#   duty binds and warn (C2PA-ADVISORY) otherwise. Reads system.transparency.marking.c2pa (what the team declares) and
#   evidence.c2pa_samples (what validating sample outputs showed).
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
#     description: C2PA Technical Specification 2.2
# custom:
#   regulation: C2PA
package cleangate.c2pa

import rego.v1

# --- Applicability --------------------------------------------------------------------------

# METADATA
# title: What the team declares about C2PA
# description: Shorthand for system.transparency.marking.c2pa.
declared := input.system.transparency.marking.c2pa

# METADATA
# title: Validated sample outputs
# description: Shorthand for evidence.c2pa_samples.
samples := object.get(input, ["evidence", "c2pa_samples"], [])

# METADATA
# title: The system generates content
# description: It declares at least one synthetic output modality.
generates if count(input.system.capabilities.synthetic_output_modalities) > 0

# METADATA
# title: The system relies on C2PA
# description: It declares C2PA marking or submits C2PA validation results of sample outputs.
relies_on_c2pa if declared

relies_on_c2pa if count(samples) > 0

# METADATA
# title: C2PA rules apply
# description: A generative system that declares or relies on C2PA Content Credentials.
c2pa_applies if {
	generates
	relies_on_c2pa
}

# --- Vocabulary ------------------------------------------------------------------------------

# digitalSourceType values are judged with data.cleangate.lib.ai_media_source_type, the one IPTC
# vocabulary every package shares (organisation setting c2pa.ai_digital_source_types).

# METADATA
# title: When C2PA defects block
# description: >-
#   C2PA Content Credentials are the evidence for the Art 50(2) marking duty, so their defects
#   block exactly when that duty binds: AIACT-50-2 applies (provider, AI Act territorial scope, in
#   force, not exempt) and the system is not a legacy one inside its Art 111(4) grace period.
#   Otherwise (outside the EU, before 2 August 2026, a deployer, a legacy system before 2 December
#   2026) the same defects are C2PA-ADVISORY warnings, so no package blocks what Art 50 grants.
marking_duty_binds if {
	data.cleangate.ai_act.art50.art50_2_applies
	not data.cleangate.ai_act.art50.in_legacy_grace_period
}

# METADATA
# title: Failure codes that do not break validity
# description: signingCredential.untrusted is a failure code, yet the manifest can still be Valid (just not Trusted).
soft_failures := {"signingCredential.untrusted"}

# METADATA
# title: Trusted certificate issuers
# description: Organisation setting c2pa.trusted_issuers; empty means any issuer the validator trusted.
trusted_issuers := {x | some x in data.cleangate.lib.config(["c2pa", "trusted_issuers"], [])}

# METADATA
# title: Modalities that need a C2PA manifest
# description: Generated image, audio and video; free text is usually marked by watermarking alone.
manifest_modalities := {m |
	some m in input.system.capabilities.synthetic_output_modalities
	m in {"image", "audio", "video"}
}

# --- Rules ------------------------------------------------------------------------------------

# METADATA
# title: Declare a C2PA manifest for each generated modality
# description: >-
#   A system that uses C2PA should attach Content Credentials to every generated image, audio and
#   video output; the Art 50 Code of Practice reportedly expects signed metadata plus a watermark
#   for these modalities.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-MANIFEST
#   regulation: C2PA
#   reference: C2PA 2.2 Ch. 11 (manifests); AI Act Art 50(2) Code of Practice
#   severity: warn
#   applies_when: a generative system declares C2PA and generates image, audio or video
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /system/transparency/marking/c2pa/modalities
#   remediation: Attach Content Credentials to the modality and list it in system.transparency.marking.c2pa.modalities.
warn contains finding if {
	c2pa_applies
	declared
	some m in manifest_modalities
	not m in {x | some x in declared.modalities}
	finding := data.cleangate.lib.finding(
		"C2PA-MANIFEST",
		"/system/transparency/marking/c2pa/modalities",
		sprintf("%s generates %s but declares no C2PA manifest for it", [input.system.name, m]),
	)
}

# METADATA
# title: Back the C2PA claim with validated samples
# description: >-
#   A declaration alone is self-declared evidence; validating sample outputs (c2patool, c2pa-rs)
#   shows the manifests are really there and valid.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EVIDENCE
#   regulation: C2PA
#   reference: C2PA 2.2 Ch. 15 (validation)
#   severity: warn
#   applies_when: a generative system declares C2PA for a modality with no validated sample of it
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /system/transparency/marking/c2pa/modalities
#     - /evidence/c2pa_samples/*/modality
#     - /verified/c2pa_samples/*/modality
#     - /verified/c2pa_samples/*/state
#   remediation: Validate a sample output of the modality and add the result to evidence.c2pa_samples.
warn contains finding if {
	c2pa_applies
	some m in declared.modalities
	not m in {s.modality | some s in samples}
	not m in {s.modality | some s in object.get(input, ["verified", "c2pa_samples"], []); s.state == "verified"}
	finding := data.cleangate.lib.finding(
		"C2PA-EVIDENCE",
		"/evidence/c2pa_samples",
		sprintf("%s declares C2PA for %s outputs but submits no validated sample", [input.system.name, m]),
	)
}

# METADATA
# title: Sign manifests with an X.509 credential
# description: >-
#   C2PA 2.x manifests are signed (COSE with an X.509 chain); an unsigned manifest cannot be
#   validated, so it proves nothing.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-SIGNING
#   regulation: C2PA
#   reference: C2PA 2.2 Ch. 14 (trust model), claim signature
#   severity: block
#   applies_when: >-
#     a generative system declares C2PA with signing_trust none, or states no signing credential and no sample
#     validates
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /system/transparency/marking/c2pa/signing_trust
#     - /evidence/c2pa_samples/*/validation_state
#   remediation: >-
#     Sign manifests with a certificate (ideally one on the C2PA Trust List) and record
#     system.transparency.marking.c2pa.signing_trust.
deny contains finding if {
	marking_duty_binds
	some gap in c2pa_gaps
	gap.rule == "C2PA-SIGNING"
	finding := data.cleangate.lib.finding(gap.rule, gap.path, gap.message)
}

# METADATA
# title: C2PA defects, whichever rule they belong to
# description: >-
#   Objects {rule, path, message} for the four blocking rules, so that the same defect blocks under
#   its own id when the marking duty binds and warns as C2PA-ADVISORY when it does not.
c2pa_gaps contains gap if {
	c2pa_applies
	some why in signing_gaps
	msg := sprintf("%s %s", [input.system.name, why])
	gap := {"rule": "C2PA-SIGNING", "path": "/system/transparency/marking/c2pa/signing_trust", "message": msg}
}

c2pa_gaps contains gap if {
	c2pa_applies
	some pair in invalid_samples
	msg := sprintf("%s sample %d: %s", [samples[pair[0]].modality, pair[0], pair[1]])
	gap := {"rule": "C2PA-VALID", "path": sprintf("/evidence/c2pa_samples/%d", [pair[0]]), "message": msg}
}

c2pa_gaps contains gap if {
	c2pa_applies
	some pair in bad_source_types
	msg := sprintf("%s %s", [input.system.name, pair[1]])
	gap := {"rule": "C2PA-DST", "path": pair[0], "message": msg}
}

c2pa_gaps contains gap if {
	c2pa_applies
	some k, s in samples
	s.first_action
	not s.first_action in {"c2pa.created", "c2pa.opened"}
	msg := sprintf("%s sample %d starts with %s instead of c2pa.created or c2pa.opened", [s.modality, k, s.first_action])
	gap := {"rule": "C2PA-ACTION", "path": sprintf("/evidence/c2pa_samples/%d/first_action", [k]), "message": msg}
}

# METADATA
# title: Signing gaps
# description: Why the declared C2PA manifests cannot be shown to be signed.
signing_gaps contains "declares unsigned C2PA manifests" if declared.signing_trust == "none"

signing_gaps contains "names no C2PA signing credential and no sample shows a valid signature" if {
	declared
	not declared.signing_trust
	not some_sample_signed
}

# METADATA
# title: Some sample has a valid signature
# description: A validated sample is Trusted or Valid.
some_sample_signed if {
	some s in samples
	s.validation_state in {"Trusted", "Valid"}
}

# METADATA
# title: Why a sample is not valid
# description: Pairs [k, why] for sample k.
invalid_samples contains [k, sprintf("validation state is %s (at least Valid is needed)", [s.validation_state])] if {
	some k, s in samples
	s.validation_state in {"Invalid", "Well-Formed"}
}

invalid_samples contains [k, sprintf("validation failed with %s", [code])] if {
	some k, s in samples
	some code in s.failure_codes
	not code in soft_failures
}

# METADATA
# title: Content Credentials must validate
# description: >-
#   A manifest that is malformed, altered since signing (e.g. assertion.dataHash.mismatch) or
#   signed with an invalid or revoked credential does not make the output detectable as AI
#   generated. At least the Valid state is required.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-VALID
#   regulation: C2PA
#   reference: C2PA 2.2 §14.3 (manifest states), §15 (validation); AI Act Art 50(2)
#   severity: block
#   applies_when: a generative system submits a sample whose state is below Valid or has a failure code
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /evidence/c2pa_samples/*/validation_state
#     - /evidence/c2pa_samples/*/failure_codes
#     - /evidence/c2pa_samples/*/modality
#   remediation: Fix the signing or embedding pipeline so that sample outputs validate, then re-validate them.
deny contains finding if {
	marking_duty_binds
	some gap in c2pa_gaps
	gap.rule == "C2PA-VALID"
	finding := data.cleangate.lib.finding(gap.rule, gap.path, gap.message)
}

# METADATA
# title: Why a sample's signer is not trusted
# description: Pairs [k, why] for sample k.
untrusted_samples contains [k, "the signing credential does not chain to a trust anchor (Valid, not Trusted)"] if {
	some k, s in samples
	s.validation_state == "Valid"
}

untrusted_samples contains [k, "validation reports signingCredential.untrusted"] if {
	some k, s in samples
	s.validation_state != "Valid"
	"signingCredential.untrusted" in s.failure_codes
}

untrusted_samples contains [k, sprintf("issuer %s is not on the organisation's trusted list", [s.issuer])] if {
	count(trusted_issuers) > 0
	some k, s in samples
	s.issuer
	not s.issuer in trusted_issuers
}

# METADATA
# title: Prefer a trusted signing credential
# description: >-
#   A manifest can be Valid without being Trusted: its certificate does not chain to the C2PA
#   Trust List or another configured anchor. Public content should be Trusted, so this warns.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-TRUST
#   regulation: C2PA
#   reference: C2PA 2.2 §14.3 (Trusted state), C2PA Trust List
#   severity: warn
#   applies_when: >-
#     a generative system submits a Valid-but-untrusted sample, or one signed by an issuer outside
#     c2pa.trusted_issuers
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /evidence/c2pa_samples/*/validation_state
#     - /evidence/c2pa_samples/*/failure_codes
#     - /evidence/c2pa_samples/*/issuer
#   remediation: >-
#     Sign with a certificate from a C2PA Trust List CA (or one the organisation lists in
#     c2pa.trusted_issuers).
warn contains finding if {
	c2pa_applies
	some pair in untrusted_samples
	finding := data.cleangate.lib.finding(
		"C2PA-TRUST",
		sprintf("/evidence/c2pa_samples/%d", [pair[0]]),
		sprintf("%s sample %d: %s", [samples[pair[0]].modality, pair[0], pair[1]]),
	)
}

# METADATA
# title: Mislabelled or missing digitalSourceType
# description: >-
#   Pairs [path, why] for every place the digital source type is not an IPTC AI one: a non-AI
#   value, C2PA's trainedAlgorithmicData (for non-media data) on media output, or none at all on a
#   sample, whether created (c2pa.created must carry it) or edited (c2pa.opened plus an AI action
#   that carries it; an edit with no AI action does not mark the output as AI-made).
bad_source_types contains ["/system/transparency/marking/c2pa/digital_source_type", why] if {
	declared.digital_source_type
	not data.cleangate.lib.ai_media_source_type(declared.digital_source_type)
	why := sprintf("declares digitalSourceType %s for generated output%s", [
		declared.digital_source_type,
		data_type_hint(declared.digital_source_type),
	])
}

bad_source_types contains [sprintf("/evidence/c2pa_samples/%d/digital_source_type", [k]), why] if {
	some k, s in samples
	s.digital_source_type
	not data.cleangate.lib.ai_media_source_type(s.digital_source_type)
	why := sprintf("%s sample %d is labelled %s, not as AI-generated%s", [
		s.modality, k, s.digital_source_type,
		data_type_hint(s.digital_source_type),
	])
}

bad_source_types contains [sprintf("/evidence/c2pa_samples/%d/digital_source_type", [k]), why] if {
	some k, s in samples
	not s.digital_source_type
	s.first_action == "c2pa.created"
	why := sprintf("%s sample %d has a c2pa.created action without a digitalSourceType", [s.modality, k])
}

bad_source_types contains [sprintf("/evidence/c2pa_samples/%d/digital_source_type", [k]), why] if {
	some k, s in samples
	not s.digital_source_type
	s.first_action == "c2pa.opened"
	why := sprintf(
		"%s sample %d is an edit (c2pa.opened) but no AI action declares an AI digitalSourceType",
		[s.modality, k],
	)
}

# METADATA
# title: Why trainedAlgorithmicData is wrong here
# description: The C2PA value is for model outputs that are data, not media (C2PA 2.2 §18.14.4.5).
data_type_hint(uri) := " (trainedAlgorithmicData is for non-media data outputs; use trainedAlgorithmicMedia)" if {
	data.cleangate.lib.data_source_type(uri)
} else := ""

# METADATA
# title: Label generated output as trainedAlgorithmicMedia
# description: >-
#   Generated assets must carry a c2pa.created action whose digitalSourceType says the content was
#   made by a trained model (trainedAlgorithmicMedia, or compositeWithTrainedAlgorithmicMedia for
#   composites); assets an AI editor changed start with c2pa.opened and carry the AI type on the
#   AI action. A camera-capture label, or C2PA's trainedAlgorithmicData (for non-media data), on
#   generated media is a mislabel. The vocabulary is IPTC's, shared with Art 50.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-DST
#   regulation: C2PA
#   reference: C2PA 2.2 §18.14 (actions, digitalSourceType); IPTC Digital Source Type
#   severity: block
#   applies_when: >-
#     a generative system relying on C2PA declares or submits a non-AI (or no) digitalSourceType, while the
#     Art 50(2) marking duty binds (AIACT-50-2 applies, outside the Art 111(4) grace period)
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /system/transparency/marking/c2pa/digital_source_type
#     - /evidence/c2pa_samples/*/digital_source_type
#     - /evidence/c2pa_samples/*/first_action
#   remediation: >-
#     Set digitalSourceType to http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia (or the
#     composite form) on the c2pa.created action of every generated asset.
deny contains finding if {
	marking_duty_binds
	some gap in c2pa_gaps
	gap.rule == "C2PA-DST"
	finding := data.cleangate.lib.finding(gap.rule, gap.path, gap.message)
}

# METADATA
# title: Assets start with c2pa.created or c2pa.opened
# description: >-
#   A newly created asset, including one generated by an AI model, has c2pa.created as its first
#   action; an existing asset opened for editing (an AI photo editor's output) has c2pa.opened,
#   followed by the AI action. Any other first action is malformed (C2PA 2.1+ makes one of the two
#   mandatory).
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-ACTION
#   regulation: C2PA
#   reference: C2PA 2.2 §18.14 (c2pa.actions)
#   severity: block
#   applies_when: >-
#     a generative system submits a sample whose first action is neither c2pa.created nor c2pa.opened, while
#     the Art 50(2) marking duty binds
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /evidence/c2pa_samples/*/first_action
#   remediation: >-
#     Emit c2pa.created (with the digitalSourceType) as the first action of each generated asset, or
#     c2pa.opened followed by the AI action for an edited one.
deny contains finding if {
	marking_duty_binds
	some gap in c2pa_gaps
	gap.rule == "C2PA-ACTION"
	finding := data.cleangate.lib.finding(gap.rule, gap.path, gap.message)
}

# METADATA
# title: C2PA defects while the Art 50(2) marking duty does not bind
# description: >-
#   Outside the AI Act's territorial scope, before Art 50 applies, for a system whose provider is
#   someone else, or for a legacy system inside its Art 111(4) grace period (until 2 December
#   2026), Content Credentials are not yet legally required evidence, so their defects (unsigned,
#   invalid, mislabelled, malformed actions) warn instead of blocking; from the day the duty binds
#   they block under C2PA-SIGNING, C2PA-VALID, C2PA-DST and C2PA-ACTION.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-ADVISORY
#   regulation: C2PA
#   reference: C2PA 2.2 §14-15, §18.14; AI Act Art 50(2), Art 111(4)
#   severity: warn
#   applies_when: a generative system relying on C2PA, while AIACT-50-2 does not bind it (yet)
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /evidence/c2pa_samples/*/validation_state
#     - /evidence/c2pa_samples/*/digital_source_type
#     - /evidence/c2pa_samples/*/first_action
#     - /system/transparency/marking/c2pa/signing_trust
#   remediation: Fix the defect before the marking duty binds; the message names it and the rule it blocks under then.
warn contains finding if {
	not marking_duty_binds
	some gap in c2pa_gaps
	finding := data.cleangate.lib.finding(
		"C2PA-ADVISORY",
		gap.path,
		sprintf("%s (blocks as %s once the Art 50(2) marking duty binds)", [gap.message, gap.rule]),
	)
}

# METADATA
# title: Carry the stated training-and-data-mining assertion
# description: >-
#   Where the provider states a training-mining preference for its outputs, the samples should
#   carry a matching cawg.training-mining (formerly c2pa.training-mining) assertion.
# related_resources:
#   - ref: https://cawg.io/training-and-data-mining/
# custom:
#   id: C2PA-TDM-ASSERTION
#   regulation: C2PA
#   reference: CAWG training-and-data-mining assertion; C2PA 1.4 §19.23
#   severity: warn
#   applies_when: a generative system declares a training_mining preference in its C2PA marking
#   inputs:
#     - /system/capabilities/synthetic_output_modalities
#     - /system/transparency/marking/c2pa/training_mining
#     - /evidence/c2pa_samples/*/training_mining
#   remediation: Add the cawg.training-mining assertion to generated assets and re-validate a sample.
warn contains finding if {
	c2pa_applies
	declared.training_mining
	some k, s in samples
	not s.training_mining == declared.training_mining
	finding := data.cleangate.lib.finding(
		"C2PA-TDM-ASSERTION",
		sprintf("/evidence/c2pa_samples/%d/training_mining", [k]),
		sprintf(
			"%s sample %d does not carry the declared training-mining assertion (%s)",
			[s.modality, k, declared.training_mining],
		),
	)
}

# --- Applicability ---------------------------------------------------------------------------

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains id if {
	c2pa_applies
	marking_duty_binds
	some id in {"C2PA-VALID", "C2PA-DST", "C2PA-ACTION", "C2PA-SIGNING"}
}

applies contains "C2PA-ADVISORY" if {
	c2pa_applies
	not marking_duty_binds
}

applies contains "C2PA-TRUST" if c2pa_applies

applies contains id if {
	c2pa_applies
	declared
	some id in {"C2PA-MANIFEST", "C2PA-EVIDENCE"}
}

applies contains "C2PA-TDM-ASSERTION" if {
	c2pa_applies
	declared.training_mining
}
