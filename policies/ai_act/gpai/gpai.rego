# METADATA
# title: EU AI Act Articles 51-55 - general-purpose AI models
# description: >-
#   Duties of providers of general-purpose AI models (applicable since 2 August 2025): Annex XI
#   technical documentation, Annex XII downstream information, a copyright policy honouring TDM
#   opt-outs and a public training-content summary (Art 53); the open-source exemption of
#   Art 53(2); the systemic-risk presumption above 10^25 FLOP, notification and Art 55 duties;
#   the authorised representative of non-EU providers (Art 54). Models placed on the market
#   before 2 August 2025 have until 2 August 2027 (Art 111(3)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#cpt_V
#     description: Regulation (EU) 2024/1689 (AI Act), Chapter V
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.gpai

import rego.v1

import data.cleangate.lib

# METADATA
# title: AI Act settings
# description: Dates, the FLOP threshold and the open-source licence list (policies/data/ai_act.json).
settings := data.cleangate.ai_act.settings.values

# METADATA
# title: Chapter V is in force and the provider is in scope
# description: From 2 August 2025, for models placed on the EU market, outside the scope exclusions.
gpai_in_force if {
	data.cleangate.lib.on_or_after(settings.gpai_application_date)
	lib.ai_act_in_scope
}

# METADATA
# title: GPAI models the submitting organisation provides
# description: >-
#   Index of each model marked gpai whose provider is the submitting organisation (model role
#   "provider", or system role "gpai-provider" when the model states no role).
provided_gpai contains i if {
	gpai_in_force
	some i, model in input.models
	model.gpai == true
	is_model_provider(model)
}

# METADATA
# title: The organisation provides this model
# description: The model's own role says provider, or the organisation is a GPAI provider and the model names no role.
is_model_provider(model) if model.role == "provider"

is_model_provider(model) if {
	not model.role
	"gpai-provider" in input.system.roles
}

# METADATA
# title: The organisation is known not to provide this model
# description: >-
#   The model's role says downstream provider or deployer, or it names none and system.roles (stated)
#   has no gpai-provider.
not_model_provider(model) if model.role in {"downstream-provider", "deployer"}

not_model_provider(model) if {
	not model.role
	data.cleangate.lib.roles_stated
	not "gpai-provider" in input.system.roles
}

# METADATA
# title: Chapter V may apply
# description: The judging date is on or after 2 August 2025, and the EU is reached or no region is stated.
gpai_may_be_in_force if {
	data.cleangate.lib.on_or_after(settings.gpai_application_date)
	lib.ai_act_may_apply
}

# METADATA
# title: Models that may be provided GPAI models
# description: >-
#   Index of each model that no stated fact rules out as a GPAI model the organisation provides, but
#   that is not known to be one: its GPAI status or its role (model or system) is missing, or the region.
maybe_gpai contains i if {
	gpai_may_be_in_force
	some i, model in input.models
	not model.gpai == false
	not not_model_provider(model)
	not i in provided_gpai
}

# METADATA
# title: Facts that decide whether a model's GPAI duties bind
# description: The {path, expected, why} entries of model i (its GPAI status, its role, the territorial reach).
model_unknowns(i) := {u |
	some u in all_model_unknowns
	u.index == i
}

# METADATA
# title: Missing facts of every model that may be a provided GPAI model
# description: One entry per model and missing fact, with the model's index.
all_model_unknowns contains u if {
	some i in maybe_gpai
	not data.cleangate.lib.stated(input.models[i], "gpai")
	u := {
		"index": i, "path": sprintf("/models/%d/gpai", [i]), "expected": "true or false",
		"why": sprintf(
			"models[%d].gpai is not stated for a model you may provide: cannot tell whether Art 53-55 bind you",
			[i],
		),
	}
}

all_model_unknowns contains u if {
	some i in maybe_gpai
	not is_model_provider(input.models[i])
	u := {
		"index": i, "path": sprintf("/models/%d/role", [i]),
		"expected": "provider, downstream-provider or deployer (or gpai-provider in system.roles)",
		"why": sprintf(
			concat("", [
				"neither models[%d].role nor system.roles says whether you provide this model: ",
				"cannot tell whether Art 53-55 bind you",
			]),
			[i],
		),
	}
}

