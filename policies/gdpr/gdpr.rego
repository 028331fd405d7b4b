# METADATA
# title: GDPR - personal data in training and deployment data
# description: >-
#   Regulation (EU) 2016/679 applies whenever training, fine-tuning, retrieval or inference data
#   holds personal data and the controller is in the EU/EEA or serves people there; the AI Act
#   does not displace it (AI Act Art 2(7)). These rules read the `personal_data` facts of each
#   dataset, the system's human-oversight facts and the governance records.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: Regulation (EU) 2016/679 (GDPR)
# custom:
#   regulation: GDPR
package cleangate.gdpr

import rego.v1

import data.cleangate.lib

# --- Applicability --------------------------------------------------------------------------

# METADATA
# title: Dataset holds personal data
# description: The dataset says personal data is present, or lists special categories of it.
holds_personal_data(dataset) if dataset.personal_data.present == true

holds_personal_data(dataset) if count(dataset.personal_data.special_categories) > 0

# METADATA
# title: Datasets GDPR reaches
# description: Indexes of datasets holding personal data, when the processing is within GDPR's territorial scope.
personal_datasets contains i if {
	lib.gdpr_territorial_scope
	some i, dataset in input.datasets
	holds_personal_data(dataset)
}

# METADATA
# title: GDPR applies to the system
# description: Some dataset holds personal data within scope, or the system profiles people within scope.
gdpr_applies if count(personal_datasets) > 0

gdpr_applies if {
	lib.gdpr_territorial_scope
	input.system.risk.profiling == true
}

# The rules below read input.datasets[i].personal_data directly rather than through a shorthand
# function: regorus pays a call each time, and with ~20 reads per personal dataset the calls
# were a seventh of the package's cost at 2,000 datasets (53 -> 45 ms without them).

# METADATA
# title: Dataset pointer
# description: JSON pointer of dataset i's personal-data facts.
pd_path(i) := sprintf("/datasets/%d/personal_data", [i])

# --- Art 6 lawful basis --------------------------------------------------------------------

# METADATA
# title: Personal data needs a lawful basis
# description: >-
#   Every processing operation on personal data (training and deployment are separate ones)
#   needs one of the Art 6(1) bases; large-scale training usually relies on legitimate interests.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_6
# custom:
#   id: GDPR-6
#   regulation: GDPR
#   reference: Art. 6(1)
#   severity: block
#   applies_when: a dataset holds personal data and the processing is within GDPR's territorial scope
#   inputs:
#     - /datasets/*/personal_data/present
#     - /datasets/*/personal_data/special_categories
#     - /system/deployment/regions
#     - /system/established_in_eu
#     - /datasets/*/personal_data/lawful_basis
#   remediation: >-
#     Record the Art 6(1) basis in datasets[].personal_data.lawful_basis (for legitimate interests also
#     link the three-step assessment in legitimate_interest_assessment).
deny contains finding if {
	some i in personal_datasets
	not input.datasets[i].personal_data.lawful_basis
	finding := data.cleangate.lib.finding(
		"GDPR-6",
		sprintf("%s/lawful_basis", [pd_path(i)]),
		sprintf("dataset %s holds personal data but states no lawful basis (Art 6(1))", [input.datasets[i].name]),
	)
}

# METADATA
# title: Legitimate interests need a documented balancing test
# description: >-
#   Relying on Art 6(1)(f) needs the three-step test (interest, necessity, balancing) that the
#   EDPB (Opinion 28/2024) expects for AI development and deployment.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_6
# custom:
#   id: GDPR-6-LIA
#   regulation: GDPR
#   reference: Art. 6(1)(f); EDPB Opinion 28/2024
#   severity: warn
#   applies_when: a dataset in GDPR scope relies on legitimate interests
#   inputs:
#     - /datasets/*/personal_data/lawful_basis
#     - /datasets/*/personal_data/legitimate_interest_assessment
#   remediation: Link the legitimate-interest assessment in datasets[].personal_data.legitimate_interest_assessment.
warn contains finding if {
	some i in personal_datasets
	input.datasets[i].personal_data.lawful_basis == "legitimate-interests"
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "legitimate_interest_assessment")
	finding := data.cleangate.lib.finding(
		"GDPR-6-LIA",
		sprintf("%s/legitimate_interest_assessment", [pd_path(i)]),
		sprintf("dataset %s relies on legitimate interests without a documented assessment", [input.datasets[i].name]),
	)
}

