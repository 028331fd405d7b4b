# METADATA
# title: Copyright, licences and text-and-data-mining opt-outs
# description: >-
#   Every model and dataset needs a known licence compatible with its use; crawled training data
#   must show that machine-readable TDM reservations (robots.txt AI agents, TDMRep, C2PA/CAWG
#   training-mining) were checked and honoured (DSM Directive Art 4(3)); for US releases the
#   CLEAR Act inventory is surfaced as information while it is a bill. Licence facts come from
#   input.derived.licences, computed by the gate with the license-expression library.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj
#     description: Directive (EU) 2019/790 (DSM Directive)
#   - ref: https://spdx.org/licenses/
#     description: SPDX licence list
# custom:
#   regulation: Copyright
package cleangate.copyright

import rego.v1

import data.cleangate.lib

# --- Licence facts ---------------------------------------------------------------------------

# METADATA
# title: Items whose licence is checked
# description: >-
#   Every dataset, and every model unless the system is research-only (never distributed), keyed
#   by its JSON pointer (an object, not a set: sets of whole items are slow to build).
licensed_items[ptr] := {"ptr": ptr, "what": "dataset", "item": ds} if {
	some i, ds in input.datasets
	ptr := sprintf("/datasets/%d", [i])
}

licensed_items[ptr] := {"ptr": ptr, "what": "model", "item": m} if {
	not lib.research_only
	some i, m in input.models
	ptr := sprintf("/models/%d", [i])
}

# METADATA
# title: Items that must state a known licence
# description: >-
#   As licensed_items, except crawled datasets: web content is mined under the DSM Art 4 exception
#   rather than one licence, and the TDM-OPTOUT rules judge it.
licence_required[ptr] := entry if {
	some ptr, entry in licensed_items
	not entry.item.source_type == "crawled"
}

# METADATA
# title: Organisation licence settings
# description: Sets from data.cleangate.config.copyright (policies/data/copyright.json, overridable with --data).
allowed_licences := {x | some x in data.cleangate.lib.config(["copyright", "allowed_licences"], [])}

denied_licences := {x | some x in data.cleangate.lib.config(["copyright", "denied_licences"], [])}

noncommercial_licences := {x | some x in data.cleangate.lib.config(["copyright", "noncommercial_licences"], [])}

noncommercial_prefixes := {x | some x in data.cleangate.lib.config(["copyright", "noncommercial_prefixes"], [])}

# METADATA
# title: A licence key is non-commercial
# description: Listed in noncommercial_licences or starting with one of noncommercial_prefixes.
noncommercial(key) if key in noncommercial_licences

noncommercial(key) if {
	some prefix in noncommercial_prefixes
	startswith(key, prefix)
}

# METADATA
# title: Licence facts of an item
# description: What the gate derived for the item's licence expression.
facts(ptr) := input.derived.licences[ptr]

# METADATA
# title: Items whose licence is a valid SPDX expression
# description: >-
#   Pointers, read from the derived facts in one pass: the common case of licence_known, so that
#   10,000 datasets do not each pay its function calls.
valid_spdx_items contains ptr if {
	some ptr, f in input.derived.licences
	f.valid_spdx == true
}

# METADATA
# title: The item's licence is known
# description: >-
#   A valid SPDX expression, or a named proprietary licence (LicenseRef-* or a free-text name)
#   with the rights holder stated.
licence_known(entry) if facts(entry.ptr).valid_spdx == true

licence_known(entry) if {
	not facts(entry.ptr).error
	count(facts(entry.ptr).licence_refs) + count(facts(entry.ptr).unknown) > 0
	data.cleangate.lib.present(entry.item.licence_holder)
}

# METADATA
# title: Why a licence is not known
# description: A short explanation for the finding message.
unknown_reason(entry) := "no licence is stated" if {
	not entry.item.licence
} else := sprintf("no licence facts were derived for %s", [entry.item.licence]) if {
	not facts(entry.ptr)
} else := sprintf("%s is not a valid SPDX expression (%s)", [entry.item.licence, facts(entry.ptr).error]) if {
	facts(entry.ptr).error
} else := sprintf(
	"%s is not on the SPDX list and no rights holder is named (%s)",
	[entry.item.licence, concat(", ", array.concat(facts(entry.ptr).unknown, facts(entry.ptr).licence_refs))],
)

