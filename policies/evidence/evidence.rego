# METADATA
# title: Evidence the gate verified itself
# description: >-
#   Rules on input.verified, which only the gate writes (service/evidence/): C2PA Content
#   Credentials read from sample outputs with c2pa-python, digests of weights and dataset
#   snapshots recomputed, OpenSSF model signatures and BOM signatures checked against the
#   organisation's keys. Each result is verified, declared-only (named but not checkable) or failed.
#   The self-declared evidence.c2pa_samples stays with policies/c2pa/c2pa.rego.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
#     description: C2PA Technical Specification 2.2
# custom:
#   regulation: C2PA
package cleangate.evidence

import rego.v1


# --- What was verified -----------------------------------------------------------------------

# METADATA
# title: Samples the gate read
# description: Shorthand for verified.c2pa_samples (empty when no sample was given).
samples := object.get(input, ["verified", "c2pa_samples"], [])

# METADATA
# title: Digests the gate recomputed
# description: Shorthand for verified.digests.
digests := object.get(input, ["verified", "digests"], [])

# METADATA
# title: Model signatures the gate checked
# description: Shorthand for verified.model_signatures.
model_signatures := object.get(input, ["verified", "model_signatures"], [])

# METADATA
# title: Organisation setting for evidence
# description: data.cleangate.config.verification[key], or the default.
setting(key, default_value) := data.cleangate.lib.config(["verification", key], default_value)

# METADATA
# title: Deployed to production
# description: system.deployment.environment is production.
in_production if input.system.deployment.environment == "production"

# METADATA
# title: The team declares C2PA Content Credentials
# description: system.transparency.marking.c2pa is stated.
declares_c2pa if input.system.transparency.marking.c2pa

# METADATA
# title: The system generates content
# description: It declares at least one synthetic output modality.
generates if count(input.system.capabilities.synthetic_output_modalities) > 0

# METADATA
# title: Samples are judged
# description: A generative system, or one declaring C2PA, submitted sample outputs for the gate to read.
samples_judged if {
	count(samples) > 0
	generates
}

samples_judged if {
	count(samples) > 0
	declares_c2pa
}

# METADATA
# title: Where a finding about sample k points
# description: The manifest entry that named the file, else the C2PA declaration (directory and upload samples).
sample_path(s) := s.pointer

sample_path(s) := "/system/transparency/marking/c2pa" if not s.pointer

# METADATA
# title: Name a sample in a message
# description: The file name with how it was given.
sample_label(s) := sprintf("sample %s (%s)", [s.file, s.origin])

# METADATA
# title: Untrusted signers block
# description: >-
#   Organisation setting verification.untrusted_c2pa_signer is "block" (default "warn"), and the
#   Art 50(2) marking duty binds (otherwise an untrusted signer only warns).
untrusted_blocks if {
	setting("untrusted_c2pa_signer", "warn") == "block"
	duty_binds
}

# METADATA
# title: An AI digitalSourceType
# description: An IPTC AI media type from the one vocabulary in cleangate.lib (organisation setting c2pa.ai_digital_source_types).
ai_source_type(uri) if data.cleangate.lib.ai_media_source_type(uri)

# METADATA
# title: Why a sample's label says it was not made by AI
# description: A c2pa.created action with a non-AI digitalSourceType, or no AI digitalSourceType in the whole chain.
mislabel(s) := sprintf("its c2pa.created action says digitalSourceType %s", [a.digital_source_type]) if {
	some a in s.actions
	a.action == "c2pa.created"
	a.digital_source_type
	not ai_source_type(a.digital_source_type)
}

mislabel(s) := "no action in its c2pa.actions chain carries an AI digitalSourceType" if {
	not created_with_non_ai_type(s)
	not some_ai_action(s)
}

# METADATA
# title: Created with a non-AI source type
# description: Helper for mislabel.
created_with_non_ai_type(s) if {
	some a in s.actions
	a.action == "c2pa.created"
	a.digital_source_type
	not ai_source_type(a.digital_source_type)
}

