# METADATA
# title: C2PA Content Credentials on generated outputs
# description: >-
#   When a generative system declares or relies on C2PA Content Credentials (the usual evidence
#   for AI Act Art 50(2) machine-readable marking), the manifests must be there for each generated
#   modality, signed, valid, start with c2pa.created and label the output with an AI
#   digitalSourceType. Reads system.transparency.marking.c2pa (what the team declares) and
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

# METADATA
# title: digitalSourceType values that say "made by AI"
# description: >-
#   Organisation setting c2pa.ai_digital_source_types (last path segment of the IPTC or C2PA URI);
#   by default trainedAlgorithmicMedia, its composite form and C2PA's trainedAlgorithmicData.
ai_source_types := {t | some t in data.cleangate.lib.config(
	["c2pa", "ai_digital_source_types"],
	["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "trainedAlgorithmicData"],
)}

# METADATA
# title: Name of a digitalSourceType
# description: The last path segment of the URI, so IPTC and C2PA URIs and bare names compare alike.
source_type_name(uri) := name if {
	parts := split(trim_right(uri, "/"), "/")
	name := parts[count(parts) - 1]
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
#   remediation: >-
#     Sign manifests with a certificate (ideally one on the C2PA Trust List) and record
#     system.transparency.marking.c2pa.signing_trust.
deny contains finding if {
	c2pa_applies
	some gap in signing_gaps
	finding := data.cleangate.lib.finding(
		"C2PA-SIGNING",
		"/system/transparency/marking/c2pa/signing_trust",
		sprintf("%s %s", [input.system.name, gap]),
	)
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
#   remediation: Fix the signing or embedding pipeline so that sample outputs validate, then re-validate them.
deny contains finding if {
	c2pa_applies
	some pair in invalid_samples
	finding := data.cleangate.lib.finding(
		"C2PA-VALID",
		sprintf("/evidence/c2pa_samples/%d", [pair[0]]),
		sprintf("%s sample %d: %s", [samples[pair[0]].modality, pair[0], pair[1]]),
	)
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
# description: Pairs [path, why] for every place the digital source type is not an AI one.
bad_source_types contains ["/system/transparency/marking/c2pa/digital_source_type", why] if {
	declared.digital_source_type
	not source_type_name(declared.digital_source_type) in ai_source_types
	why := sprintf("declares digitalSourceType %s for generated output", [declared.digital_source_type])
}

bad_source_types contains [sprintf("/evidence/c2pa_samples/%d/digital_source_type", [k]), why] if {
	some k, s in samples
	s.digital_source_type
	not source_type_name(s.digital_source_type) in ai_source_types
	why := sprintf("%s sample %d is labelled %s, not as AI-generated", [s.modality, k, s.digital_source_type])
}

bad_source_types contains [sprintf("/evidence/c2pa_samples/%d/digital_source_type", [k]), why] if {
	some k, s in samples
	not s.digital_source_type
	s.first_action == "c2pa.created"
	why := sprintf("%s sample %d has a c2pa.created action without a digitalSourceType", [s.modality, k])
}

# METADATA
# title: Label generated output as trainedAlgorithmicMedia
# description: >-
#   Generated assets must carry a c2pa.created action whose digitalSourceType says the content was
#   made by a trained model (trainedAlgorithmicMedia, or compositeWithTrainedAlgorithmicMedia for
#   composites). A camera-capture label on generated output is a mislabel.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-DST
#   regulation: C2PA
#   reference: C2PA 2.2 §18.14 (actions, digitalSourceType); IPTC Digital Source Type
#   severity: block
#   applies_when: a generative system relying on C2PA declares or submits a non-AI (or no) digitalSourceType
#   remediation: >-
#     Set digitalSourceType to http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia (or the
#     composite form) on the c2pa.created action of every generated asset.
deny contains finding if {
	c2pa_applies
	some pair in bad_source_types
	finding := data.cleangate.lib.finding("C2PA-DST", pair[0], sprintf("%s %s", [input.system.name, pair[1]]))
}

# METADATA
# title: Generated assets start with c2pa.created
# description: >-
#   A newly created asset, including one generated by an AI model, must have c2pa.created as its
#   first action (c2pa.opened is for editing an existing asset).
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-ACTION
#   regulation: C2PA
#   reference: C2PA 2.2 §18.14 (c2pa.actions)
#   severity: block
#   applies_when: a generative system submits a sample whose first action is not c2pa.created
#   remediation: Emit c2pa.created (with the digitalSourceType) as the first action of each generated asset.
deny contains finding if {
	c2pa_applies
	some k, s in samples
	s.first_action
	s.first_action != "c2pa.created"
	finding := data.cleangate.lib.finding(
		"C2PA-ACTION",
		sprintf("/evidence/c2pa_samples/%d/first_action", [k]),
		sprintf("%s sample %d starts with %s instead of c2pa.created", [s.modality, k, s.first_action]),
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
	some id in {"C2PA-VALID", "C2PA-TRUST", "C2PA-DST", "C2PA-ACTION", "C2PA-SIGNING"}
}

applies contains id if {
	c2pa_applies
	declared
	some id in {"C2PA-MANIFEST", "C2PA-EVIDENCE"}
}

applies contains "C2PA-TDM-ASSERTION" if {
	c2pa_applies
	declared.training_mining
}