# METADATA
# title: Every model and dataset has a known licence
# description: >-
#   A licence must be stated as a valid SPDX expression (checked with the license-expression
#   library against the SPDX list), or as a named proprietary licence together with its rights
#   holder, so that its terms can be checked against the intended use.
# related_resources:
#   - ref: https://spdx.github.io/spdx-spec/v3.0.1/annexes/spdx-license-expressions/
# custom:
#   id: LIC-KNOWN
#   regulation: Copyright
#   reference: SPDX licence expressions; Directive 2001/29/EC Art 2 (reproduction right)
#   severity: block
#   applies_when: every dataset except crawled ones (see TDM-OPTOUT-*); every model unless the system is research-only
#   inputs:
#     - /datasets/*/licence
#     - /datasets/*/licence_holder
#     - /datasets/*/source_type
#     - /models/*/licence
#     - /models/*/licence_holder
#     - /system/exclusion
#     - /derived/licences/*/valid_spdx
#     - /derived/licences/*/error
#     - /derived/licences/*/licence_refs
#     - /derived/licences/*/unknown
#   remediation: >-
#     Set licence to a valid SPDX expression (e.g. Apache-2.0, CC-BY-4.0), or to LicenseRef-<name> / the
#     licence's name together with licence_holder.
deny contains finding if {
	some ptr, entry in licence_required
	not ptr in valid_spdx_items
	not licence_known(entry)
	finding := data.cleangate.lib.finding(
		"LIC-KNOWN",
		sprintf("%s/licence", [entry.ptr]),
		sprintf("%s %s: %s", [entry.what, entry.item.name, unknown_reason(entry)]),
	)
}

# METADATA
# title: Every licence choice includes a key matching a condition
# description: >-
#   For "A OR B" a user may pick either side, so a licence only binds if every choice in the
#   disjunctive normal form contains such a key. Returns the offending keys of the first choice.
every_choice_has_denied(ptr) if {
	choices := facts(ptr).choices
	count(choices) > 0
	every choice in choices {
		some key in choice
		key in denied_licences
	}
}

every_choice_has_noncommercial(ptr) if {
	choices := facts(ptr).choices
	count(choices) > 0
	every choice in choices {
		some key in choice
		noncommercial(key)
	}
}

every_choice_needs_review(ptr) if {
	choices := facts(ptr).choices
	count(choices) > 0
	spdx := facts(ptr).spdx_ids
	every choice in choices {
		some key in choice
		key in spdx
		not key in allowed_licences
	}
}

# METADATA
# title: SPDX licences in this manifest that are not on the allowed list
# description: >-
#   Collected once from the derived facts. An item needs a review only if one of its SPDX ids is
#   here, so LIC-REVIEW looks at no item when every licence is allowed (the common case), instead
#   of testing each of 10,000 datasets.
unlisted_spdx_ids contains key if {
	some f in input.derived.licences
	some key in f.spdx_ids
	not key in allowed_licences
}

# METADATA
# title: Items usable only under a denied or a non-commercial licence
# description: Pointers of items whose every licence choice includes such a licence.
denied_items contains ptr if {
	count(denied_licences) > 0
	some ptr, _ in licensed_items
	every_choice_has_denied(ptr)
}

noncommercial_items contains ptr if {
	some ptr, _ in licensed_items
	every_choice_has_noncommercial(ptr)
}

# METADATA
# title: Licences the organisation does not accept
# description: >-
#   The organisation lists licences it never accepts for models or training data
#   (copyright.denied_licences); an item whose every licence choice includes one blocks.
# related_resources:
#   - ref: https://spdx.org/licenses/
# custom:
#   id: LIC-DENIED
#   regulation: Copyright
#   reference: Organisation licence policy
#   severity: block
#   applies_when: an item's licence names a key in copyright.denied_licences in every choice
#   inputs:
#     - /datasets/*/licence
#     - /models/*/licence
#     - /derived/licences/*/choices
#   remediation: Replace the component, obtain a different licence, or change the organisation setting.
deny contains finding if {
	some ptr in denied_items
	entry := licensed_items[ptr]
	finding := data.cleangate.lib.finding(
		"LIC-DENIED",
		sprintf("%s/licence", [entry.ptr]),
		sprintf(
			"%s %s is licensed under %s, which the organisation does not accept",
			[entry.what, entry.item.name, entry.item.licence],
		),
	)
}