# --- Art 9 special categories --------------------------------------------------------------

# METADATA
# title: Special-category data needs an Art 9(2) condition
# description: >-
#   Health, biometric, genetic, racial or ethnic, political, religious, trade-union and sex-life
#   data may only be processed under one of the Art 9(2) conditions.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_9
# custom:
#   id: GDPR-9
#   regulation: GDPR
#   reference: Art. 9(1)-(2)
#   severity: block
#   applies_when: a dataset in GDPR scope lists special categories of personal data
#   inputs:
#     - /datasets/*/personal_data/special_categories
#     - /datasets/*/personal_data/art9_condition
#   remediation: >-
#     Name the Art 9(2) condition (e.g. explicit consent, 9(2)(a)) in datasets[].personal_data.art9_condition,
#     or remove the special-category data.
deny contains finding if {
	some i in personal_datasets
	count(input.datasets[i].personal_data.special_categories) > 0
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "art9_condition")
	finding := data.cleangate.lib.finding(
		"GDPR-9",
		sprintf("%s/art9_condition", [pd_path(i)]),
		sprintf(
			"dataset %s holds special-category data (%s) without an Art 9(2) condition",
			[input.datasets[i].name, concat(", ", input.datasets[i].personal_data.special_categories)],
		),
	)
}

# --- Art 13/14 information ------------------------------------------------------------------

# METADATA
# title: Art 14(5)(b) disproportionate-effort exemption is evidenced
# description: Data obtained indirectly, where the information is made publicly available instead of a notice.
art14_5b_exempt(i) if {
	input.datasets[i].personal_data.collection == "indirect"
	data.cleangate.lib.present(input.datasets[i].personal_data.public_information)
}

# METADATA
# title: Tell data subjects about the processing
# description: >-
#   Data subjects must be told the purposes, legal basis, recipients, transfers, retention, their
#   rights and any automated decision-making (Art 13 for data collected from them, Art 14 otherwise).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_13
# custom:
#   id: GDPR-13-14
#   regulation: GDPR
#   reference: Art. 13, Art. 14
#   severity: block
#   applies_when: >-
#     a dataset in GDPR scope, unless data obtained indirectly relies on Art 14(5)(b) with public
#     information
#   inputs:
#     - /datasets/*/personal_data/information_notice
#     - /datasets/*/personal_data/collection
#     - /datasets/*/personal_data/public_information
#   remediation: >-
#     Link the privacy notice in datasets[].personal_data.information_notice; for scraped data where a notice
#     is impossible, set collection: indirect and link the public information in public_information.
deny contains finding if {
	some i in personal_datasets
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "information_notice")
	not art14_5b_exempt(i)
	finding := data.cleangate.lib.finding(
		"GDPR-13-14",
		sprintf("%s/information_notice", [pd_path(i)]),
		sprintf("dataset %s: no Art 13/14 information notice to the data subjects is linked", [input.datasets[i].name]),
	)
}

# --- Art 5 principles ------------------------------------------------------------------------

# METADATA
# title: Personal data reused for another purpose
# description: >-
#   Collected while running a service (source_type user) or for a stated earlier purpose, now used
#   to train, unless training was itself a purpose stated at collection (collected_for_training):
#   then training is the original processing, not further processing under Art 5(1)(b).
reused_for_training(i) if {
	data.cleangate.lib.used_for_training(input.datasets[i])
	input.datasets[i].source_type == "user"
	not training_was_stated_purpose(i)
}

reused_for_training(i) if {
	data.cleangate.lib.used_for_training(input.datasets[i])
	data.cleangate.lib.present(input.datasets[i].personal_data.original_purpose)
	not training_was_stated_purpose(i)
}

# METADATA
# title: Training was a purpose stated at collection
# description: The dataset says the data subjects were told at collection that it would train models.
training_was_stated_purpose(i) if input.datasets[i].personal_data.collected_for_training == true