# METADATA
# title: Some action is labelled AI-generated
# description: Helper for mislabel.
some_ai_action(s) if {
	some a in s.actions
	a.digital_source_type
	ai_source_type(a.digital_source_type)
}

# METADATA
# title: Sample defects block
# description: >-
#   The Art 50(2) marking duty binds (cleangate.c2pa.marking_duty_binds: AIACT-50-2 applies and no
#   Art 111(4) grace period). Otherwise the blocking sample defects are C2PA-EV-ADVISORY warnings,
#   as in cleangate.c2pa, so no package blocks what Art 50 grants.
duty_binds if data.cleangate.c2pa.marking_duty_binds

# METADATA
# title: Blocking sample defects by rule id
# description: Each is a set of [path, message] pairs.
defects := {
	"C2PA-EV-MISSING": missing_manifests,
	"C2PA-EV-INVALID": invalid_manifests,
	"C2PA-EV-UNREADABLE": unreadable_samples,
	"C2PA-EV-MISLABELLED": mislabelled_samples,
}

# METADATA
# title: Sample defects while the marking duty does not bind
# description: >-
#   The defects of C2PA-EV-MISSING, -INVALID, -UNREADABLE and -MISLABELLED for a system the Art
#   50(2) marking duty does not (yet) bind: outside the EU, before 2 August 2026, a deployer, or a
#   legacy system in its Art 111(4) grace period. They warn, naming the rule they block under.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
# custom:
#   id: C2PA-EV-ADVISORY
#   regulation: C2PA
#   reference: C2PA 2.2 §15; AI Act Art 50(2), Art 111(4)
#   severity: warn
#   applies_when: samples were read and the Art 50(2) marking duty does not bind
#   remediation: Fix the outputs' Content Credentials before the marking duty applies to the system.
warn contains finding if {
	not duty_binds
	some id, found in defects
	some d in found
	finding := data.cleangate.lib.finding(
		"C2PA-EV-ADVISORY", d[0],
		sprintf("%s (blocks as %s where the Art 50(2) marking duty binds)", [d[1], id]),
	)
}

# --- C2PA samples ----------------------------------------------------------------------------

# METADATA
# title: Declared Content Credentials must be on the samples
# description: >-
#   The team declares C2PA Content Credentials, yet a sample output the gate read carries no
#   C2PA manifest: the declaration is not borne out by the evidence.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-MISSING
#   regulation: C2PA
#   reference: C2PA 2.2 Ch. 11 (manifest embedding); AI Act Art 50(2)
#   severity: block
#   applies_when: a system declaring C2PA submits sample files for the gate to read
#   remediation: Embed and sign a C2PA manifest in every generated output (check the export step that may strip it).
deny contains finding if {
	duty_binds
	some d in defects["C2PA-EV-MISSING"]
	finding := data.cleangate.lib.finding("C2PA-EV-MISSING", d[0], d[1])
}

# METADATA
# title: Samples without a manifest although C2PA is declared
# description: Pairs [path, message] for C2PA-EV-MISSING (or its advisory).
missing_manifests contains [sample_path(s), msg] if {
	samples_judged
	declares_c2pa
	some s in samples
	s.readable
	not s.manifest_present
	msg := sprintf(
		"%s: %s carries no C2PA manifest although C2PA Content Credentials are declared",
		[input.system.name, sample_label(s)],
	)
}

# METADATA
# title: Content Credentials on the samples must validate
# description: >-
#   The gate validated the sample's manifest and it is not Valid: altered after signing
#   (assertion.dataHash.mismatch), a broken signature or claim, or an invalid credential.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-INVALID
#   regulation: C2PA
#   reference: C2PA 2.2 §14.3 (validation states), §15 (validation); AI Act Art 50(2)
#   severity: block
#   applies_when: a generative or C2PA-declaring system submits a sample whose manifest does not validate
#   remediation: Fix the signing pipeline (or stop editing outputs after signing), then submit a fresh sample.
deny contains finding if {
	duty_binds
	some d in defects["C2PA-EV-INVALID"]
	finding := data.cleangate.lib.finding("C2PA-EV-INVALID", d[0], d[1])
}

