package cleangate.evidence_test

import rego.v1

import data.cleangate.evidence

tam := "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

capture := "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"

good_sample := {
	"file": "out/gen.jpg",
	"origin": "manifest",
	"pointer": "/evidence/samples/0",
	"modality": "image",
	"state": "verified",
	"readable": true,
	"manifest_present": true,
	"validation_state": "Trusted",
	"trusted": true,
	"signer": "Pixelforge signer",
	"signer_organisation": "Pixelforge",
	"failure_codes": [],
	"actions": [{"action": "c2pa.created", "digital_source_type": tam}],
	"training_mining": "notAllowed",
	"watermarked": true,
}

doc(samples, verified_extra) := {
	"system": {
		"name": "gen",
		"roles": ["provider"],
		"deployment": {"regions": ["FR"], "environment": "production"},
		"capabilities": {"synthetic_output_modalities": ["image"]},
		"transparency": {"marking": {
			"c2pa": {"modalities": ["image"], "training_mining": "notAllowed"},
			"watermark": {"scheme": "w", "modalities": ["image"]},
		}},
	},
	"models": [{"name": "m"}],
	"verified": object.union({"c2pa_samples": samples}, verified_extra),
	"context": {"as_of": "2026-09-15"},
}

sample(patch) := object.union(good_sample, patch)

good := doc([good_sample], {})

rules_in(set) := {f.rule | some f in set}

blocks(id, inp) if id in rules_in(evidence.deny) with input as inp

warns(id, inp) if id in rules_in(evidence.warn) with input as inp

test_trusted_sample_passes if {
	count(evidence.deny) == 0 with input as good
	count(evidence.warn) == 0 with input as good
	"C2PA-EV-INVALID" in evidence.applies with input as good
	"C2PA-EV-UNTRUSTED" in evidence.applies with input as good
}

test_no_samples_no_c2pa_rules if {
	inp := doc([], {})
	count(evidence.deny) == 0 with input as inp
	not "C2PA-EV-INVALID" in evidence.applies with input as inp
}

test_missing_manifest_blocks_when_declared if {
	inp := doc([sample({"manifest_present": false, "state": "failed", "why": "carries no C2PA manifest"})], {})
	blocks("C2PA-EV-MISSING", inp)
	not blocks("C2PA-EV-INVALID", inp)
}

test_missing_manifest_without_c2pa_declaration_is_not_missing if {
	base := doc([sample({"manifest_present": false, "state": "failed"})], {})
	inp := json.remove(base, ["system/transparency/marking/c2pa"])
	not blocks("C2PA-EV-MISSING", inp)
}

test_tampered_sample_blocks if {
	inp := doc(
		[sample({"state": "failed", "validation_state": "Invalid", "why": "validation state Invalid with assertion.dataHash.mismatch"})],
		{},
	)
	blocks("C2PA-EV-INVALID", inp)
}

test_unreadable_sample_blocks if {
	inp := doc([sample({"readable": false, "manifest_present": false, "state": "failed", "why": "not a regular file"})], {})
	blocks("C2PA-EV-UNREADABLE", inp)
	not blocks("C2PA-EV-MISSING", inp)
}

test_unreachable_sample_warns if {
	inp := doc([sample({"readable": false, "manifest_present": false, "state": "declared-only", "why": "not uploaded"})], {})
	warns("C2PA-EV-DECLARED-ONLY", inp)
	count(evidence.deny) == 0 with input as inp
}

test_untrusted_signer_warns_by_default if {
	inp := doc([sample({"trusted": false, "validation_state": "Valid"})], {})
	warns("C2PA-EV-UNTRUSTED", inp)
	not blocks("C2PA-EV-UNTRUSTED-BLOCK", inp)
}

test_untrusted_signer_blocks_when_the_organisation_says_so if {
	inp := doc([sample({"trusted": false, "validation_state": "Valid"})], {})
	blocks("C2PA-EV-UNTRUSTED-BLOCK", inp) with data.cleangate.config.verification.untrusted_c2pa_signer as "block"
	not warns("C2PA-EV-UNTRUSTED", inp) with data.cleangate.config.verification.untrusted_c2pa_signer as "block"
	"C2PA-EV-UNTRUSTED-BLOCK" in evidence.applies with input as inp
		with data.cleangate.config.verification.untrusted_c2pa_signer as "block"
}

test_camera_label_on_generated_output_blocks if {
	inp := doc([sample({"actions": [{"action": "c2pa.created", "digital_source_type": capture}]})], {})
	blocks("C2PA-EV-MISLABELLED", inp)
}

test_chain_without_ai_source_type_blocks if {
	inp := doc([sample({"actions": [{"action": "c2pa.opened"}]})], {})
	blocks("C2PA-EV-MISLABELLED", inp)
}

test_marking_exemption_stands_down_mislabel if {
	base := doc([sample({"actions": [{"action": "c2pa.opened"}]})], {})
	inp := object.union(base, {"system": {"transparency": {"marking": {"exemption": "standard-editing"}}}})
	not blocks("C2PA-EV-MISLABELLED", inp)
}