# METADATA
# title: Reuse needs no compatibility test
# description: >-
#   Art 6(4): consent to the new purpose replaces the compatibility test; Art 5(1)(b) presumes
#   scientific research compatible.
reuse_exempt(i) if input.datasets[i].personal_data.lawful_basis == "consent"

reuse_exempt(_) if lib.research_only

# METADATA
# title: Reusing personal data for training needs a compatibility assessment
# description: >-
#   Personal data collected for one purpose (e.g. support tickets) may be reused for training only
#   if the new purpose is compatible (Art 6(4) test) or has its own basis such as consent.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
# custom:
#   id: GDPR-5-1b
#   regulation: GDPR
#   reference: Art. 5(1)(b), Art. 6(4)
#   severity: block
#   applies_when: >-
#     personal data collected from users or for an earlier purpose is used for training, training was not a
#     purpose stated at collection, not based on consent and not research-only
#   inputs:
#     - /datasets/*/used_for
#     - /datasets/*/source_type
#     - /datasets/*/personal_data/original_purpose
#     - /datasets/*/personal_data/collected_for_training
#     - /datasets/*/personal_data/lawful_basis
#     - /datasets/*/personal_data/purpose_compatibility_assessment
#     - /system/exclusion
#   remediation: >-
#     Link the Art 6(4) assessment in datasets[].personal_data.purpose_compatibility_assessment, or, if the
#     collection notice named training as a purpose, set datasets[].personal_data.collected_for_training.
deny contains finding if {
	some i in personal_datasets
	reused_for_training(i)
	not reuse_exempt(i)
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "purpose_compatibility_assessment")
	finding := data.cleangate.lib.finding(
		"GDPR-5-1b",
		sprintf("%s/purpose_compatibility_assessment", [pd_path(i)]),
		sprintf(
			"dataset %s reuses personal data for training without a purpose-compatibility assessment",
			[input.datasets[i].name],
		),
	)
}

# METADATA
# title: Show how personal data was minimised
# description: >-
#   Only data adequate, relevant and limited to what is necessary may be processed: filtering,
#   pseudonymisation or dropping fields before training. A BOM can only show the measures are
#   named, so a gap warns.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
# custom:
#   id: GDPR-5-1c
#   regulation: GDPR
#   reference: Art. 5(1)(c)
#   severity: warn
#   applies_when: a dataset in GDPR scope
#   inputs:
#     - /datasets/*/personal_data/minimisation
#   remediation: >-
#     Describe the minimisation measures (redaction, pseudonymisation, field filtering) in
#     datasets[].personal_data.minimisation.
warn contains finding if {
	some i in personal_datasets
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "minimisation")
	finding := data.cleangate.lib.finding(
		"GDPR-5-1c",
		sprintf("%s/minimisation", [pd_path(i)]),
		sprintf("dataset %s names no data-minimisation measures", [input.datasets[i].name]),
	)
}

# METADATA
# title: Personal data needs a retention limit
# description: >-
#   Identifiable data may be kept no longer than needed; raw corpora, logs and prompts need a
#   retention period.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
# custom:
#   id: GDPR-5-1e
#   regulation: GDPR
#   reference: Art. 5(1)(e)
#   severity: block
#   applies_when: a dataset in GDPR scope
#   inputs:
#     - /datasets/*/personal_data/retention
#   remediation: State the retention period or deletion rule in datasets[].personal_data.retention.
deny contains finding if {
	some i in personal_datasets
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "retention")
	finding := data.cleangate.lib.finding(
		"GDPR-5-1e",
		sprintf("%s/retention", [pd_path(i)]),
		sprintf("dataset %s states no retention period for its personal data", [input.datasets[i].name]),
	)
}

# --- Art 17 erasure readiness -----------------------------------------------------------------

# METADATA
# title: Erasure gaps of training datasets
# description: >-
#   Pairs [i, why] saying why an erasure request could not be carried through to the model
#   trained on dataset i.
erasure_gaps contains [i, "no erasure mechanism (machine unlearning, adapter removal or retraining) is named"] if {
	some i in personal_datasets
	not input.datasets[i].personal_data.erasure.mechanism
}