# METADATA
# title: Commercial use
# description: >-
#   deployment.commercial when stated; otherwise production use counts as commercial and
#   research-only systems do not.
commercial_use if input.system.deployment.commercial == true

commercial_use if {
	not input.system.deployment.commercial == false
	input.system.deployment.environment == "production"
	not lib.research_only
}

# METADATA
# title: Non-commercial licences cannot cover commercial use
# description: >-
#   A model or dataset licensed only for non-commercial use (e.g. CC-BY-NC-*) cannot be used to
#   build or run a system used commercially.
# related_resources:
#   - ref: https://creativecommons.org/licenses/by-nc/4.0/legalcode
# custom:
#   id: LIC-NC
#   regulation: Copyright
#   reference: Licence terms (non-commercial clause)
#   severity: block
#   applies_when: the system is used commercially and an item's every licence choice is non-commercial
#   inputs:
#     - /system/deployment/commercial
#     - /system/deployment/environment
#     - /system/exclusion
#     - /derived/licences/*/choices
#   remediation: Obtain a commercial licence from the rights holder, or replace the model or dataset.
deny contains finding if {
	commercial_use
	some ptr in noncommercial_items
	entry := licensed_items[ptr]
	finding := data.cleangate.lib.finding(
		"LIC-NC",
		sprintf("%s/licence", [entry.ptr]),
		sprintf(
			"%s %s is licensed for non-commercial use only (%s) but the system is used commercially",
			[entry.what, entry.item.name, entry.item.licence],
		),
	)
}

# METADATA
# title: Licence outside the organisation's allowed list
# description: >-
#   An SPDX licence that is neither on the organisation's allowed list nor denied needs a
#   review of its terms (copyleft, use restrictions) against the intended use.
# related_resources:
#   - ref: https://spdx.org/licenses/
# custom:
#   id: LIC-REVIEW
#   regulation: Copyright
#   reference: Organisation licence policy
#   severity: warn
#   applies_when: copyright.allowed_licences is not empty and every licence choice has an SPDX licence outside it
#   inputs:
#     - /derived/licences/*/choices
#     - /derived/licences/*/spdx_ids
#   remediation: Have the licence reviewed and add it to copyright.allowed_licences, or replace the item.
warn contains finding if {
	count(allowed_licences) > 0
	count(unlisted_spdx_ids) > 0
	some ptr, entry in licensed_items
	every_choice_needs_review(ptr)
	not ptr in denied_items
	not ptr in noncommercial_items
	finding := data.cleangate.lib.finding(
		"LIC-REVIEW",
		sprintf("%s/licence", [entry.ptr]),
		sprintf(
			"%s %s: licence %s is not on the organisation's allowed list",
			[entry.what, entry.item.name, entry.item.licence],
		),
	)
}

# --- Text-and-data-mining opt-outs -----------------------------------------------------------

# METADATA
# title: TDM rules reach the system
# description: >-
#   The system reaches the EU (DSM Art 4 governs the mining), or it includes a general-purpose
#   AI model (AI Act Art 53(1)(c), Recital 106: GPAI providers must comply wherever they train).
tdm_scope if lib.in_eu

tdm_scope if {
	some model in input.models
	model.gpai == true
}

# METADATA
# title: Whether EU copyright reaches the training is unknown
# description: >-
#   No deployment region is stated and no model is stated to be a GPAI model, so whether the
#   DSM Art 4 reservations bind this training cannot be told: the TDM rules are then undetermined
#   for what they would find, never "not applicable" (fail closed).
scope_unknown if {
	not tdm_scope
	not lib.regions_stated
}

# METADATA
# title: Crawled datasets used for training
# description: >-
#   Indexes of datasets crawled or scraped from the web and used to train or fine-tune, whether
#   or not the TDM rules reach the system (crawled_training keeps those that are in scope).
crawled_for_training contains i if {
	some i, ds in input.datasets
	ds.source_type == "crawled"
	data.cleangate.lib.used_for_training(ds)
}

# METADATA
# title: Training datasets of unstated origin
# description: >-
#   Indexes of datasets used to train or fine-tune whose source_type is not stated: whether they
#   were crawled from the web, and so whether TDM reservations had to be checked, is unknown.
unknown_source_training contains i if {
	some i, ds in input.datasets
	not ds.source_type
	data.cleangate.lib.used_for_training(ds)
}

# METADATA
# title: Training datasets that were or may have been crawled
# description: Crawled training datasets and training datasets of unstated origin (judged on their tdm facts).
maybe_crawled := crawled_for_training | unknown_source_training