# METADATA
# title: Samples whose manifest does not validate
# description: Pairs [path, message] for C2PA-EV-INVALID (or its advisory).
invalid_manifests contains [sample_path(s), msg] if {
	samples_judged
	some s in samples
	s.manifest_present
	s.state == "failed"
	msg := sprintf("%s: %s does not validate: %s", [input.system.name, sample_label(s), s.why])
}

# METADATA
# title: Sample files must be readable
# description: >-
#   A sample the gate was given could not be checked: not a readable media file, truncated,
#   over the size limit, not a regular file, or outside the allowed evidence directory.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-UNREADABLE
#   regulation: C2PA
#   reference: C2PA 2.2 §15 (validation)
#   severity: block
#   applies_when: a generative or C2PA-declaring system submits a sample the gate refuses or cannot parse
#   remediation: Submit the real output file (inside the repository or upload, within the size limit).
deny contains finding if {
	duty_binds
	some d in defects["C2PA-EV-UNREADABLE"]
	finding := data.cleangate.lib.finding("C2PA-EV-UNREADABLE", d[0], d[1])
}

# METADATA
# title: Samples the gate refused or could not parse
# description: Pairs [path, message] for C2PA-EV-UNREADABLE (or its advisory).
unreadable_samples contains [sample_path(s), msg] if {
	samples_judged
	some s in samples
	s.state == "failed"
	not s.readable
	msg := sprintf("%s: %s cannot be checked: %s", [input.system.name, sample_label(s), s.why])
}

# METADATA
# title: Named samples should reach the gate
# description: >-
#   The manifest names a sample file the gate could not reach (not in the checkout, not uploaded):
#   its credentials are declared only.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-DECLARED-ONLY
#   regulation: C2PA
#   reference: C2PA 2.2 §15 (validation)
#   severity: warn
#   applies_when: a generative or C2PA-declaring system names a sample the gate could not reach
#   remediation: Commit the sample, pass it with --evidence, or upload it as an `evidence` part.
warn contains finding if {
	samples_judged
	some s in samples
	s.state == "declared-only"
	finding := data.cleangate.lib.finding(
		"C2PA-EV-DECLARED-ONLY", sample_path(s),
		sprintf("%s: %s was not verified: %s", [input.system.name, sample_label(s), s.why]),
	)
}

# METADATA
# title: Why a sample's signer is untrusted
# description: Valid samples whose certificate chains to no configured trust anchor.
untrusted contains s if {
	some s in samples
	s.state == "verified"
	not s.trusted
}

# METADATA
# title: Sign with a trusted credential
# description: >-
#   The sample validates but its signing certificate chains to none of the configured trust
#   anchors (the C2PA Trust List or the organisation's CA), so anyone could have signed it.
#   Warns by default; verification.untrusted_c2pa_signer "block" makes it C2PA-EV-UNTRUSTED-BLOCK.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-UNTRUSTED
#   regulation: C2PA
#   reference: C2PA 2.2 §14.3 (Trusted state), C2PA Trust List
#   severity: warn
#   applies_when: a sample validates without being Trusted and the organisation has not asked to block
#   remediation: >-
#     Sign with a certificate from a C2PA Trust List CA, or configure the organisation's CA with
#     CLEANGATE_C2PA_TRUST_ANCHORS.
warn contains finding if {
	samples_judged
	not untrusted_blocks
	some s in untrusted
	finding := data.cleangate.lib.finding(
		"C2PA-EV-UNTRUSTED", sample_path(s),
		sprintf("%s: %s is signed by %s, which chains to no configured trust anchor", [input.system.name, sample_label(s), signer(s)]),
	)
}