erasure_gaps contains [i, "the erasure mechanism is 'none'"] if {
	some i in personal_datasets
	input.datasets[i].personal_data.erasure.mechanism == "none"
}

erasure_gaps contains [i, "output filtering alone may not amount to erasure"] if {
	some i in personal_datasets
	input.datasets[i].personal_data.erasure.mechanism == "filtering"
}

erasure_gaps contains [i, "no erasure plan or runbook is linked"] if {
	some i in personal_datasets
	input.datasets[i].personal_data.erasure.mechanism
	input.datasets[i].personal_data.erasure.mechanism != "none"
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, ["erasure", "plan"])
}

erasure_gaps contains [i, msg] if {
	some i in personal_datasets
	input.datasets[i].personal_data.erasure.mechanism == "adapter-removal"
	some model in input.models
	some adapter in model.adapters
	input.datasets[i].name in adapter.datasets
	adapter.removable == false
	msg := sprintf("erasure relies on adapter removal but adapter %s is not removable", [adapter.name])
}

# METADATA
# title: Be ready to erase personal data from trained models
# description: >-
#   A model trained on personal data is not anonymous by default (EDPB Opinion 28/2024), so an
#   erasure or objection request can reach the model: plan retraining, machine unlearning or
#   removal of the adapter trained on the data. The link to unlearning is an interpretation.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_17
# custom:
#   id: GDPR-17
#   regulation: GDPR
#   reference: Art. 17, Art. 21; EDPB Opinion 28/2024
#   severity: warn
#   applies_when: >-
#     a dataset in GDPR scope is used for training or fine-tuning, unless the trained model was assessed
#     as anonymous
#   inputs:
#     - /datasets/*/used_for
#     - /datasets/*/personal_data/erasure/mechanism
#     - /datasets/*/personal_data/erasure/plan
#     - /datasets/*/personal_data/erasure/model_anonymity_assessment
#     - /models/*/adapters/*/datasets
#     - /models/*/adapters/*/removable
#   remediation: >-
#     Set datasets[].personal_data.erasure.mechanism (machine-unlearning, adapter-removal or retraining)
#     and link the runbook in erasure.plan, or link a model anonymity assessment.
warn contains finding if {
	some pair in erasure_gaps
	i := pair[0]
	gap := pair[1]
	data.cleangate.lib.used_for_training(input.datasets[i])
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, ["erasure", "model_anonymity_assessment"])
	finding := data.cleangate.lib.finding(
		"GDPR-17",
		sprintf("%s/erasure", [pd_path(i)]),
		sprintf("dataset %s: %s", [input.datasets[i].name, gap]),
	)
}

# --- Art 22 automated decisions ---------------------------------------------------------------

# METADATA
# title: Solely automated decisions with legal or similar effects
# description: The system decides about people without meaningful human involvement, with legal or similar effects.
solely_automated_significant if {
	gdpr_applies
	input.system.human_oversight.autonomy == "full"
	input.system.human_oversight.legal_or_similar_effects == true
}

# METADATA
# title: Art 22 gaps
# description: What is missing for a solely automated decision to be allowed.
art22_gaps contains gap if {
	not input.system.human_oversight.art22_exception
	gap := {"path": "/system/human_oversight/art22_exception", "what": "no Art 22(2) ground is stated"}
}

art22_gaps contains gap if {
	review_route_required
	not data.cleangate.lib.present_at(input.system, ["human_oversight", "review_route"])
	gap := {
		"path": "/system/human_oversight/review_route",
		"what": "no route to obtain human intervention, express a view and contest the decision (Art 22(3))",
	}
}

art22_gaps contains gap if {
	some i in personal_datasets
	count(input.datasets[i].personal_data.special_categories) > 0
	not art22_4_condition(i)
	gap := {
		"path": sprintf("%s/art9_condition", [pd_path(i)]),
		"what": sprintf(
			concat("", [
				"dataset %s feeds them special-category data, which needs Art 9(2)(a) explicit consent or ",
				"9(2)(g) substantial public interest whatever the Art 22(2) ground (Art 22(4))",
			]),
			[input.datasets[i].name],
		),
	}
}