# METADATA
# title: Crawled training datasets within TDM scope
# description: Indexes of crawled datasets used to train or fine-tune, in the EU or by a GPAI provider.
crawled_training contains i if {
	tdm_scope
	some i in crawled_for_training
}

# METADATA
# title: DSM Art 3 research exception
# description: >-
#   Mining for scientific research by research organisations cannot be overridden by an opt-out;
#   it needs the dataset to claim it and the system to be research-only.
art3_exception(i) if {
	input.datasets[i].tdm.research_exception == true
	lib.research_only
}

# METADATA
# title: Reserved items are licensed
# description: The items kept despite a reservation are covered by a licence from the rightsholders.
reservations_licensed(i) if input.datasets[i].tdm.reserved_items_licensed == true

# METADATA
# title: The dataset's collection record was verified
# description: >-
#   The gate read the dataset's whole collection record (verified.collection_records status
#   verified): robots.txt and TDMRep were checked item by item, whatever the manifest states
#   (package cleangate.copyright_records judges what it found).
record_verified(i) if {
	some r in object.get(input, ["verified", "collection_records"], [])
	r.dataset_index == i
	r.status == "verified"
}

# METADATA
# title: Missing TDM checks
# description: >-
#   Pairs [i, what] for each opt-out check a crawled training dataset, or one of unstated origin,
#   does not show (in scope or not: TDM-OPTOUT-CHECK applies the scope and the crawl, and an
#   unknown scope or origin makes the gap undetermined).
missing_checks contains [i, "robots.txt AI user-agent rules (RFC 9309)"] if {
	some i in maybe_crawled
	not is_boolean(object.get(input.datasets[i], ["tdm", "robots_txt_honoured"], null))
	not record_verified(i)
}

missing_checks contains [i, "TDMRep (tdm-reservation headers and /.well-known/tdmrep.json)"] if {
	some i in maybe_crawled
	not is_boolean(object.get(input.datasets[i], ["tdm", "tdmrep_honoured"], null))
	not record_verified(i)
}

missing_checks contains [i, "robots.txt and TDMRep reservations for a named crawler (user-agent token)"] if {
	some i in maybe_crawled
	not data.cleangate.lib.present_at(input.datasets[i], ["tdm", "crawler"])
}

missing_checks contains [i, "C2PA/CAWG training-mining assertions"] if {
	some i in maybe_crawled
	some m in input.datasets[i].modalities
	m in {x | some x in data.cleangate.lib.config(["copyright", "tdm_image_modalities"], ["image", "video"])}
	not input.datasets[i].tdm.c2pa_training_mining_checked == true
}

# METADATA
# title: Missing checks not covered by the research exception
# description: Pairs [i, what] of missing_checks for datasets that do not rely on the DSM Art 3 research exception.
unchecked contains [i, what] if {
	some [i, what] in missing_checks
	not art3_exception(i)
}

# METADATA
# title: Missing checks within TDM scope
# description: The pairs of unchecked for crawled datasets the TDM rules reach (in the EU or by a GPAI provider).
unchecked_in_scope contains [i, what] if {
	some [i, what] in unchecked
	i in crawled_training
}

# METADATA
# title: Show that TDM opt-outs were checked for crawled data
# description: >-
#   Rightsholders may reserve text and data mining in machine-readable form (DSM Art 4(3));
#   crawled training data must show that robots.txt AI agents, TDMRep and, for images and video,
#   C2PA/CAWG training-mining assertions were checked. Which protocols count as "appropriate" is
#   still debated, so a gap warns; a recorded reservation that was not honoured blocks (TDM-OPTOUT-1).
#   robots.txt rules are per user agent, so a check means something only for a named crawler token.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-OPTOUT-CHECK
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); AI Act Art 53(1)(c)
#   severity: warn
#   applies_when: >-
#     a crawled dataset is used for training, in the EU or by a GPAI provider, without the DSM Art 3
#     exception
#   inputs:
#     - /datasets/*/source_type
#     - /datasets/*/used_for
#     - /datasets/*/modalities
#     - /datasets/*/tdm/robots_txt_honoured
#     - /datasets/*/tdm/tdmrep_honoured
#     - /datasets/*/tdm/c2pa_training_mining_checked
#     - /datasets/*/tdm/crawler
#     - /datasets/*/tdm/research_exception
#     - /system/deployment/regions
#     - /models/*/gpai
#     - /verified/collection_records/*/dataset_index
#     - /verified/collection_records/*/status
#   remediation: >-
#     Record the checks in datasets[].tdm (robots_txt_honoured, tdmrep_honoured, c2pa_training_mining_checked,
#     crawler); keep the check date and the number of excluded items with them as evidence. A collection
#     record the gate verifies (tdm.collection_record, docs/optouts.md) stands for the robots.txt and TDMRep checks.
warn contains finding if {
	some [i, what] in unchecked_in_scope
	finding := data.cleangate.lib.finding(
		"TDM-OPTOUT-CHECK",
		sprintf("/datasets/%d/tdm", [i]),
		sprintf("crawled dataset %s does not show that %s were checked", [input.datasets[i].name, what]),
	)
}