all_model_unknowns contains u if {
	some i in maybe_gpai
	not data.cleangate.lib.regions_stated
	u := {
		"index": i, "path": "/system/deployment/regions",
		"expected": "ISO 3166-1 alpha-2 codes or EU, where the model is placed on the market",
		"why": "no deployment region is stated: cannot tell whether the AI Act reaches the model (Art 2(1))",
	}
}

# METADATA
# title: Models whose duty gaps are computed
# description: Provided GPAI models and those that may be; the gaps of the latter are reported as undetermined.
judged_gpai := provided_gpai | maybe_gpai

# METADATA
# title: Above the Art 51(2) compute threshold
# description: Cumulative training compute greater than 10^25 FLOP presumes high-impact capabilities.
over_threshold(model) if model.training_flop > settings.systemic_risk_flop_threshold

# METADATA
# title: GPAI model with systemic risk
# description: Declared systemic, or presumed so by its training compute (Art 51(1)-(2)).
systemic(model) if model.systemic_risk.declared == true

systemic(model) if over_threshold(model)

# METADATA
# title: Released under a free and open-source licence
# description: Every SPDX id in the licence expression is on the organisation's open-source list.
open_licence(model) if model.licence in open_licence_texts

# METADATA
# title: Licence expressions of this manifest's models that are open
# description: >-
#   Each model's licence judged once: open_licence is asked up to nine times per provided model,
#   and regorus compiles the splitting pattern on every call (~0.1 ms each).
open_licence_texts contains text if {
	some model in input.models
	text := model.licence
	parts := regex.split(`\s+(?:OR|AND|WITH)\s+`, trim(text, "() "))
	every part in parts {
		trim(part, "() ") in open_source_licence_ids
	}
}

# METADATA
# title: The organisation's open-source licence list
# description: settings.open_source_licences as a set, built once per evaluation.
open_source_licence_ids := {l | some l in settings.open_source_licences}

# METADATA
# title: Art 53(2) open-source exemption holds
# description: Open licence, public weights and no systemic risk; exempts from 53(1)(a), (b) and Art 54 only.
open_source_exempt(model) if {
	open_licence(model)
	model.weights_public == true
	not systemic(model)
}

# METADATA
# title: Why the open-source exemption does not help
# description: Explains, for an open model with systemic risk, that Art 53(2) stops short of it.
exemption_note(model) := "; the Art 53(2) open-source exemption does not cover models with systemic risk" if {
	open_licence(model)
	model.weights_public == true
	systemic(model)
} else := ""

# METADATA
# title: Legacy model inside its Art 111(3) grace period
# description: Placed on the market before 2 August 2025 and judged before 2 August 2027.
in_legacy_grace(model) if {
	model.placed_on_market < settings.gpai_application_date
	not data.cleangate.lib.on_or_after(settings.gpai_legacy_deadline)
}

# METADATA
# title: The model's datasets
# description: The datasets the model names, or every dataset in the manifest when it names none.
model_datasets(model) := picked if {
	count(model.datasets) > 0
	names := {n | some n in model.datasets}
	picked := [d | some d in input.datasets; d.name in names]
} else := input.datasets

# METADATA
# title: Template section for each dataset source type
# description: Where the Commission's July 2025 template asks for each kind of source.
source_sections := {
	"public": "2.1",
	"licensed": "2.2.1",
	"third-party-private": "2.2.2",
	"crawled": "2.3",
	"user": "2.4",
	"synthetic": "2.5",
	"other": "2.6",
}

# METADATA
# title: A template section is covered
# description: The summary lists the section itself or its parent (2.2 covers 2.2.1 and 2.2.2).
section_covered(model, section) if section in {s | some s in model.documentation.training_summary.sections}

section_covered(model, section) if {
	some s in model.documentation.training_summary.sections
	startswith(section, sprintf("%s.", [s]))
}

# METADATA
# title: A dataset that did not honour TDM reservations
# description: >-
#   Crawled data where robots.txt or TDMRep opt-outs were ignored, or reserved items kept (DSM Art 4(3)):
#   as the manifest states, or as the gate found in the dataset's collection record (verified.collection_records).
opt_out_ignored(ds) if ds.tdm.robots_txt_honoured == false

opt_out_ignored(ds) if ds.tdm.tdmrep_honoured == false

opt_out_ignored(ds) if ds.tdm.reserved_items_included > 0