# METADATA
# title: Art 22(3) review route is required
# description: >-
#   For the contract and explicit-consent grounds (Art 22(2)(a), (c)) the controller must offer
#   human intervention, a way to express a view and to contest; under the law ground (22(2)(b))
#   the authorising law lays the safeguards down. An unstated ground needs it too (fail closed).
review_route_required if input.system.human_oversight.art22_exception in {"contract", "explicit-consent"}

review_route_required if not input.system.human_oversight.art22_exception

# METADATA
# title: Art 22(4) condition for special-category data
# description: >-
#   The dataset's art9_condition names Art 9(2)(a) (explicit consent) or 9(2)(g) (substantial
#   public interest under Union or Member State law), as "9(2)(a)", "Art. 9(2)(g)" or in words.
art22_4_condition(i) if regex.match(`(?i)9\s*\(\s*2\s*\)\s*\(\s*[ag]\s*\)`, input.datasets[i].personal_data.art9_condition)

art22_4_condition(i) if regex.match(`(?i)explicit consent|substantial public interest`, input.datasets[i].personal_data.art9_condition)

# METADATA
# title: Solely automated decisions need an Art 22(2) ground and safeguards
# description: >-
#   People have the right not to be subject to a decision based solely on automated processing
#   that has legal or similarly significant effects, unless it is necessary for a contract,
#   authorised by law or based on explicit consent, with human intervention and the right to
#   contest (Art 22(3), for the contract and consent grounds). Whatever the ground, special-category
#   data may feed such decisions only under Art 9(2)(a) or (g) (Art 22(4)). Meaningful human review
#   takes a decision outside Art 22.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_22
# custom:
#   id: GDPR-22
#   regulation: GDPR
#   reference: Art. 22
#   severity: block
#   applies_when: >-
#     GDPR applies and system.human_oversight says autonomy full with legal or similar effects
#   inputs:
#     - /system/human_oversight/autonomy
#     - /system/human_oversight/legal_or_similar_effects
#     - /system/human_oversight/art22_exception
#     - /system/human_oversight/review_route
#     - /system/risk/profiling
#     - /datasets/*/personal_data/special_categories
#     - /datasets/*/personal_data/art9_condition
#   remediation: >-
#     Put a human in the loop, or state the Art 22(2) ground in system.human_oversight.art22_exception, link
#     the human-review and contest route in review_route (contract and explicit-consent grounds), and base
#     special-category inputs on Art 9(2)(a) or (g) (datasets[].personal_data.art9_condition).
deny contains finding if {
	solely_automated_significant
	some gap in art22_gaps
	finding := data.cleangate.lib.finding(
		"GDPR-22",
		gap.path,
		sprintf("%s makes solely automated decisions with legal or similar effects: %s", [input.system.name, gap.what]),
	)
}

# --- Art 35 DPIA ----------------------------------------------------------------------------

# METADATA
# title: A DPIA is on record
# description: A system-level DPIA, or one on any dataset in scope.
dpia_on_record if data.cleangate.lib.present(input.governance.dpia)

dpia_on_record if {
	some i in personal_datasets
	data.cleangate.lib.present(input.datasets[i].personal_data.dpia)
}

# METADATA
# title: A DPIA covers dataset i
# description: The dataset's own DPIA or the system-level one.
dataset_dpia(i) if data.cleangate.lib.present(input.datasets[i].personal_data.dpia)

dataset_dpia(_) if data.cleangate.lib.present(input.governance.dpia)

# METADATA
# title: Art 35(3) triggers
# description: The listed cases where a DPIA is always required.
dpia_triggers contains trigger if {
	gdpr_applies
	input.system.human_oversight.legal_or_similar_effects == true
	automated_evaluation
	not dpia_on_record
	trigger := {
		"path": "/system/human_oversight",
		"why": "automated decisions or profiling with legal or similar effects (Art 35(3)(a))",
	}
}

dpia_triggers contains trigger if {
	some i in personal_datasets
	count(input.datasets[i].personal_data.special_categories) > 0
	not dataset_dpia(i)
	trigger := {
		"path": sprintf("%s/dpia", [pd_path(i)]),
		"why": sprintf("dataset %s holds special-category data (Art 35(3)(b))", [input.datasets[i].name]),
	}
}

