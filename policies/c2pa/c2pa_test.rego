package cleangate.c2pa_test

import rego.v1

import data.cleangate.c2pa

tam := "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

good_sample := {
	"modality": "image",
	"validation_state": "Trusted",
	"first_action": "c2pa.created",
	"digital_source_type": tam,
	"failure_codes": [],
}

good_c2pa := {"modalities": ["image"], "digital_source_type": tam, "signing_trust": "c2pa-trust-list"}

doc(c2pa_marking, samples, modalities) := {
	"system": {
		"name": "gen",
		"roles": ["provider"],
		"deployment": {"regions": ["FR"]},
		"capabilities": {"synthetic_output_modalities": modalities},
		"transparency": {"marking": {"c2pa": c2pa_marking}},
	},
	"evidence": {"c2pa_samples": samples},
	"context": {"as_of": "2026-09-15"},
}

sample(patch) := object.union(good_sample, patch)

good := doc(good_c2pa, [good_sample], ["image"])

blocks(id, inp) if {
	fs := c2pa.deny with input as inp
	some f in fs
	f.rule == id
}

warns(id, inp) if {
	fs := c2pa.warn with input as inp
	some f in fs
	f.rule == id
}

test_trusted_sample_passes if {
	count(c2pa.deny) == 0 with input as good
	count(c2pa.warn) == 0 with input as good
	"C2PA-VALID" in c2pa.applies with input as good
}

test_not_applicable_without_generation_or_c2pa if {
	count(c2pa.applies) == 0 with input as doc(good_c2pa, [good_sample], [])
	inp := {"system": {"name": "gen", "capabilities": {"synthetic_output_modalities": ["image"]}}, "evidence": {"c2pa_samples": []}}
	count(c2pa.applies) == 0 with input as inp
	count(c2pa.deny) == 0 with input as inp
}

test_samples_alone_bring_the_rules_into_play if {
	inp := {
		"system": {"name": "gen", "roles": ["provider"], "deployment": {"regions": ["FR"]}, "capabilities": {"synthetic_output_modalities": ["image"]}},
		"context": {"as_of": "2026-09-15"},
		"evidence": {"c2pa_samples": [sample({"validation_state": "Invalid"})]},
	}
	blocks("C2PA-VALID", inp)
}

# --- scenario 3: mislabelled and tampered ---

test_digital_capture_and_hash_mismatch_block if {
	bad := sample({
		"validation_state": "Invalid",
		"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
		"failure_codes": ["signingCredential.untrusted", "assertion.dataHash.mismatch"],
	})
	inp := doc(good_c2pa, [bad], ["image"])
	blocks("C2PA-VALID", inp)
	blocks("C2PA-DST", inp)
	warns("C2PA-TRUST", inp)
}

# --- C2PA-VALID ---

test_well_formed_only_is_not_enough if {
	blocks("C2PA-VALID", doc(good_c2pa, [sample({"validation_state": "Well-Formed"})], ["image"]))
}

test_hard_failure_code_blocks_even_when_reported_trusted if {
	blocks("C2PA-VALID", doc(good_c2pa, [sample({"failure_codes": ["claimSignature.mismatch"]})], ["image"]))
}

# --- C2PA-TRUST (edge case: Valid but untrusted -> WARN) ---

test_valid_but_untrusted_warns_not_blocks if {
	inp := doc(good_c2pa, [sample({"validation_state": "Valid", "failure_codes": ["signingCredential.untrusted"]})], ["image"])
	warns("C2PA-TRUST", inp)
	count(c2pa.deny) == 0 with input as inp
}

test_issuer_outside_trusted_list_warns if {
	inp := doc(good_c2pa, [sample({"issuer": "Acme Test CA"})], ["image"])
	warns("C2PA-TRUST", inp) with data.cleangate.config.c2pa.trusted_issuers as ["DigiCert"]
	not warns("C2PA-TRUST", inp) with data.cleangate.config.c2pa.trusted_issuers as ["Acme Test CA"]
	not warns("C2PA-TRUST", inp) with data.cleangate.config.c2pa.trusted_issuers as []
}

# --- C2PA-DST ---

test_composite_form_and_bare_name_accepted if {
	composite := "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
	not blocks("C2PA-DST", doc(good_c2pa, [sample({"digital_source_type": composite})], ["image"]))
	not blocks("C2PA-DST", doc(good_c2pa, [sample({"digital_source_type": "trainedAlgorithmicMedia"})], ["image"]))
}

test_declared_non_ai_source_type_blocks if {
	declared := object.union(good_c2pa, {"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"})
	blocks("C2PA-DST", doc(declared, [good_sample], ["image"]))
}

test_created_action_without_source_type_blocks if {
	blocks("C2PA-DST", doc(good_c2pa, [object.remove(good_sample, ["digital_source_type"])], ["image"]))
}

test_organisation_can_accept_other_source_types if {
	inp := doc(good_c2pa, [sample({"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation"})], ["image"])
	blocks("C2PA-DST", inp)
	not blocks("C2PA-DST", inp) with data.cleangate.config.c2pa.ai_digital_source_types as ["trainedAlgorithmicMedia", "digitalCreation"]
}

# --- C2PA-ACTION ---

composite := "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"

# C2PA 2.2 §18.14: an edited asset starts with c2pa.opened; the AI action carries the digitalSourceType.
ai_edit := sample({"first_action": "c2pa.opened", "digital_source_type": composite})