# METADATA
# title: Sign with a trusted credential (organisation blocks)
# description: C2PA-EV-UNTRUSTED where the organisation set verification.untrusted_c2pa_signer to "block".
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-UNTRUSTED-BLOCK
#   regulation: C2PA
#   reference: C2PA 2.2 §14.3 (Trusted state), C2PA Trust List
#   severity: block
#   applies_when: a sample validates without being Trusted and verification.untrusted_c2pa_signer is block
#   remediation: >-
#     Sign with a certificate from a C2PA Trust List CA, or configure the organisation's CA with
#     CLEANGATE_C2PA_TRUST_ANCHORS.
deny contains finding if {
	samples_judged
	untrusted_blocks
	some s in untrusted
	finding := data.cleangate.lib.finding(
		"C2PA-EV-UNTRUSTED-BLOCK", sample_path(s),
		sprintf("%s: %s is signed by %s, which chains to no configured trust anchor", [input.system.name, sample_label(s), signer(s)]),
	)
}

# METADATA
# title: Who signed a sample
# description: Common name and organisation of the signing certificate, as far as known.
signer(s) := sprintf("%s (%s)", [s.signer, s.signer_organisation]) if {
	s.signer
	s.signer_organisation
}

signer(s) := object.get(s, "signer", "an unnamed certificate") if not s.signer_organisation

# METADATA
# title: Generated samples must say they are AI-generated
# description: >-
#   A sample output of a generative system carries Content Credentials whose digitalSourceType
#   says it is not AI-generated (e.g. digitalCapture), or carries no AI source type at all: the
#   marking mislabels synthetic content, which defeats Art 50(2).
# related_resources:
#   - ref: https://cv.iptc.org/newscodes/digitalsourcetype/
#     description: IPTC Digital Source Type vocabulary
# custom:
#   id: C2PA-EV-MISLABELLED
#   regulation: C2PA
#   reference: C2PA 2.2 §18.14 (c2pa.actions, digitalSourceType); AI Act Art 50(2)
#   severity: block
#   applies_when: a generative system without a marking exemption submits a sample whose label is not an AI type
#   remediation: >-
#     Emit c2pa.created with digitalSourceType trainedAlgorithmicMedia (or the composite form) on
#     every generated output.
deny contains finding if {
	duty_binds
	some d in defects["C2PA-EV-MISLABELLED"]
	finding := data.cleangate.lib.finding("C2PA-EV-MISLABELLED", d[0], d[1])
}

# METADATA
# title: Generated samples labelled as not AI-generated
# description: Pairs [path, message] for C2PA-EV-MISLABELLED (or its advisory).
mislabelled_samples contains [sample_path(s), msg] if {
	samples_judged
	generates
	not input.system.transparency.marking.exemption
	some s in samples
	s.manifest_present
	why := mislabel(s)
	msg := sprintf("%s: generated %s is mislabelled: %s", [input.system.name, sample_label(s), why])
}

# METADATA
# title: Samples carry the declared training-and-mining preference
# description: >-
#   The team declares a training-mining preference for its outputs, and a sample's
#   c2pa.training-mining / cawg.training-mining assertion says otherwise (or is missing).
# related_resources:
#   - ref: https://cawg.io/training-and-data-mining/
# custom:
#   id: C2PA-EV-TDM
#   regulation: C2PA
#   reference: CAWG training-and-data-mining assertion; C2PA 1.4 §19.23; DSM Directive Art 4(3)
#   severity: warn
#   applies_when: a system declares marking.c2pa.training_mining and a sample with a manifest was read
#   remediation: Add the cawg.training-mining assertion with the declared use to generated outputs.
warn contains finding if {
	samples_judged
	declared := input.system.transparency.marking.c2pa.training_mining
	some s in samples
	s.manifest_present
	object.get(s, "training_mining", "none") != declared
	finding := data.cleangate.lib.finding(
		"C2PA-EV-TDM", sample_path(s),
		sprintf(
			"%s: %s carries training-mining %s, not the declared %s",
			[input.system.name, sample_label(s), object.get(s, "training_mining", "none"), declared],
		),
	)
}