# METADATA
# title: Systematic automated evaluation of people
# description: Fully automated decisions, or profiling.
automated_evaluation if input.system.human_oversight.autonomy == "full"

automated_evaluation if input.system.risk.profiling == true

# METADATA
# title: Carry out a DPIA before high-risk processing
# description: >-
#   A data protection impact assessment is required before processing likely to result in a high
#   risk, in particular automated decisions or profiling with legal or similar effects (35(3)(a))
#   and large-scale special-category data (35(3)(b)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_35
# custom:
#   id: GDPR-35
#   regulation: GDPR
#   reference: Art. 35(1), 35(3)(a)-(b)
#   severity: block
#   applies_when: >-
#     GDPR applies and the system profiles or decides automatically with legal effects, or processes
#     special categories
#   inputs:
#     - /governance/dpia
#     - /datasets/*/personal_data/dpia
#     - /system/human_oversight/autonomy
#     - /system/human_oversight/legal_or_similar_effects
#     - /system/risk/profiling
#     - /datasets/*/personal_data/special_categories
#   remediation: Carry out the DPIA and link it in governance.dpia or datasets[].personal_data.dpia.
deny contains finding if {
	some trigger in dpia_triggers
	finding := data.cleangate.lib.finding(
		"GDPR-35",
		trigger.path,
		sprintf("%s needs a DPIA: %s", [input.system.name, trigger.why]),
	)
}

# METADATA
# title: Training AI on personal data usually needs a DPIA
# description: >-
#   National DPA lists (Art 35(4)) name innovative technology such as AI among the cases needing
#   a DPIA; training on personal data without one deserves review even outside the 35(3) cases.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_35
# custom:
#   id: GDPR-35-AI
#   regulation: GDPR
#   reference: Art. 35(1), 35(4)
#   severity: warn
#   applies_when: a dataset in GDPR scope is used for training and no DPIA covers it
#   inputs:
#     - /datasets/*/used_for
#     - /datasets/*/personal_data/dpia
#     - /governance/dpia
#   remediation: Carry out a DPIA (or document why the processing is not high-risk) and link it.
warn contains finding if {
	some i in personal_datasets
	data.cleangate.lib.used_for_training(input.datasets[i])
	not dataset_dpia(i)
	count(input.datasets[i].personal_data.special_categories) == 0
	finding := data.cleangate.lib.finding(
		"GDPR-35-AI",
		sprintf("%s/dpia", [pd_path(i)]),
		sprintf("dataset %s trains a model on personal data with no DPIA on record", [input.datasets[i].name]),
	)
}

# --- Art 30 records of processing ------------------------------------------------------------

# METADATA
# title: The organisation keeps system-level records of processing
# description: >-
#   governance.records_of_processing is stated; judged once, not once per personal dataset.
system_records_of_processing if data.cleangate.lib.present_at(input, ["governance", "records_of_processing"])

# METADATA
# title: Keep records of the processing
# description: >-
#   Controllers and processors record purposes, data categories, recipients, transfers, erasure
#   limits and security measures. The Art 30(5) small-organisation exemption is not offered:
#   it never covers processing that is not occasional or involves Art 9 data, as AI pipelines are.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_30
# custom:
#   id: GDPR-30
#   regulation: GDPR
#   reference: Art. 30
#   severity: block
#   applies_when: a dataset in GDPR scope
#   inputs:
#     - /datasets/*/personal_data/records_of_processing
#     - /governance/records_of_processing
#   remediation: >-
#     Link the ROPA entry in datasets[].personal_data.records_of_processing or
#     governance.records_of_processing.
deny contains finding if {
	not system_records_of_processing
	some i in personal_datasets
	not data.cleangate.lib.present_at(input.datasets[i].personal_data, "records_of_processing")
	finding := data.cleangate.lib.finding(
		"GDPR-30",
		sprintf("%s/records_of_processing", [pd_path(i)]),
		sprintf("dataset %s is not in the records of processing activities", [input.datasets[i].name]),
	)
}

# --- Ch. V international transfers -------------------------------------------------------------