test_ai_photo_editor_output_with_opened_and_ai_action_passes if {
	inp := doc(good_c2pa, [ai_edit], ["image"])
	count(c2pa.deny) == 0 with input as inp
	art50_gaps := data.cleangate.ai_act.art50.marking_gaps with input as inp
	count({g | some g in art50_gaps; startswith(g.path, "/evidence/c2pa_samples")}) == 0
	"C2PA-ACTION" in c2pa.applies with input as inp
}

test_opened_without_an_ai_action_blocks_as_unlabelled if {
	blocks("C2PA-DST", doc(good_c2pa, [object.remove(ai_edit, ["digital_source_type"])], ["image"]))
	not blocks("C2PA-ACTION", doc(good_c2pa, [object.remove(ai_edit, ["digital_source_type"])], ["image"]))
}

test_other_first_actions_block if {
	blocks("C2PA-ACTION", doc(good_c2pa, [sample({"first_action": "c2pa.edited"})], ["image"]))
}

# --- one IPTC vocabulary: trainedAlgorithmicData is for non-media data ---

test_trained_algorithmic_data_is_not_a_media_label if {
	data_type := "http://c2pa.org/digitalsourcetype/trainedAlgorithmicData"
	inp := doc(good_c2pa, [sample({"digital_source_type": data_type})], ["image"])
	found := c2pa.deny with input as inp
	some f in found
	f.rule == "C2PA-DST"
	contains(f.message, "non-media data")
	declared := doc(object.union(good_c2pa, {"digital_source_type": "trainedAlgorithmicData"}), [good_sample], ["image"])
	blocks("C2PA-DST", declared)
}

test_c2pa_and_art50_judge_source_types_alike if {
	every uri in [
		tam, composite, "trainedAlgorithmicMedia", "https://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic",
		"http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
		"http://c2pa.org/digitalsourcetype/trainedAlgorithmicData", "http://example.test/trainedAlgorithmicMedia",
	] {
		inp := doc(good_c2pa, [sample({"digital_source_type": uri})], ["image"])
		found := c2pa.deny with input as inp
		gaps := data.cleangate.ai_act.art50.marking_gaps with input as inp
		c2pa_says := count({f | some f in found; f.rule == "C2PA-DST"}) > 0
		art50_says := count({g | some g in gaps; contains(g.path, "digital_source_type")}) > 0
		c2pa_says == art50_says
	}
}

# --- territorial scope and the Art 111(4) grace period: no block Art 50 does not impose ---

test_outside_the_eu_c2pa_defects_only_warn if {
	inp := object.union(doc(good_c2pa, [sample({"validation_state": "Invalid"})], ["image"]), {"system": {"deployment": {"regions": ["US"]}}})
	count(c2pa.deny) == 0 with input as inp
	warns("C2PA-ADVISORY", inp)
	not "C2PA-VALID" in c2pa.applies with input as inp
}

test_deployer_only_c2pa_defects_only_warn if {
	inp := object.union(doc(good_c2pa, [sample({"validation_state": "Invalid"})], ["image"]), {"system": {"roles": ["deployer"]}})
	count(c2pa.deny) == 0 with input as inp
	warns("C2PA-ADVISORY", inp)
}

test_legacy_system_c2pa_defects_warn_until_2_december_2026 if {
	legacy := object.union(
		doc(good_c2pa, [sample({"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"})], ["image"]),
		{"system": {"deployment": {"placed_on_market": "2026-05-01"}}},
	)
	count(c2pa.deny) == 0 with input as legacy
	warns("C2PA-ADVISORY", legacy)
	blocks("C2PA-DST", object.union(legacy, {"context": {"as_of": "2026-12-02"}}))
}

test_before_art50_applies_c2pa_defects_warn if {
	early := object.union(doc(good_c2pa, [sample({"validation_state": "Invalid"})], ["image"]), {"context": {"as_of": "2026-08-01"}})
	count(c2pa.deny) == 0 with input as early
	warns("C2PA-ADVISORY", early)
}

# --- C2PA-SIGNING ---

test_unsigned_declaration_blocks if {
	blocks("C2PA-SIGNING", doc(object.union(good_c2pa, {"signing_trust": "none"}), [good_sample], ["image"]))
}

test_missing_signing_credential_blocks_without_valid_samples if {
	blocks("C2PA-SIGNING", doc(object.remove(good_c2pa, ["signing_trust"]), [], ["image"]))
	not blocks("C2PA-SIGNING", doc(object.remove(good_c2pa, ["signing_trust"]), [good_sample], ["image"]))
}

# --- C2PA-MANIFEST and C2PA-EVIDENCE ---

test_generated_video_without_manifest_warns if {
	warns("C2PA-MANIFEST", doc(good_c2pa, [good_sample], ["image", "video"]))
	not warns("C2PA-MANIFEST", doc(good_c2pa, [good_sample], ["image", "text"]))
}

test_declared_modality_without_sample_warns if {
	warns("C2PA-EVIDENCE", doc(good_c2pa, [], ["image"]))
}

# --- C2PA-TDM-ASSERTION ---

test_declared_training_mining_must_be_in_samples if {
	declared := object.union(good_c2pa, {"training_mining": "notAllowed"})
	warns("C2PA-TDM-ASSERTION", doc(declared, [good_sample], ["image"]))
	not warns("C2PA-TDM-ASSERTION", doc(declared, [sample({"training_mining": "notAllowed"})], ["image"]))
	not warns("C2PA-TDM-ASSERTION", good)
}