test_training_mining_differs_warns if {
	inp := doc([sample({"training_mining": "allowed"})], {})
	warns("C2PA-EV-TDM", inp)
	not warns("C2PA-EV-TDM", good)
}

test_declared_watermark_without_soft_binding_warns if {
	inp := doc([sample({"watermarked": false})], {})
	warns("C2PA-EV-SOFT-BINDING", inp)
}

digest(state) := {"pointer": "/models/0/artifacts/0", "file": "w.bin", "state": state, "why": "x"}

test_digest_mismatch_blocks if {
	blocks("EVIDENCE-DIGEST", doc([], {"digests": [digest("failed")]}))
	not blocks("EVIDENCE-DIGEST", doc([], {"digests": [digest("verified")]}))
}

test_unverified_digest_warns_unless_production_requires_it if {
	inp := doc([], {"digests": [digest("declared-only")]})
	warns("EVIDENCE-DIGEST-UNVERIFIED", inp)
	not blocks("EVIDENCE-DIGEST-REQUIRED", inp)
	blocks("EVIDENCE-DIGEST-REQUIRED", inp) with data.cleangate.config.verification.production_requires_verified_digests as true
}

test_unverified_digest_outside_production_never_blocks if {
	base := doc([], {"digests": [digest("declared-only")]})
	inp := object.union(base, {"system": {"deployment": {"environment": "staging"}}})
	not blocks("EVIDENCE-DIGEST-REQUIRED", inp) with data.cleangate.config.verification.production_requires_verified_digests as true
	warns("EVIDENCE-DIGEST-UNVERIFIED", inp) with data.cleangate.config.verification.production_requires_verified_digests as true
}

signature(state) := {"pointer": "/models/0/signing", "model": "m", "state": state, "why": "x"}

test_failed_model_signature_blocks if {
	blocks("EVIDENCE-MODEL-SIGNATURE", doc([], {"model_signatures": [signature("failed")]}))
	not blocks("EVIDENCE-MODEL-SIGNATURE", doc([], {"model_signatures": [signature("verified")]}))
}

test_production_can_require_model_signatures if {
	unsigned := doc([], {})
	signed := doc([], {"model_signatures": [signature("verified")]})
	not blocks("EVIDENCE-MODEL-SIGNATURE-REQUIRED", unsigned)
	blocks("EVIDENCE-MODEL-SIGNATURE-REQUIRED", unsigned)
		with data.cleangate.config.verification.production_requires_model_signature as true
	not blocks("EVIDENCE-MODEL-SIGNATURE-REQUIRED", signed)
		with data.cleangate.config.verification.production_requires_model_signature as true
}

test_production_can_require_a_signed_bom if {
	unsigned := doc([], {})
	signed := doc([], {"bom_signature": {"state": "verified", "signer": "release.pem"}})
	not blocks("EVIDENCE-BOM-SIGNED", unsigned)
	blocks("EVIDENCE-BOM-SIGNED", unsigned) with data.cleangate.config.verification.production_requires_signed_bom as true
	not blocks("EVIDENCE-BOM-SIGNED", signed) with data.cleangate.config.verification.production_requires_signed_bom as true
}

test_art50_2_marking_contradicted_by_every_sample_blocks if {
	stripped := sample({"manifest_present": false, "state": "failed", "watermarked": false})
	blocks("AIACT-50-2-VERIFIED", doc([stripped, stripped], {}))
	"AIACT-50-2-VERIFIED" in evidence.applies with input as doc([stripped], {})
}

test_art50_2_one_marked_sample_is_enough if {
	stripped := sample({"manifest_present": false, "state": "failed", "watermarked": false})
	not blocks("AIACT-50-2-VERIFIED", doc([stripped, good_sample], {}))
	watermark_only := sample({"manifest_present": false, "state": "failed", "watermarked": true})
	not blocks("AIACT-50-2-VERIFIED", doc([watermark_only], {}))
}

test_art50_2_unreached_samples_do_not_contradict if {
	unreached := sample({"manifest_present": false, "readable": false, "state": "declared-only"})
	not blocks("AIACT-50-2-VERIFIED", doc([unreached], {}))
}

test_outside_the_marking_duty_sample_defects_are_advisory if {
	base := doc([sample({"manifest_present": false, "state": "failed", "why": "carries no C2PA manifest"})], {})
	inp := object.union(base, {"system": {"deployment": {"regions": ["US"]}}})
	not blocks("C2PA-EV-MISSING", inp)
	warns("C2PA-EV-ADVISORY", inp)
	"C2PA-EV-ADVISORY" in evidence.applies with input as inp
	not "C2PA-EV-MISSING" in evidence.applies with input as inp
	not warns("C2PA-EV-ADVISORY", base)
}

test_outside_the_marking_duty_an_untrusted_signer_only_warns if {
	base := doc([sample({"trusted": false, "validation_state": "Valid"})], {})
	inp := object.union(base, {"system": {"deployment": {"regions": ["US"]}}})
	not blocks("C2PA-EV-UNTRUSTED-BLOCK", inp) with data.cleangate.config.verification.untrusted_c2pa_signer as "block"
	warns("C2PA-EV-UNTRUSTED", inp) with data.cleangate.config.verification.untrusted_c2pa_signer as "block"
}
