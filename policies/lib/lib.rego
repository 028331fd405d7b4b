# METADATA
# title: Shared helpers for cleangate policies
# description: >-
#   Scope, role and date helpers every regulation package uses, so that rules read like the
#   law ("art50_in_force", "is_provider") instead of repeating conditions.
# scope: package
package cleangate.lib

import rego.v1

# METADATA
# title: The date rules are judged at
# description: input.context.as_of, an ISO date the gate always fills in.
as_of := input.context.as_of

# METADATA
# title: On or after a date
# description: True when the evaluation date is on or after the ISO date given.
on_or_after(day) if as_of >= day

# METADATA
# title: EU/EEA region codes
# description: ISO 3166-1 alpha-2 codes of the EU and EEA states, plus the literal "EU".
eu_regions := {
	"EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
}

# METADATA
# title: Reaches the EU
# description: Placed on the market, put into service or used in the EU/EEA (AI Act Art 2(1)).
in_eu if {
	some region in input.system.deployment.regions
	upper(region) in eu_regions
}

# METADATA
# title: Where the system reaches people is stated
# description: At least one deployment region is given; without one the AI Act's territorial reach is unknown.
regions_stated if count(input.system.deployment.regions) > 0

# METADATA
# title: Excluded from the AI Act
# description: >-
#   Military or research-only (Art 2(3), 2(6), 2(8)). Personal non-professional use (Art 2(10)) is not
#   here: it removes only the duties of deployers who are natural persons (see personal_use).
ai_act_excluded if input.system.exclusion in {"military", "research-only"}

# METADATA
# title: Purely personal, non-professional use
# description: Art 2(10) - removes deployer duties of natural persons, never provider duties or Art 5.
personal_use if input.system.exclusion == "personal-non-professional"

# METADATA
# title: Within the AI Act
# description: Reaches the EU and no scope exclusion applies.
ai_act_in_scope if {
	in_eu
	not ai_act_excluded
}

# METADATA
# title: The AI Act may reach the system
# description: >-
#   In scope, or not known to be out of it because no region is stated. Rules use it to report a
#   missing region as undetermined instead of "not applicable".
ai_act_may_apply if ai_act_in_scope

ai_act_may_apply if {
	not regions_stated
	not ai_act_excluded
}

# METADATA
# title: Roles that make the organisation the system's provider
# description: >-
#   Art 3(3): whoever places or puts the system into service under its own name - including a
#   downstream provider integrating someone else's model (Art 3(68)) and a GPAI provider offering a system.
provider_roles := {"provider", "downstream-provider", "gpai-provider"}

# METADATA
# title: The organisation's roles are stated
# description: system.roles names at least one role.
roles_stated if count(input.system.roles) > 0

# METADATA
# title: Provider of the system
# description: The submitting organisation places the system on the market or puts it into service under its own name.
is_provider if {
	some role in input.system.roles
	role in provider_roles
}

# METADATA
# title: May be the provider
# description: Stated to be a provider, or the roles are not stated at all (then provider duties are undetermined).
may_be_provider if is_provider

may_be_provider if not roles_stated

# METADATA
# title: Deployer of the system
# description: >-
#   The submitting organisation uses the system under its own authority, outside purely personal,
#   non-professional use (Art 3(4), Art 2(10)).
is_deployer if {
	"deployer" in input.system.roles
	not personal_use
}

# METADATA
# title: May be the deployer
# description: Stated to be a deployer, or the roles are not stated at all.
may_be_deployer if is_deployer

may_be_deployer if {
	not roles_stated
	not personal_use
}

# METADATA
# title: Facts that decide whether the AI Act binds this organisation
# description: >-
#   {path, expected, why} for the role and the territorial reach when they are missing; a rule adds
#   its own capability facts and reports each with undetermined_fact.
ai_act_unknowns contains u if {
	not roles_stated
	u := {
		"path": "/system/roles",
		"expected": "one or more of provider, downstream-provider, gpai-provider, deployer, importer, distributor",
		"why": concat("", [
			"system.roles is empty: cannot tell whether Art 50(1)/(2) bind you ",
			"(providers, downstream providers included) or Art 50(3)/(4) (deployers)",
		]),
	}
}

ai_act_unknowns contains u if {
	not regions_stated
	not ai_act_excluded
	u := {
		"path": "/system/deployment/regions",
		"expected": "ISO 3166-1 alpha-2 codes or EU, where the system is placed on the market, put into service or used",
		"why": "no deployment region is stated: cannot tell whether the AI Act reaches the system (Art 2(1))",
	}
}

# METADATA
# title: A text value is given
# description: >-
#   True for a non-empty string; null, missing and blank values are "not stated". Under `not`, use
#   present_at: OPA makes `not present(input.missing)` undefined rather than true.
present(value) if {
	is_string(value)
	trim_space(value) != ""
}

# METADATA
# title: A text value is given at a path
# description: >-
#   present(object.get(obj, path, "")), with path a key or an array of keys. Use it under `not`:
#   OPA treats a call whose argument is undefined as undefined, so `not present(input.missing)`
#   never holds in OPA (regorus differs), while `not present_at(input, "missing")` does in both.
present_at(obj, path) if present(object.get(obj, path, ""))