opt_out_ignored(ds) if {
	some r in object.get(input, ["verified", "collection_records"], [])
	r.dataset == ds.name
	r.reserved_included > 0
}

# METADATA
# title: Where each dataset is listed
# description: >-
#   The positions in input.datasets of each dataset name, built once, so a gap can point at the
#   dataset's entry by look-up; a scan of every dataset per dataset was quadratic.
dataset_indexes[name] contains j if {
	some j, ds in input.datasets
	name := ds.name
}

# --- Duty gaps: one entry per missing duty, with its rule id ---------------------------------

# METADATA
# title: Duty gaps of each provided GPAI model
# description: >-
#   {rule, path, what} for every Art 51-55 duty a model lacks evidence for; the deny rules turn
#   them into block findings, or AIACT-111-3 into warnings for legacy models in their grace period.
gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	not open_source_exempt(model)
	not data.cleangate.lib.present_at(model, ["documentation", "annex_xi"])
	gap := {
		"rule": "AIACT-53-1a", "index": i, "path": sprintf("/models/%d/documentation/annex_xi", [i]),
		"what": sprintf("%s has no Annex XI technical documentation%s", [model.name, exemption_note(model)]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	not open_source_exempt(model)
	not data.cleangate.lib.present_at(model, ["documentation", "annex_xii"])
	not data.cleangate.lib.present_at(model, ["documentation", "model_card"])
	gap := {
		"rule": "AIACT-53-1b", "index": i, "path": sprintf("/models/%d/documentation/annex_xii", [i]),
		"what": sprintf("%s gives integrators no Annex XII information%s", [model.name, exemption_note(model)]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	not data.cleangate.lib.present_at(model, ["documentation", "copyright_policy"])
	gap := {
		"rule": "AIACT-53-1c", "index": i, "path": sprintf("/models/%d/documentation/copyright_policy", [i]),
		"what": sprintf("%s has no copyright policy (required even for open-source models)", [model.name]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	some ds in model_datasets(model)
	ds.source_type == "crawled"
	opt_out_ignored(ds)
	not ds.tdm.research_exception == true
	some j in dataset_indexes[ds.name]
	gap := {
		"rule": "AIACT-53-1c", "index": i, "path": sprintf("/datasets/%d/tdm", [j]),
		"what": sprintf(
			"%s was trained on %s, whose crawl did not honour machine-readable TDM opt-outs",
			[model.name, ds.name],
		),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	summary := object.get(model, ["documentation", "training_summary"], {})
	not public_summary(summary)
	gap := {
		"rule": "AIACT-53-1d", "index": i, "path": sprintf("/models/%d/documentation/training_summary", [i]),
		"what": sprintf("%s has no public training-content summary (open-source models too)", [model.name]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	not data.cleangate.lib.present_at(model, ["authorised_representative"])
	not input.system.established_in_eu == true
	not open_source_exempt(model)
	gap := {
		"rule": "AIACT-54", "index": i, "path": sprintf("/models/%d/authorised_representative", [i]),
		"what": sprintf("%s is provided from outside the EU without an EU authorised representative", [model.name]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	over_threshold(model)
	not model.systemic_risk.declared == true
	not data.cleangate.lib.present_at(model, ["systemic_risk", "rebuttal"])
	gap := {
		"rule": "AIACT-51-2", "index": i, "path": sprintf("/models/%d/systemic_risk/declared", [i]),
		"what": sprintf(
			"%s: %s x 10^25 training FLOP exceeds %s x 10^25, so systemic risk is presumed but not declared",
			[model.name, two_decimals(model.training_flop / 1e25), two_decimals(settings.systemic_risk_flop_threshold / 1e25)],
		),
	}
}

# METADATA
# title: A number with two decimals
# description: >-
#   "4.00" for 4 on every engine: OPA passes a whole number to sprintf as an integer, so "%.2f"
#   printed "%!f(int64=04)" there (found by the regorus/OPA oracle test). For numbers >= 0.
two_decimals(x) := sprintf("%d.%s", [whole, substring(sprintf("%d", [100 + cents]), 1, 2)]) if {
	hundredths := round(x * 100)
	whole := floor(hundredths / 100)
	cents := hundredths - (whole * 100)
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	systemic(model)
	not model.systemic_risk.commission_notified
	gap := {
		"rule": "AIACT-52-NOTIFY", "index": i, "path": sprintf("/models/%d/systemic_risk/commission_notified", [i]),
		"what": sprintf("%s meets the systemic-risk threshold but the Commission was not notified", [model.name]),
	}
}

gaps contains gap if {
	some i in judged_gpai
	model := input.models[i]
	systemic(model)
	some duty in art55_duties
	not data.cleangate.lib.present(object.get(model, ["systemic_risk", duty.field], ""))
	gap := {
		"rule": "AIACT-55", "index": i, "path": sprintf("/models/%d/systemic_risk/%s", [i, duty.field]),
		"what": sprintf("%s has systemic risk but no %s (Art 55(1)(%s))", [model.name, duty.what, duty.point]),
	}
}

# METADATA
# title: A training-content summary that is public
# description: A URL is given and the summary is marked public.
public_summary(summary) if {
	data.cleangate.lib.present(summary.url)
	summary.public == true
}

# METADATA
# title: Art 55(1) duties and their evidence fields
# description: Evaluation, adversarial testing, risk mitigation, incident reporting and cybersecurity.
art55_duties := [
	{"field": "model_evaluation", "what": "state-of-the-art model evaluation", "point": "a"},
	{"field": "adversarial_testing", "what": "documented adversarial testing", "point": "a"},
	{"field": "risk_mitigation", "what": "systemic-risk assessment and mitigation", "point": "b"},
	{"field": "incident_reporting", "what": "serious-incident reporting process", "point": "c"},
	{"field": "cybersecurity", "what": "adequate cybersecurity protection", "point": "d"},
]

# METADATA
# title: Gaps that block now
# description: >-
#   Gaps of provided models outside the Art 111(3) grace period, decided on stated facts (Art 54
#   needs established_in_eu stated false; unstated, it is undetermined).
blocking_gaps contains gap if {
	some gap in decided_gaps
	not in_legacy_grace(input.models[gap.index])
	not placement_unknown(input.models[gap.index])
}

# METADATA
# title: Gaps decided on stated facts
# description: Gaps of models known to be provided GPAI models, except Art 54 while establishment is unstated.
decided_gaps contains gap if {
	some gap in gaps
	gap.index in provided_gpai
	not art54_undetermined(gap)
}

# METADATA
# title: Art 54 waits for the place of establishment
# description: The gap is Art 54's and system.established_in_eu is not stated.
art54_undetermined(gap) if {
	gap.rule == "AIACT-54"
	not data.cleangate.lib.stated(input.system, "established_in_eu")
}

# METADATA
# title: Placing date decides between block and the Art 111(3) warning, and is missing
# description: Neither the model nor the system names placed_on_market, judged before 2 August 2027.
placement_unknown(model) if {
	not data.cleangate.lib.stated(model, "placed_on_market")
	not data.cleangate.lib.stated(object.get(input.system, "deployment", {}), "placed_on_market")
	not data.cleangate.lib.on_or_after(settings.gpai_legacy_deadline)
}

# METADATA
# title: Art 51-55 duties that cannot be judged
# description: >-
#   A duty gap of a model that may be a provided GPAI model (its GPAI status, role or region missing),
#   an Art 54 gap while establishment is unstated, or a gap whose model has no placing date inside the
#   Art 111(3) window; each missing fact is reported against the duty's rule.
undetermined contains u if {
	some gap in gaps
	gap.index in maybe_gpai
	some fact in model_unknowns(gap.index)
	u := data.cleangate.lib.undetermined_fact(gap.rule, fact.path, fact.expected, fact.why)
}

# METADATA
# title: Art 54 cannot be judged
# description: A provided GPAI model without an EU representative, and establishment is not stated.
undetermined contains u if {
	some gap in gaps
	gap.index in provided_gpai
	art54_undetermined(gap)
	u := data.cleangate.lib.undetermined_fact(
		"AIACT-54", "/system/established_in_eu", "true or false",
		concat("", [
			"system.established_in_eu is not stated: a GPAI provider established outside the EU ",
			"needs an EU authorised representative (Art 54)",
		]),
	)
}

# METADATA
# title: Block or Art 111(3) warning cannot be told apart
# description: A duty gap of a provided GPAI model whose placing date is missing inside the Art 111(3) window.
undetermined contains u if {
	some gap in decided_gaps
	model := input.models[gap.index]
	placement_unknown(model)
	u := data.cleangate.lib.undetermined_fact(
		gap.rule,
		sprintf("/models/%d/placed_on_market", [gap.index]),
		"the ISO date the model was first placed on the market",
		"without the placing date the gate cannot tell a legacy model (Art 111(3): until 2 August 2027) from a new one",
	)
}

# METADATA
# title: Finding from a gap
# description: Builds the finding for a gap of the given rule id.
gap_findings(rule_id) := {data.cleangate.lib.finding(rule_id, gap.path, gap.what) |
	some gap in blocking_gaps
	gap.rule == rule_id
}

# METADATA
# title: Annex XI technical documentation
# description: >-
#   GPAI model providers must draw up and keep up to date technical documentation of the model
#   with at least the Annex XI information, for the AI Office and national authorities on request.
#   Open-source models without systemic risk are exempt (Art 53(2)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
# custom:
#   id: AIACT-53-1a
#   regulation: EU AI Act
#   reference: Art. 53(1)(a), Annex XI
#   severity: block
#   applies_when: >-
#     provider of a GPAI model in the EU, from 2025-08-02 (legacy models from 2027-08-02);
#     not open-source models without systemic risk
#   remediation: >-
#     Write the Annex XI documentation (tasks, architecture, parameters, licence, training data, compute,
#     energy; for systemic-risk models also evaluations and red-teaming) and link it in
#     models[].documentation.annex_xi.
deny contains finding if {
	some finding in gap_findings("AIACT-53-1a")
}

# METADATA
# title: Annex XII information for downstream providers
# description: >-
#   GPAI model providers must give providers who integrate the model the Annex XII information
#   (capabilities, limitations, integration means, input/output formats and sizes, training data).
#   Open-source models without systemic risk are exempt (Art 53(2)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
# custom:
#   id: AIACT-53-1b
#   regulation: EU AI Act
#   reference: Art. 53(1)(b), Annex XII
#   severity: block
#   applies_when: >-
#     provider of a GPAI model in the EU, from 2025-08-02 (legacy models from 2027-08-02);
#     not open-source models without systemic risk
#   remediation: >-
#     Make integrator documentation with the Annex XII items (or a model card covering them) available to
#     downstream providers - it need not be public - and link it in models[].documentation.annex_xii or model_card.
deny contains finding if {
	some finding in gap_findings("AIACT-53-1b")
}

# METADATA
# title: Copyright policy honouring TDM opt-outs
# description: >-
#   GPAI model providers, open-source ones included, must put in place a policy to comply with
#   EU copyright law, in particular to identify and honour reservations of rights expressed under
#   Art 4(3) of Directive (EU) 2019/790 (robots.txt, TDMRep, C2PA/CAWG training-mining).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
# custom:
#   id: AIACT-53-1c
#   regulation: EU AI Act
#   reference: Art. 53(1)(c); Directive (EU) 2019/790 Art. 4(3)
#   severity: block
#   applies_when: >-
#     provider of a GPAI model in the EU, from 2025-08-02 (legacy models from 2027-08-02), open-source or not
#   remediation: >-
#     Adopt and link a copyright policy (models[].documentation.copyright_policy); make crawlers honour
#     robots.txt and TDMRep and drop reserved items, or license them (datasets[].tdm).
deny contains finding if {
	some finding in gap_findings("AIACT-53-1c")
}

# METADATA
# title: Public summary of the training content
# description: >-
#   GPAI model providers, open-source ones included, must publish a sufficiently detailed summary
#   of the content used for training, following the Commission's template (July 2025).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
#   - ref: https://digital-strategy.ec.europa.eu/en/library/explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models
# custom:
#   id: AIACT-53-1d
#   regulation: EU AI Act
#   reference: Art. 53(1)(d), Recital 107
#   severity: block
#   applies_when: >-
#     provider of a GPAI model in the EU, from 2025-08-02 (legacy models from 2027-08-02), open-source or not
#   remediation: >-
#     Publish the training-content summary on the Commission template and record it in
#     models[].documentation.training_summary (url, public: true, last_update, sections).
deny contains finding if {
	some finding in gap_findings("AIACT-53-1d")
}

# METADATA
# title: EU authorised representative of a non-EU GPAI provider
# description: >-
#   Providers established in third countries must appoint, by written mandate, an authorised
#   representative in the EU before placing a GPAI model on the EU market. Open-source models
#   without systemic risk are exempt (Art 54(6)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_54
# custom:
#   id: AIACT-54
#   regulation: EU AI Act
#   reference: Art. 54
#   severity: block
#   applies_when: >-
#     GPAI provider established outside the EU (system.established_in_eu false; unstated is undetermined);
#     not open-source models without systemic risk
#   remediation: Appoint an EU authorised representative and record it in models[].authorised_representative.
deny contains finding if {
	some finding in gap_findings("AIACT-54")
}

# METADATA
# title: Systemic risk presumed above 10^25 FLOP but not declared
# description: >-
#   A GPAI model trained with more than 10^25 FLOP is presumed to have high-impact capabilities
#   and therefore systemic risk; declaring it "not systemic" needs Art 52(2) arguments.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_51
# custom:
#   id: AIACT-51-2
#   regulation: EU AI Act
#   reference: Art. 51(1)-(2), Art. 52(2)
#   severity: block
#   applies_when: provider of a GPAI model whose training compute exceeds the threshold (10^25 FLOP)
#   remediation: >-
#     Set models[].systemic_risk.declared: true and meet Art 55, or document your Art 52(2) arguments in
#     models[].systemic_risk.rebuttal.
deny contains finding if {
	some finding in gap_findings("AIACT-51-2")
}

# METADATA
# title: Commission not notified of a systemic-risk model
# description: >-
#   The provider must notify the Commission without delay and in any event within two weeks
#   after the threshold is met or it becomes known that it will be met.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_52
# custom:
#   id: AIACT-52-NOTIFY
#   regulation: EU AI Act
#   reference: Art. 52(1)
#   severity: block
#   applies_when: provider of a GPAI model with systemic risk (declared or above 10^25 FLOP)
#   remediation: Notify the AI Office and record the date in models[].systemic_risk.commission_notified.
deny contains finding if {
	some finding in gap_findings("AIACT-52-NOTIFY")
}

# METADATA
# title: Duties of providers of systemic-risk GPAI models
# description: >-
#   Providers of GPAI models with systemic risk must evaluate the model including adversarial
#   testing, assess and mitigate systemic risks, track and report serious incidents, and ensure
#   adequate cybersecurity. Open-source release does not exempt them.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_55
# custom:
#   id: AIACT-55
#   regulation: EU AI Act
#   reference: Art. 55(1)(a)-(d), Annex XI Section 2
#   severity: block
#   applies_when: provider of a GPAI model with systemic risk (declared or above 10^25 FLOP)
#   remediation: >-
#     Record the evaluation and red-team reports, the risk-mitigation plan, the incident-reporting process
#     and the cybersecurity measures in models[].systemic_risk.
deny contains finding if {
	some finding in gap_findings("AIACT-55")
}

# METADATA
# title: Legacy GPAI model not yet compliant (Art 111(3) grace period)
# description: >-
#   GPAI models placed on the market before 2 August 2025 must comply by 2 August 2027. Until
#   then each missing duty is a warning; from that day the duty's own rule blocks.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_111
# custom:
#   id: AIACT-111-3
#   regulation: EU AI Act
#   reference: Art. 111(3)
#   severity: warn
#   applies_when: provider of a GPAI model placed on the market before 2025-08-02, judged before 2027-08-02
#   remediation: Close each listed gap before 2 August 2027; the gate blocks from that day.
warn contains finding if {
	some gap in decided_gaps
	in_legacy_grace(input.models[gap.index])
	finding := data.cleangate.lib.finding(
		"AIACT-111-3",
		gap.path,
		sprintf("%s: %s (due by %s)", [gap.rule, gap.what, settings.gpai_legacy_deadline]),
	)
}

# METADATA
# title: Training-content summary is out of date or incomplete
# description: >-
#   The explanatory notice asks for an update at least every six months (or sooner after material
#   new training data), and the template has a section per source type (public, licensed, other
#   third-party, crawled, user, synthetic, other); a summary that omits a source type the BOM
#   shows would be incomplete.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models
# custom:
#   id: AIACT-53-1d-TEMPLATE
#   regulation: EU AI Act
#   reference: Art. 53(1)(d); Commission template of 24 July 2025
#   severity: warn
#   applies_when: provider of a GPAI model with a public training-content summary
#   remediation: >-
#     Update the summary (last_update within about six months) and fill the template section for every
#     source type of the model's datasets (2.1 public, 2.2.1 licensed, 2.2.2 third-party, 2.3 crawled,
#     2.4 user, 2.5 synthetic, 2.6 other); list them in training_summary.sections.
warn contains finding if {
	some i in provided_gpai
	model := input.models[i]
	public_summary(model.documentation.training_summary)
	some problem in summary_problems(model)
	finding := data.cleangate.lib.finding(
		"AIACT-53-1d-TEMPLATE",
		sprintf("/models/%d/documentation/training_summary", [i]),
		sprintf("%s: %s", [model.name, problem]),
	)
}

# METADATA
# title: Problems of a public training-content summary
# description: >-
#   Stale or missing update date, and template sections missing for the datasets' source types.
#   The six-month calendar check stands in only while the latest training-data date is unstated:
#   with training_data_until stated, staleness is keyed to it (AIACT-53-1d-STALE), since the
#   notice asks for updates when new data warrants them, not on the calendar alone.
summary_problems(model) := {p | some p in stale(model)} | {p | some p in missing_sections(model)}

stale(model) := {"the summary names no last_update date"} if {
	not model.documentation.training_summary.last_update
} else := {msg} if {
	not data.cleangate.lib.stated(model, ["documentation", "training_summary", "training_data_until"])
	max_age := settings.training_summary_max_age_days
	updated := time.parse_ns("2006-01-02", model.documentation.training_summary.last_update)
	updated < time.add_date(time.parse_ns("2006-01-02", data.cleangate.lib.as_of), 0, 0, 0 - max_age)
	msg := sprintf(
		"the summary was last updated %s, more than %d days ago",
		[model.documentation.training_summary.last_update, max_age],
	)
} else := set()

missing_sections(model) := {msg |
	some ds in model_datasets(model)
	section := source_sections[ds.source_type]
	not section_covered(model, section)
	msg := sprintf(
		"dataset %s is %s data but the summary does not fill template section %s",
		[ds.name, ds.source_type, section],
	)
}

# METADATA
# title: The Art 53(2) open-source exemption was used
# description: >-
#   Not a defect: the decision records that Annex XI/XII documentation and the Art 54 representative
#   were not required because the model is released openly without systemic risk. The copyright
#   policy and the training summary are still required.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_53
# custom:
#   id: AIACT-53-2
#   regulation: EU AI Act
#   reference: Art. 53(2), Art. 54(6)
#   severity: info
#   applies_when: provider of a GPAI model with an open-source licence, public weights and no systemic risk
#   remediation: Keep the licence, the public weights and the compute figure that support the exemption.
info contains finding if {
	some i in provided_gpai
	model := input.models[i]
	open_source_exempt(model)
	finding := data.cleangate.lib.finding(
		"AIACT-53-2",
		sprintf("/models/%d/licence", [i]),
		sprintf("%s: Art 53(2) open-source exemption applied to Art 53(1)(a)/(b) and Art 54", [model.name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains rule if {
	count(provided_gpai) > 0
	some rule in {"AIACT-53-1c", "AIACT-53-1d"}
}

applies contains rule if {
	some i in provided_gpai
	not open_source_exempt(input.models[i])
	some rule in {"AIACT-53-1a", "AIACT-53-1b"}
}

applies contains "AIACT-53-1d-TEMPLATE" if {
	some i in provided_gpai
	public_summary(input.models[i].documentation.training_summary)
}

applies contains "AIACT-53-2" if {
	some i in provided_gpai
	open_source_exempt(input.models[i])
}

applies contains "AIACT-54" if {
	some i in provided_gpai
	not input.system.established_in_eu == true
	not open_source_exempt(input.models[i])
}

applies contains "AIACT-51-2" if {
	some i in provided_gpai
	over_threshold(input.models[i])
}

applies contains rule if {
	some i in provided_gpai
	systemic(input.models[i])
	some rule in {"AIACT-52-NOTIFY", "AIACT-55"}
}

applies contains "AIACT-111-3" if {
	some i in provided_gpai
	in_legacy_grace(input.models[i])
}
