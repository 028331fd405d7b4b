# METADATA
# title: TDM opt-outs verified from collection records
# description: >-
#   Rules on input.verified.collection_records, which only the gate writes
#   (service/evidence/optouts/): each training dataset's collection record was read item by item
#   and judged against the robots.txt (RFC 9309), TDMRep, AI-preference and C2PA/CAWG reservations
#   in force when each item was fetched. A reserved item that was kept without a licence is a
#   reservation not honoured (DSM Art 4(3)), whatever the manifest's tdm booleans say; the DSM
#   Art 3 research exception still applies, and is reported.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
#     description: Directive (EU) 2019/790 Art 4(3)
#   - ref: https://www.rfc-editor.org/rfc/rfc9309
#     description: RFC 9309 Robots Exclusion Protocol
# custom:
#   regulation: Copyright
package cleangate.copyright_records

import rego.v1

# METADATA
# title: Collection records the gate evaluated
# description: Shorthand for verified.collection_records (empty when no dataset names one).
records := object.get(input, ["verified", "collection_records"], [])

# METADATA
# title: Records of training datasets within TDM scope
# description: >-
#   Each record whose dataset is used to train or fine-tune, in the EU or by a GPAI provider
#   (cleangate.copyright.tdm_scope), keyed by its position in records.
judged[k] := r if {
	data.cleangate.copyright.tdm_scope
	some k, r in records
	data.cleangate.lib.used_for_training(input.datasets[r.dataset_index])
}

# METADATA
# title: DSM Art 3 research exception for a record's dataset
# description: The dataset claims the research exception and the system is research-only (cleangate.copyright).
research(r) if data.cleangate.copyright.art3_exception(r.dataset_index)

# METADATA
# title: Per-channel counts in words
# description: The channels that reserved kept items, e.g. "robots.txt 12, TDMRep 3".
channel_words(r) := concat(", ", [sprintf("%s %d", [channel_names[c], n]) |
	some c, n in object.get(r, "channels", {})
	n > 0
])

# METADATA
# title: Names of the reservation channels
# description: How each channel is called in messages.
channel_names := {"robots": "robots.txt", "tdmrep": "TDMRep", "aipref": "AI preferences", "c2pa": "C2PA/CAWG"}

# METADATA
# title: The first sample in words
# description: Record number, URL, channel and the rule that reserved it.
first_sample(r) := sprintf("; e.g. record %d %s (%s: %s)", [s.record, s.url, channel_names[s.channel], s.rule]) if {
	s := r.samples[0]
}

first_sample(r) := "" if count(object.get(r, "samples", [])) == 0

# METADATA
# title: Kept reserved items without a licence
# description: >-
#   Content whose rightsholder reserved text and data mining in a machine-readable way when it
#   was fetched may not be mined under the Art 4 exception; the collection record shows such items
#   kept with no licence (item or domain) covering them. Counts and samples come from the gate's
#   own reading of the record, not from the manifest.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-RECORD-RESERVED
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); AI Act Art 53(1)(c); GPAI Code of Practice copyright measure 1.3
#   severity: block
#   applies_when: >-
#     a training dataset's collection record, in the EU or for a GPAI model, shows reserved items kept
#     without a licence, and the DSM Art 3 research exception does not apply
#   remediation: >-
#     Remove the reserved items (the samples name them) and retrain, or license them from the
#     rightsholders and record the licence per item (`licence`) or per domain
#     (tdm.collection_record.licences).
deny contains finding if {
	some r in judged
	r.reserved_included > 0
	not research(r)
	finding := data.cleangate.lib.finding(
		"TDM-RECORD-RESERVED", r.pointer,
		sprintf(
			"dataset %s: its collection record shows %d of %d items reserved at fetch time and kept without a licence (%s)%s",
			[r.dataset, r.reserved_included, r.items, channel_words(r), first_sample(r)],
		),
	)
}

# METADATA
# title: A collection record that does not verify
# description: >-
#   The record named for a training dataset is malformed, truncated or differs from its stated
#   digest, so which items were reserved is unknown: the opt-out check the record stands for did
#   not happen as far as the gate can see (fail closed).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-RECORD-BROKEN
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); AI Act Art 53(1)(c)
#   severity: block
#   applies_when: a training dataset's collection record, in TDM scope, has status failed
#   remediation: Fix the record (its problems name the record numbers) or the digest in the manifest.
deny contains finding if {
	some r in judged
	r.status == "failed"
	not research(r)
	finding := data.cleangate.lib.finding(
		"TDM-RECORD-BROKEN", r.pointer,
		sprintf("dataset %s: collection record %s could not be verified: %s", [r.dataset, r.file, r.why]),
	)
}