# METADATA
# title: Recorded reservations not honoured
# description: Pairs [i, what] for each way a crawled dataset (or one of unstated origin) records kept reserved content.
unhonoured contains [i, sprintf("%d items with a TDM reservation were kept", [n])] if {
	some i in maybe_crawled
	n := input.datasets[i].tdm.reserved_items_included
	n > 0
}

unhonoured contains [i, "robots.txt AI user-agent rules were not honoured"] if {
	some i in maybe_crawled
	input.datasets[i].tdm.robots_txt_honoured == false
}

unhonoured contains [i, "TDMRep reservations were not honoured"] if {
	some i in maybe_crawled
	input.datasets[i].tdm.tdmrep_honoured == false
}

# METADATA
# title: Reservations not honoured and not licensed
# description: >-
#   Pairs [i, what] of unhonoured for datasets with no licence covering the reserved items and no
#   DSM Art 3 research exception.
unlicensed contains [i, what] if {
	some [i, what] in unhonoured
	not reservations_licensed(i)
	not art3_exception(i)
}

# METADATA
# title: Unlicensed reservations within TDM scope
# description: The pairs of unlicensed for crawled datasets the TDM rules reach (in the EU or by a GPAI provider).
unlicensed_in_scope contains [i, what] if {
	some [i, what] in unlicensed
	i in crawled_training
}

# METADATA
# title: Honour machine-readable TDM reservations
# description: >-
#   Content whose rightsholder reserved text and data mining in a machine-readable way may not be
#   mined under the Art 4 exception; using it needs a licence. AI Act Art 53(1)(c) requires GPAI
#   providers to identify and honour such reservations.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-OPTOUT-1
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); AI Act Art 53(1)(c)
#   severity: block
#   applies_when: >-
#     a crawled training dataset records reservations it did not honour, with no licence and no DSM Art 3
#     research exception
#   inputs:
#     - /datasets/*/source_type
#     - /datasets/*/used_for
#     - /datasets/*/tdm/reserved_items_included
#     - /datasets/*/tdm/robots_txt_honoured
#     - /datasets/*/tdm/tdmrep_honoured
#     - /datasets/*/tdm/reserved_items_licensed
#     - /datasets/*/tdm/research_exception
#     - /system/exclusion
#     - /system/deployment/regions
#     - /models/*/gpai
#   remediation: >-
#     Remove the reserved items and retrain, or obtain licences from the rightsholders and set
#     tdm.reserved_items_licensed: true.
deny contains finding if {
	some [i, what] in unlicensed_in_scope
	finding := data.cleangate.lib.finding(
		"TDM-OPTOUT-1",
		sprintf("/datasets/%d/tdm", [i]),
		sprintf("crawled dataset %s: %s, with no licence covering them", [input.datasets[i].name, what]),
	)
}

# METADATA
# title: Crawled datasets that kept assets reserved by their Content Credentials
# description: >-
#   Indexes of crawled training datasets that kept items whose training-mining assertion reserves
#   training, with no licence and no DSM Art 3 research exception (in scope or not).
c2pa_reserved_kept contains i if {
	some i in maybe_crawled
	input.datasets[i].tdm.c2pa_reserved_items_included > 0
	not reservations_licensed(i)
	not art3_exception(i)
}