# METADATA
# title: Samples carry the declared watermark binding
# description: >-
#   The team declares a watermark for a modality, yet a sample of it carries neither a
#   c2pa.soft-binding assertion nor a c2pa.watermarked action linking credentials and watermark.
# related_resources:
#   - ref: https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html
# custom:
#   id: C2PA-EV-SOFT-BINDING
#   regulation: C2PA
#   reference: C2PA 2.2 §18.9 (soft binding), c2pa.watermarked; AI Act Art 50(2)
#   severity: warn
#   applies_when: a system declares a watermark for a modality and a sample of that modality has a manifest
#   remediation: Record the watermark with a c2pa.soft-binding assertion (and c2pa.watermarked action) when embedding it.
warn contains finding if {
	samples_judged
	marks := {m | some m in input.system.transparency.marking.watermark.modalities}
	some s in samples
	s.manifest_present
	s.modality in marks
	not s.watermarked
	finding := data.cleangate.lib.finding(
		"C2PA-EV-SOFT-BINDING", sample_path(s),
		sprintf("%s: %s has no soft-binding assertion for the declared watermark", [input.system.name, sample_label(s)]),
	)
}

# --- AI Act Art 50(2): the marking claim against the samples -----------------------------------

# METADATA
# title: Samples that show machine-readable marking
# description: Modalities with a sample whose Content Credentials verified, or that records a watermark.
marked_in_samples contains s.modality if {
	some s in samples
	s.state == "verified"
	s.manifest_present
}

marked_in_samples contains s.modality if {
	some s in samples
	s.watermarked
}

# METADATA
# title: Modalities whose marking claim the samples contradict
# description: Declared-marked modalities of an Art 50(2) system with samples the gate read, none of them marked.
contradicted_marking contains m if {
	data.cleangate.ai_act.art50.art50_2_applies
	some m in data.cleangate.ai_act.art50.marked_modalities
	m in data.cleangate.ai_act.art50.generated_content_modalities
	some s in samples
	s.modality == m
	s.state != "declared-only"
	not m in marked_in_samples
}

# METADATA
# title: Demonstrate the Art 50(2) marking on real outputs
# description: >-
#   The provider declares machine-readable marking (C2PA or a watermark) for a generated
#   modality, the gate read sample outputs of that modality, and none of them carries verifiable
#   Content Credentials or a recorded watermark: the outputs are not shown to be marked in a
#   machine-readable format and detectable as artificially generated.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50
#     description: AI Act Art 50
# custom:
#   id: AIACT-50-2-VERIFIED
#   regulation: EU AI Act
#   reference: Art. 50(2)
#   severity: block
#   applies_when: Art 50(2) applies and the gate read samples of a modality the provider declares marked
#   remediation: >-
#     Fix the marking pipeline so that generated outputs carry valid Content Credentials (or the watermark and its
#     soft-binding assertion), then submit fresh samples.
deny contains finding if {
	some m in contradicted_marking
	finding := data.cleangate.lib.finding(
		"AIACT-50-2-VERIFIED", "/system/transparency/marking",
		sprintf(
			"%s declares machine-readable marking of %s outputs, but no %s sample the gate read carries it",
			[input.system.name, m, m],
		),
	)
}

# --- Digests ---------------------------------------------------------------------------------

# METADATA
# title: Artefacts must match their stated digests
# description: >-
#   The gate hashed a weights, adapter or dataset-snapshot file and got a different digest from
#   the one the manifest states: what is deployed is not what was documented and tested.
# related_resources:
#   - ref: https://cyclonedx.org/docs/1.6/json/#components_items_hashes
#     description: CycloneDX hashes
# custom:
#   id: EVIDENCE-DIGEST
#   regulation: EU AI Act
#   reference: Art 15(1) and 15(4) (accuracy, robustness, integrity); Annex IV(2); ISO/IEC 42001 A.7.5
#   severity: block
#   applies_when: the manifest names an artefact file with a digest and the gate hashed it
#   remediation: Deploy the artefact the manifest describes, or update the digest after re-testing the new one.
deny contains finding if {
	some d in digests
	d.state == "failed"
	finding := data.cleangate.lib.finding(
		"EVIDENCE-DIGEST", d.pointer,
		sprintf("%s: %s does not check out: %s", [input.system.name, d.file, d.why]),
	)
}

# METADATA
# title: Production requires verified digests
# description: Organisation setting verification.production_requires_verified_digests (default false).
digests_required if {
	in_production
	setting("production_requires_verified_digests", false) == true
}