# METADATA
# title: A collection record the gate could not read
# description: >-
#   The manifest names a collection record, but it was not supplied, is over a limit, or this gate
#   lacks the library to read it; with status partial only part of it was read. Until it is read,
#   the tdm facts are the team's own statement.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-RECORD-UNVERIFIED
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); AI Act Art 53(1)(c)
#   severity: warn
#   applies_when: a training dataset's collection record, in TDM scope, is not_given, declared-only or partial
#   remediation: >-
#     Supply the record with the manifest (cleangate check --evidence, or an `evidence` upload part),
#     or raise CLEANGATE_EVIDENCE_MAX_SECONDS / MAX_ARTIFACT_BYTES for large records.
warn contains finding if {
	some r in judged
	r.status in {"not_given", "declared-only", "partial"}
	finding := data.cleangate.lib.finding(
		"TDM-RECORD-UNVERIFIED", r.pointer,
		sprintf("dataset %s: collection record %s was not fully verified (%s): %s", [r.dataset, r.file, r.status, r.why]),
	)
}

# METADATA
# title: Items with no robots.txt on record
# description: >-
#   For some kept items the record holds no robots.txt in force at fetch time (no content, no
#   digest, no capture of the host dated at or before the fetch), so whether robots.txt reserved
#   them is unknown. A capture dated after the fetch is never applied.
# related_resources:
#   - ref: https://www.rfc-editor.org/rfc/rfc9309
# custom:
#   id: TDM-RECORD-ROBOTS-UNKNOWN
#   regulation: Copyright
#   reference: RFC 9309; GPAI Code of Practice copyright measure 1.3
#   severity: warn
#   applies_when: a training dataset's verified collection record has included items with unknown robots.txt
#   remediation: Store the robots.txt each host served before crawling it (content or a snapshot digest).
warn contains finding if {
	some r in judged
	r.robots_unknown > 0
	finding := data.cleangate.lib.finding(
		"TDM-RECORD-ROBOTS-UNKNOWN", r.pointer,
		sprintf(
			"dataset %s: %d kept items have no robots.txt on record for their fetch time",
			[r.dataset, r.robots_unknown],
		),
	)
}

# METADATA
# title: Reserved items mined under the research exception
# description: >-
#   DSM Art 3 lets research organisations mine for scientific research whatever the reservation;
#   the record shows reserved items that rely on it. They cannot be reused for other purposes.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_3
# custom:
#   id: TDM-RECORD-RESEARCH
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 3
#   severity: info
#   applies_when: a research-only system's dataset claims the DSM Art 3 exception and its record shows reserved items
#   remediation: Keep the dataset to the research purpose; license the reserved items before any commercial use.
info contains finding if {
	some r in judged
	r.reserved_included > 0
	research(r)
	finding := data.cleangate.lib.finding(
		"TDM-RECORD-RESEARCH", r.pointer,
		sprintf(
			"dataset %s: %d reserved items are used under the DSM Art 3 research exception only",
			[r.dataset, r.reserved_included],
		),
	)
}

# METADATA
# title: Whether EU copyright reaches the training is unknown
# description: >-
#   No deployment region is stated and no model is stated to be a GPAI model, so whether the
#   DSM Art 4(3) reservations bind this training cannot be told.
scope_unknown if {
	not data.cleangate.copyright.tdm_scope
	not data.cleangate.lib.regions_stated
}

# METADATA
# title: Collection-record findings that cannot be judged
# description: >-
#   A training dataset's record shows reserved items kept without a licence, or does not verify,
#   while the region that decides whether EU copyright applies is missing: the rule is reported as
#   undetermined against that fact, never as "not applicable".
undetermined contains u if {
	scope_unknown
	some r in records
	data.cleangate.lib.used_for_training(input.datasets[r.dataset_index])
	some rule in unjudged_rules(r)
	u := data.cleangate.lib.undetermined_fact(
		rule, "/system/deployment/regions",
		"ISO 3166-1 alpha-2 codes or EU, where the system is placed on the market, put into service or used",
		concat("", [
			"no deployment region is stated and no model is a GPAI model: cannot tell whether EU ",
			"text-and-data-mining reservations (DSM Art 4(3)) bind this training",
		]),
	)
}

# METADATA
# title: The rules a record would bring into play
# description: TDM-RECORD-RESERVED for kept reserved items, TDM-RECORD-BROKEN for a record that does not verify.
unjudged_rules(r) := {rule |
	some rule, holds in {"TDM-RECORD-RESERVED": r.reserved_included > 0, "TDM-RECORD-BROKEN": r.status == "failed"}
	holds
}