# METADATA
# title: Adequacy decisions in force
# description: >-
#   Organisation setting gdpr.adequacy (policies/data/gdpr.json): ISO country code -> the Art 45
#   decision, with `until` (the day a time-limited decision expires) and, for a partial decision,
#   `scope` and `scope_fact` (the transfer field that must be true for the recipient to be covered).
adequacy := {upper(c): entry | some c, entry in data.cleangate.lib.config(["gdpr", "adequacy"], {})}

# METADATA
# title: Transfers outside the EU/EEA
# description: Each transfer of dataset i's personal data to a third country, with its index.
third_country_transfers contains [i, j] if {
	some i in personal_datasets
	some j, transfer in input.datasets[i].personal_data.transfers
	not upper(transfer.country) in lib.eu_regions
}

# METADATA
# title: Transfer gap
# description: Why transfer j of dataset i lacks a Chapter V mechanism.
transfer_gap(i, j) := "no transfer mechanism is stated" if {
	not input.datasets[i].personal_data.transfers[j].mechanism
} else := "the transfer mechanism is 'none'" if {
	input.datasets[i].personal_data.transfers[j].mechanism == "none"
} else := adequacy_gap(input.datasets[i].personal_data.transfers[j]) if {
	input.datasets[i].personal_data.transfers[j].mechanism == "adequacy"
}

# METADATA
# title: Transfer fields a partial adequacy decision can depend on
# description: >-
#   dpf_certified (US, EU-US Data Privacy Framework) and recipient_in_scope (Canada, Japan); an
#   entry naming any other field covers no recipient.
scope_facts := {"dpf_certified", "recipient_in_scope"}

# METADATA
# title: The recipient is within a partial decision's scope
# description: The transfer states the decision's scope fact true.
recipient_covered(transfer, entry) if {
	entry.scope_fact in scope_facts
	object.get(transfer, entry.scope_fact, false) == true
}

# METADATA
# title: Why an adequacy claim does not hold
# description: >-
#   No decision for the country; a time-limited decision expired on or before the judging date;
#   or a partial decision (US: DPF-certified organisations; Canada: PIPEDA commercial
#   organisations; Japan: APPI business operators) whose scope fact is not stated true.
adequacy_gap(transfer) := "no adequacy decision covers this country" if {
	not adequacy[upper(transfer.country)]
} else := msg if {
	entry := adequacy[upper(transfer.country)]
	entry.until
	not lib.as_of < entry.until
	msg := sprintf("the adequacy decision (%s) expired on %s; use SCCs or BCRs", [entry.decision, entry.until])
} else := msg if {
	entry := adequacy[upper(transfer.country)]
	entry.scope_fact
	not recipient_covered(transfer, entry)
	msg := sprintf(
		"the adequacy decision (%s) covers only %s and %s is not stated true for this recipient; use SCCs or BCRs",
		[entry.decision, entry.scope, entry.scope_fact],
	)
}

# METADATA
# title: Transfers outside the EEA need adequacy or safeguards
# description: >-
#   Personal data (training sets, prompts, logs) may leave the EEA only under an adequacy decision
#   (Art 45) in force for the recipient, appropriate safeguards such as SCCs or BCRs (Art 46-47) or
#   a narrow Art 49 derogation. Partial decisions cover only their scope (the US decision only
#   organisations certified under the EU-US Data Privacy Framework), and an expired one covers nothing.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_44
# custom:
#   id: GDPR-44-49
#   regulation: GDPR
#   reference: Art. 44-49
#   severity: block
#   applies_when: a dataset in GDPR scope is transferred to a country outside the EU/EEA
#   inputs:
#     - /datasets/*/personal_data/transfers/*/country
#     - /datasets/*/personal_data/transfers/*/mechanism
#     - /datasets/*/personal_data/transfers/*/dpf_certified
#     - /datasets/*/personal_data/transfers/*/recipient_in_scope
#     - /context/as_of
#   remediation: >-
#     Set datasets[].personal_data.transfers[].mechanism to adequacy (for a country with a decision in force;
#     for the US also dpf_certified, for Canada and Japan recipient_in_scope), scc or bcr, or stop the transfer.
deny contains finding if {
	some pair in third_country_transfers
	i := pair[0]
	j := pair[1]
	gap := transfer_gap(i, j)
	finding := data.cleangate.lib.finding(
		"GDPR-44-49",
		sprintf("%s/transfers/%d", [pd_path(i), j]),
		sprintf("dataset %s goes to %s: %s", [input.datasets[i].name, input.datasets[i].personal_data.transfers[j].country, gap]),
	)
}