# METADATA
# title: Artefact digests should be verified
# description: >-
#   The manifest states a digest for a file the gate could not hash (not reachable, over the
#   size or time limit): the digest is declared only. Blocks instead (EVIDENCE-DIGEST-REQUIRED)
#   where the organisation requires verified digests for production.
# related_resources:
#   - ref: https://cyclonedx.org/docs/1.6/json/#components_items_hashes
# custom:
#   id: EVIDENCE-DIGEST-UNVERIFIED
#   regulation: EU AI Act
#   reference: Art 15(4); ISO/IEC 42001 A.7.5
#   severity: warn
#   applies_when: an artefact digest could not be checked and verification is not required
#   remediation: Make the file reachable (in the checkout, --evidence, or an `evidence` upload) within the limits.
warn contains finding if {
	not digests_required
	some d in digests
	d.state == "declared-only"
	finding := data.cleangate.lib.finding(
		"EVIDENCE-DIGEST-UNVERIFIED", d.pointer,
		sprintf("%s: the digest of %s is declared only: %s", [input.system.name, d.file, d.why]),
	)
}

# METADATA
# title: Production artefact digests must be verified
# description: EVIDENCE-DIGEST-UNVERIFIED where verification.production_requires_verified_digests is true.
# related_resources:
#   - ref: https://cyclonedx.org/docs/1.6/json/#components_items_hashes
# custom:
#   id: EVIDENCE-DIGEST-REQUIRED
#   regulation: EU AI Act
#   reference: Art 15(4); ISO/IEC 42001 A.7.5
#   severity: block
#   applies_when: a production deployment whose organisation requires verified digests has one unchecked
#   remediation: Make the file reachable (in the checkout, --evidence, or an `evidence` upload) within the limits.
deny contains finding if {
	digests_required
	some d in digests
	d.state == "declared-only"
	finding := data.cleangate.lib.finding(
		"EVIDENCE-DIGEST-REQUIRED", d.pointer,
		sprintf("%s: production requires a verified digest of %s: %s", [input.system.name, d.file, d.why]),
	)
}

# --- Model signatures ------------------------------------------------------------------------

# METADATA
# title: Model signatures must verify
# description: >-
#   The model's OpenSSF model-signing signature does not verify with any configured key or
#   certificate, or the model files differ from the signed ones.
# related_resources:
#   - ref: https://github.com/sigstore/model-transparency
#     description: OpenSSF model signing (OMS)
# custom:
#   id: EVIDENCE-MODEL-SIGNATURE
#   regulation: EU AI Act
#   reference: Art 15(5) (cybersecurity, model poisoning); ISO/IEC 42001 A.10.3
#   severity: block
#   applies_when: a model names a signature and the gate checked it
#   remediation: Deploy the signed model files unchanged, or re-sign them with a configured key.
deny contains finding if {
	some sig in model_signatures
	sig.state == "failed"
	finding := data.cleangate.lib.finding(
		"EVIDENCE-MODEL-SIGNATURE", sig.pointer,
		sprintf("%s: model %s signature fails: %s", [input.system.name, sig.model, sig.why]),
	)
}

# METADATA
# title: A model has a verified signature
# description: Helper; models by index whose signature verified.
signed_models contains i if {
	some sig in model_signatures
	sig.state == "verified"
	parts := split(sig.pointer, "/")
	i := to_number(parts[2])
}

# METADATA
# title: Production models must be signed
# description: >-
#   Where the organisation sets verification.production_requires_model_signature, every model of a
#   production deployment needs a model-signing signature that verified with a configured key.
# related_resources:
#   - ref: https://github.com/sigstore/model-transparency
# custom:
#   id: EVIDENCE-MODEL-SIGNATURE-REQUIRED
#   regulation: EU AI Act
#   reference: Art 15(5); ISO/IEC 42001 A.10.3
#   severity: block
#   applies_when: a production deployment whose organisation requires model signatures
#   remediation: Sign the model directory with model_signing (key or certificate) and name the directory and its bundle in the manifest.
deny contains finding if {
	in_production
	setting("production_requires_model_signature", false) == true
	some i, model in input.models
	not i in signed_models
	finding := data.cleangate.lib.finding(
		"EVIDENCE-MODEL-SIGNATURE-REQUIRED", sprintf("/models/%d", [i]),
		sprintf("%s: production requires a verified signature of model %s", [input.system.name, model.name]),
	)
}