# METADATA
# title: A fact is stated at a path
# description: >-
#   object.get(obj, path, null) is not null: true for false, 0 and [] too, so "stated false" and
#   "not stated" stay apart. Safe under `not` in OPA and regorus alike (the argument is always defined).
stated(obj, path) if object.get(obj, path, null) != null

# METADATA
# title: Build a finding
# description: >-
#   The one shape every deny/warn/info entry has: the rule id (joined with METADATA by the
#   gate), a JSON pointer into the input document, and a message naming the offending item.
finding(rule_id, path, message) := {"rule": rule_id, "path": path, "message": message}

# METADATA
# title: Build an undetermined entry
# description: >-
#   The one shape of an `undetermined` entry: a fact that decides whether rule `rule_id` applies is
#   missing. `fact_path` is the JSON pointer in the input document where the fact belongs
#   ("/system/roles"), `expected` the values it can take, `why` what it decides. The gate turns each
#   into an undetermined finding (a blocking duty blocks) and lists the fact in the decision's gaps.
undetermined_fact(rule_id, fact_path, expected, why) := {
	"rule": rule_id,
	"path": fact_path,
	"expected": expected,
	"why": why,
}

# --- Helpers for GDPR, ISO/IEC 42001, C2PA and copyright (added with those packages) ---------

# METADATA
# title: Within GDPR's territorial scope
# description: >-
#   The controller is established in the EU/EEA, or the system is offered to people in the
#   EU/EEA (GDPR Art 3(1)-(2)). Unlike the AI Act, GDPR has no research-only exclusion.
gdpr_territorial_scope if in_eu

gdpr_territorial_scope if input.system.established_in_eu == true

# METADATA
# title: Research-only system
# description: Developed and used solely for scientific research, never placed on the market (AI Act Art 2(6)/(8)).
research_only if input.system.exclusion == "research-only"

# METADATA
# title: Organisation setting
# description: >-
#   A value from data.cleangate.config (policies/data/*.json, overridable with --data), or the
#   default given when the organisation has not set it. `path` is an array of keys.
config(path, default_value) := object.get(data.cleangate.config, path, default_value)

config(path, default_value) := default_value if not data.cleangate.config

# METADATA
# title: Training use
# description: >-
#   The dataset is used to train or fine-tune a model (so erasure and TDM duties reach the model):
#   its used_for says so, or it states no use at all and a model or adapter lists it among its
#   datasets. Unstated use of a dataset attached to a model counts as training, so leaving
#   used_for out cannot switch off the TDM, CLEAR Act and GDPR training rules; stating another
#   use (evaluation, inference) is what takes a dataset out of them.
used_for_training(dataset) if {
	some use in dataset.used_for
	use in {"training", "fine-tuning"}
}

used_for_training(dataset) if {
	count(object.get(dataset, "used_for", [])) == 0
	attached_to_model(dataset)
}

# METADATA
# title: A model or adapter lists the dataset
# description: The dataset's name is in some model's datasets, or in the datasets of one of its adapters.
attached_to_model(dataset) if {
	some model in input.models
	dataset.name in model.datasets
}

attached_to_model(dataset) if {
	some model in input.models
	some adapter in model.adapters
	dataset.name in adapter.datasets
}

# --- digitalSourceType: one vocabulary for every package (C2PA, Art 50) -----------------------

# METADATA
# title: IPTC digital source type URI prefix
# description: The IPTC NewsCodes vocabulary C2PA 2.2 §18.14 uses for digitalSourceType.
iptc_digital_source_type_prefix := "http://cv.iptc.org/newscodes/digitalsourcetype/"

# METADATA
# title: IPTC digital source types that say "made or changed by AI"
# description: >-
#   Organisation setting c2pa.ai_digital_source_types (IPTC names): by default
#   trainedAlgorithmicMedia (generated), compositeWithTrainedAlgorithmicMedia (AI edits of a
#   capture, e.g. generative fill), compositeSynthetic and algorithmicMedia. Every package that
#   judges a digitalSourceType uses this one list, so none accepts what another blocks.
ai_media_source_types := {t | some t in config(
	["c2pa", "ai_digital_source_types"],
	["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "compositeSynthetic", "algorithmicMedia"],
)}

# METADATA
# title: Name of a digitalSourceType
# description: >-
#   The IPTC name of a digitalSourceType given as the IPTC URI (http or https) or as the bare
#   name; any other URI has no name here, so it never counts as an AI type.
digital_source_type_name(uri) := name if {
	is_string(uri)
	not contains(uri, "/")
	name := uri
} else := name if {
	is_string(uri)
	some prefix in {iptc_digital_source_type_prefix, replace(iptc_digital_source_type_prefix, "http:", "https:")}
	startswith(uri, prefix)
	name := trim_right(trim_prefix(uri, prefix), "/")
}

# METADATA
# title: The digitalSourceType says the media was made or changed by AI
# description: >-
#   An IPTC AI type. C2PA's trainedAlgorithmicData is for model outputs that are data (CSV,
#   tensors), not media (C2PA 2.2 §18.14.4.5), so it never marks an image, audio, video or text output.
ai_media_source_type(uri) if digital_source_type_name(uri) in ai_media_source_types

# METADATA
# title: A digitalSourceType meant for non-media data
# description: C2PA's trainedAlgorithmicData, as its C2PA URI or bare name.
data_source_type(uri) if uri in {"http://c2pa.org/digitalsourcetype/trainedAlgorithmicData", "trainedAlgorithmicData"}