# METADATA
# title: SCC or BCR transfers need a transfer impact assessment
# description: >-
#   After Schrems II, safeguards under Art 46 need an assessment of the destination's law and any
#   supplementary measures.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_46
# custom:
#   id: GDPR-46-TIA
#   regulation: GDPR
#   reference: Art. 46; CJEU C-311/18
#   severity: warn
#   applies_when: a dataset in GDPR scope is transferred outside the EU/EEA under SCCs or BCRs
#   inputs:
#     - /datasets/*/personal_data/transfers/*/country
#     - /datasets/*/personal_data/transfers/*/mechanism
#     - /datasets/*/personal_data/transfers/*/transfer_impact_assessment
#   remediation: Link the transfer impact assessment in transfers[].transfer_impact_assessment.
warn contains finding if {
	some pair in third_country_transfers
	i := pair[0]
	j := pair[1]
	input.datasets[i].personal_data.transfers[j].mechanism in {"scc", "bcr"}
	not data.cleangate.lib.present_at(input.datasets[i].personal_data.transfers[j], "transfer_impact_assessment")
	finding := data.cleangate.lib.finding(
		"GDPR-46-TIA",
		sprintf("%s/transfers/%d/transfer_impact_assessment", [pd_path(i), j]),
		sprintf(
			"dataset %s goes to %s under %s without a transfer impact assessment",
			[input.datasets[i].name, input.datasets[i].personal_data.transfers[j].country, input.datasets[i].personal_data.transfers[j].mechanism],
		),
	)
}

# METADATA
# title: Art 49 derogations are for occasional transfers only
# description: >-
#   Explicit consent, contract necessity and the other Art 49 derogations cannot carry the
#   systematic transfers a training pipeline makes.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_49
# custom:
#   id: GDPR-49-DEROGATION
#   regulation: GDPR
#   reference: Art. 49
#   severity: warn
#   applies_when: a dataset in GDPR scope is transferred outside the EU/EEA under an Art 49 derogation
#   inputs:
#     - /datasets/*/personal_data/transfers/*/country
#     - /datasets/*/personal_data/transfers/*/mechanism
#   remediation: Use SCCs, BCRs or an adequacy decision for regular transfers.
warn contains finding if {
	some pair in third_country_transfers
	i := pair[0]
	j := pair[1]
	input.datasets[i].personal_data.transfers[j].mechanism == "derogation"
	finding := data.cleangate.lib.finding(
		"GDPR-49-DEROGATION",
		sprintf("%s/transfers/%d/mechanism", [pd_path(i), j]),
		sprintf("dataset %s goes to %s under an Art 49 derogation", [input.datasets[i].name, input.datasets[i].personal_data.transfers[j].country]),
	)
}

# --- Applicability ---------------------------------------------------------------------------

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains id if {
	count(personal_datasets) > 0
	some id in {"GDPR-6", "GDPR-9", "GDPR-13-14", "GDPR-5-1c", "GDPR-5-1e", "GDPR-30"}
}

applies contains "GDPR-6-LIA" if {
	some i in personal_datasets
	input.datasets[i].personal_data.lawful_basis == "legitimate-interests"
}

applies contains "GDPR-5-1b" if {
	some i in personal_datasets
	reused_for_training(i)
}

applies contains id if {
	some i in personal_datasets
	data.cleangate.lib.used_for_training(input.datasets[i])
	some id in {"GDPR-17", "GDPR-35-AI"}
}

applies contains "GDPR-22" if solely_automated_significant

applies contains "GDPR-35" if gdpr_applies

applies contains id if {
	count(third_country_transfers) > 0
	some id in {"GDPR-44-49", "GDPR-46-TIA", "GDPR-49-DEROGATION"}
}