# --- Signed BOMs -----------------------------------------------------------------------------

# METADATA
# title: Production BOMs must be signed
# description: >-
#   Where the organisation sets verification.production_requires_signed_bom, a production manifest
#   must carry a signature (JSF or detached) that verified with a configured key. A signature
#   that fails never reaches the policies: the gate refuses the BOM.
# related_resources:
#   - ref: https://cyclonedx.org/docs/1.6/json/#signature
#     description: CycloneDX JSF signature
# custom:
#   id: EVIDENCE-BOM-SIGNED
#   regulation: EU AI Act
#   reference: Art 11 and Annex IV (technical documentation integrity); ISO/IEC 42001 A.6.2.7
#   severity: block
#   applies_when: a production deployment whose organisation requires signed BOMs
#   remediation: Sign the BOM (cdx-sign, or a detached signature) with a key configured in CLEANGATE_BOM_SIGNING_KEYS.
deny contains finding if {
	in_production
	setting("production_requires_signed_bom", false) == true
	not object.get(input, ["verified", "bom_signature", "state"], "unsigned") == "verified"
	why := object.get(input, ["verified", "bom_signature", "why"], "the BOM carries no signature")
	finding := data.cleangate.lib.finding(
		"EVIDENCE-BOM-SIGNED", "/system",
		sprintf("%s: production requires a BOM signed with a configured key: %s", [input.system.name, why]),
	)
}

# --- Applicability ---------------------------------------------------------------------------

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "C2PA-EV-DECLARED-ONLY" if samples_judged

applies contains id if {
	samples_judged
	duty_binds
	some id in {"C2PA-EV-INVALID", "C2PA-EV-UNREADABLE"}
}

applies contains "C2PA-EV-MISSING" if {
	samples_judged
	duty_binds
	declares_c2pa
}

applies contains "C2PA-EV-ADVISORY" if {
	samples_judged
	not duty_binds
}

applies contains id if {
	samples_judged
	id := {true: "C2PA-EV-UNTRUSTED-BLOCK", false: "C2PA-EV-UNTRUSTED"}[untrusted_blocks_flag]
}

applies contains "C2PA-EV-MISLABELLED" if {
	samples_judged
	duty_binds
	generates
	not input.system.transparency.marking.exemption
}

applies contains "C2PA-EV-TDM" if {
	samples_judged
	input.system.transparency.marking.c2pa.training_mining
}

applies contains "C2PA-EV-SOFT-BINDING" if {
	samples_judged
	count(input.system.transparency.marking.watermark.modalities) > 0
}

applies contains "AIACT-50-2-VERIFIED" if {
	data.cleangate.ai_act.art50.art50_2_applies
	some m in data.cleangate.ai_act.art50.marked_modalities
	some s in samples
	s.modality == m
}

applies contains "EVIDENCE-DIGEST" if count(digests) > 0

applies contains id if {
	count(digests) > 0
	id := {true: "EVIDENCE-DIGEST-REQUIRED", false: "EVIDENCE-DIGEST-UNVERIFIED"}[digests_required_flag]
}

applies contains "EVIDENCE-MODEL-SIGNATURE" if count(model_signatures) > 0

applies contains "EVIDENCE-MODEL-SIGNATURE-REQUIRED" if {
	in_production
	setting("production_requires_model_signature", false) == true
	count(input.models) > 0
}

applies contains "EVIDENCE-BOM-SIGNED" if {
	in_production
	setting("production_requires_signed_bom", false) == true
}

# METADATA
# title: untrusted_blocks as a boolean
# description: Helper for applies.
untrusted_blocks_flag := true if untrusted_blocks

untrusted_blocks_flag := false if not untrusted_blocks

# METADATA
# title: digests_required as a boolean
# description: Helper for applies.
digests_required_flag := true if digests_required

digests_required_flag := false if not digests_required