# METADATA
# title: Honour C2PA/CAWG training-mining assertions
# description: >-
#   Assets whose Content Credentials carry a training-and-data-mining assertion (cawg.training-mining,
#   formerly c2pa.training-mining) with notAllowed or constrained for AI training are reserved
#   and must be filtered out of training data unless licensed.
# related_resources:
#   - ref: https://cawg.io/training-and-data-mining/
# custom:
#   id: C2PA-TDM
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 4(3); CAWG training-and-data-mining assertion
#   severity: block
#   applies_when: >-
#     a crawled training dataset kept items whose Content Credentials reserve training, with no licence
#     and no DSM Art 3 research exception
#   inputs:
#     - /datasets/*/tdm/c2pa_reserved_items_included
#     - /datasets/*/tdm/reserved_items_licensed
#     - /datasets/*/tdm/research_exception
#     - /system/deployment/regions
#     - /models/*/gpai
#   remediation: Filter out items whose training-mining assertion is notAllowed or constrained, or license them.
deny contains finding if {
	some i in crawled_training
	i in c2pa_reserved_kept
	n := input.datasets[i].tdm.c2pa_reserved_items_included
	finding := data.cleangate.lib.finding(
		"C2PA-TDM",
		sprintf("/datasets/%d/tdm/c2pa_reserved_items_included", [i]),
		sprintf(
			"crawled dataset %s kept %d items whose Content Credentials reserve AI training",
			[input.datasets[i].name, n],
		),
	)
}

# --- Lawful access -----------------------------------------------------------------------------

# METADATA
# title: Training datasets obtained by circumventing a paywall
# description: Indexes of datasets used for training whose tdm facts say access controls were circumvented (in scope or not).
circumvented contains i if {
	some i, ds in input.datasets
	data.cleangate.lib.used_for_training(ds)
	ds.tdm.paywall_circumvention == true
}

# METADATA
# title: Circumventing training datasets within TDM scope
# description: Those of circumvented the TDM rules reach (in the EU or by a GPAI provider).
circumvented_training contains i if {
	tdm_scope
	some i in circumvented
}

# METADATA
# title: Mine only lawfully accessible content
# description: >-
#   Both text-and-data-mining exceptions cover only works the miner has lawful access to (DSM
#   Art 3(1), Art 4(1)), and circumventing effective technological measures such as paywalls is
#   itself prohibited (Directive 2001/29/EC Art 6); the GPAI Code of Practice copyright chapter
#   commits providers not to circumvent them. A dataset that says it circumvented a paywall is
#   outside both exceptions, research included.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dir/2019/790/oj#art_4
# custom:
#   id: TDM-LAWFUL-ACCESS
#   regulation: Copyright
#   reference: Directive (EU) 2019/790 Art 3(1), 4(1) (lawful access); Directive 2001/29/EC Art 6; AI Act Art 53(1)(c)
#   severity: block
#   applies_when: a dataset used for training, in the EU or by a GPAI provider, states paywall_circumvention true
#   inputs:
#     - /datasets/*/tdm/paywall_circumvention
#     - /datasets/*/used_for
#     - /system/deployment/regions
#     - /models/*/gpai
#   remediation: >-
#     Remove the content obtained behind paywalls or other access controls and retrain, or obtain it
#     lawfully (a subscription or licence that allows mining) and set datasets[].tdm.paywall_circumvention
#     to false.
deny contains finding if {
	some i in circumvented_training
	finding := data.cleangate.lib.finding(
		"TDM-LAWFUL-ACCESS",
		sprintf("/datasets/%d/tdm/paywall_circumvention", [i]),
		sprintf(
			"dataset %s was obtained by circumventing paywalls or access controls: no TDM exception covers it",
			[input.datasets[i].name],
		),
	)
}

# --- When the TDM scope is unknown --------------------------------------------------------------

# METADATA
# title: TDM rules a training dataset would bring into play
# description: >-
#   Pairs [i, rule]: the text-and-data-mining rule that dataset i would break if EU copyright or
#   the GPAI duties reached the training.
scope_dependent contains [i, "TDM-OPTOUT-CHECK"] if some [i, _] in unchecked

scope_dependent contains [i, "TDM-OPTOUT-1"] if some [i, _] in unlicensed

scope_dependent contains [i, "C2PA-TDM"] if some i in c2pa_reserved_kept

scope_dependent contains [i, "TDM-LAWFUL-ACCESS"] if some i in circumvented

# METADATA
# title: TDM findings that cannot be judged
# description: >-
#   A training dataset shows missing opt-out checks, reservations not honoured or content obtained
#   by circumvention, while neither a deployment region nor a GPAI model is stated: whether DSM
#   Art 4 and AI Act Art 53(1)(c) reach the training is unknown, so each such rule is reported as
#   undetermined against the region, never as "not applicable".
undetermined contains u if {
	scope_unknown
	some [i, rule] in scope_dependent
	u := data.cleangate.lib.undetermined_fact(
		rule, "/system/deployment/regions",
		"ISO 3166-1 alpha-2 codes or EU, where the system is placed on the market, put into service or used",
		sprintf(
			"no deployment region is stated and no model is a GPAI model: cannot tell whether EU text-and-data-mining rules (DSM Art 4, AI Act Art 53(1)(c)) reach the training on dataset %s",
			[input.datasets[i].name],
		),
	)
}

# METADATA
# title: TDM findings that wait for a dataset's origin
# description: >-
#   Within TDM scope, a training dataset whose source_type is not stated shows missing opt-out
#   checks or reservations it did not honour: the duty to check and honour machine-readable
#   reservations bites on content mined from the web, so each such rule is undetermined on the
#   dataset's source_type, never "not applicable".
undetermined contains u if {
	tdm_scope
	some [i, rule] in scope_dependent
	i in unknown_source_training
	rule in {"TDM-OPTOUT-CHECK", "TDM-OPTOUT-1", "C2PA-TDM"}
	u := data.cleangate.lib.undetermined_fact(
		rule, sprintf("/datasets/%d/source_type", [i]),
		"one of public, licensed, third-party-private, crawled, user, synthetic, other",
		sprintf(
			"dataset %s does not state its source_type: cannot tell whether it was crawled from the web, where machine-readable TDM reservations (DSM Art 4(3)) must be checked and honoured",
			[input.datasets[i].name],
		),
	)
}

# --- US CLEAR Act (bill) ----------------------------------------------------------------------

# METADATA
# title: Released or used in the US
# description: The deployment regions include the United States.
in_us if {
	some region in input.system.deployment.regions
	upper(region) == "US"
}

# METADATA
# title: CLEAR Act readiness (bill, not law)
# description: >-
#   The Copyright Labeling and Ethical AI Reporting Act (S.3813, introduced 10 Feb 2026) would
#   require anyone training or releasing a generative AI model to file a summary of the registered
#   copyrighted works in its training data 30 days before release. It is a bill, so this is
#   information only.
# related_resources:
#   - ref: https://www.congress.gov/bill/119th-congress/senate-bill/3813
# custom:
#   id: US-CLEAR-1
#   regulation: US CLEAR Act (bill)
#   reference: S.3813 (119th Congress), as introduced
#   severity: info
#   applies_when: a generative system deployed in the US trains on a dataset with no registered-works inventory
#   inputs:
#     - /system/deployment/regions
#     - /system/capabilities/synthetic_output_modalities
#     - /datasets/*/used_for
#     - /datasets/*/registered_works_inventory
#   remediation: >-
#     Prepare an inventory of registered works per training dataset and link it in
#     datasets[].registered_works_inventory.
info contains finding if {
	in_us
	count(input.system.capabilities.synthetic_output_modalities) > 0
	some i, ds in input.datasets
	data.cleangate.lib.used_for_training(ds)
	not data.cleangate.lib.present_at(ds, "registered_works_inventory")
	finding := data.cleangate.lib.finding(
		"US-CLEAR-1",
		sprintf("/datasets/%d/registered_works_inventory", [i]),
		sprintf("dataset %s has no inventory of registered copyrighted works (CLEAR Act readiness)", [ds.name]),
	)
}

# --- Applicability ---------------------------------------------------------------------------

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "LIC-KNOWN" if count(licence_required) > 0

applies contains "LIC-DENIED" if {
	count(licensed_items) > 0
	count(denied_licences) > 0
}

applies contains "LIC-NC" if {
	count(licensed_items) > 0
	commercial_use
}

applies contains "LIC-REVIEW" if {
	count(licensed_items) > 0
	count(allowed_licences) > 0
}

applies contains id if {
	some i in crawled_training
	not art3_exception(i)
	some id in {"TDM-OPTOUT-CHECK", "TDM-OPTOUT-1", "C2PA-TDM"}
}

applies contains "TDM-LAWFUL-ACCESS" if count(crawled_training) > 0

applies contains "TDM-LAWFUL-ACCESS" if count(circumvented_training) > 0

applies contains "US-CLEAR-1" if {
	in_us
	count(input.system.capabilities.synthetic_output_modalities) > 0
}
