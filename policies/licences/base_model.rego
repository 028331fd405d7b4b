# METADATA
# title: Base models and adapters - the base licence binds the product
# description: >-
#   A fine-tuned or adapted model is a derivative of its base model, so the base model's licence
#   and use restrictions (non-commercial, research-only, no derivatives, regional exclusions,
#   acceptable-use policy) bind the fine-tuned model and every product built on it. The base model
#   must therefore be a model entry whose licence the gate can check, not a bare name.
# related_resources:
#   - ref: https://spdx.org/licenses/
#     description: SPDX licence list
# custom:
#   regulation: Copyright
package cleangate.licences

import rego.v1

import data.cleangate.lib

# METADATA
# title: Models that modify a base model
# description: A model that names a base model, carries adapters or states its modification compute.
modifies_base(m) if data.cleangate.lib.present_at(m, ["base_model"])

modifies_base(m) if count(object.get(m, "adapters", [])) > 0

modifies_base(m) if object.get(m, "modification_flop", null) != null

# METADATA
# title: Model entries by name
# description: >-
#   The indexes of the model entries with each name, built once per evaluation so that finding a
#   model's base is a look-up, not a scan of every model (which made 1,000 models cost 25 s).
model_indexes[name] contains j if {
	some j, b in input.models
	name := b.name
}

# METADATA
# title: Model entries a model names as its base
# description: Indexes of the other model entries whose name is the model's base_model.
base_indexes(i) := {j |
	name := input.models[i].base_model
	some j in model_indexes[name]
	j != i
}

# METADATA
# title: Base-model edges between model entries
# description: For each model's index, the indexes of the model entries it names as its base; built once.
base_graph := {k: edges | some k, _ in input.models; edges := [j | some j in base_indexes(k)]}

# METADATA
# title: The model and every model it derives from
# description: The model's own index and all base models reachable from it (a fine-tune of a fine-tune too).
lineage(i) := graph.reachable(base_graph, [i])

# METADATA
# title: Restrictions that bind a model
# description: >-
#   {restriction, source} pairs: the model's own use_restrictions and those of every base model it
#   derives from, plus "non-commercial" for a base whose every licence choice is non-commercial.
binding_restrictions(i) := {r |
	some j in lineage(i)
	some name in object.get(input.models[j], "use_restrictions", [])
	r := {"restriction": name, "source": j}
} | {r |
	some j in lineage(i)
	j != i
	sprintf("/models/%d", [j]) in data.cleangate.copyright.noncommercial_items
	r := {"restriction": "non-commercial", "source": j}
}

# METADATA
# title: A restriction conflicts with how the product is used
# description: >-
#   non-commercial against commercial use; research-only against commercial or production use of a
#   system that is not research-only; no-derivatives against any fine-tune or adapter; eu-excluded
#   against an EU deployment.
conflicts(_, r) := "the system is used commercially" if {
	r.restriction == "non-commercial"
	data.cleangate.copyright.commercial_use
}

conflicts(_, r) := "the system is used commercially or in production, not solely for research" if {
	r.restriction == "research-only"
	not lib.research_only
	research_only_breached
}

conflicts(i, r) := "the model is a fine-tune or adaptation of it" if {
	r.restriction == "no-derivatives"
	derivative_of_source(i, r.source)
}

conflicts(_, r) := "the system is deployed in the EU/EEA" if {
	r.restriction == "eu-excluded"
	lib.in_eu
}

research_only_breached if data.cleangate.copyright.commercial_use

research_only_breached if input.system.deployment.environment == "production"

derivative_of_source(i, j) if i != j

derivative_of_source(i, j) if {
	i == j
	modifies_base(input.models[i])
}

# METADATA
# title: Where a restriction comes from, for the message
# description: The model's own licence, or the base model it inherits the restriction from.
restriction_source(i, j) := "its own licence" if i == j

restriction_source(i, j) := sprintf("base model %s", [input.models[j].name]) if i != j

# METADATA
# title: Base model is not described as a model entry
# description: >-
#   A model that names a base model (or carries adapters) inherits the base licence and use
#   restrictions, so the base must be a model entry with its licence, acceptable-use policy and
#   provider. A bare name cannot be checked, and adapters without a named base cannot either.
# related_resources:
#   - ref: https://spdx.org/licenses/
# custom:
#   id: LIC-BASE-REF
#   regulation: Copyright
#   reference: Licence terms of the base model (derivative works); Directive 2009/24/EC Art 4(1)(b)
#   severity: block
#   applies_when: a model names a base_model, carries adapters or states modification_flop
#   remediation: >-
#     Add the base model to models[] (name, provider, licence, use_restrictions, acceptable_use_policy)
#     and set models[].base_model to that entry's name.
deny contains finding if {
	not lib.research_only
	some i, m in input.models
	modifies_base(m)
	count(base_indexes(i)) == 0
	finding := data.cleangate.lib.finding(
		"LIC-BASE-REF",
		sprintf("/models/%d/base_model", [i]),
		base_ref_message(m),
	)
}

base_ref_message(m) := msg if {
	data.cleangate.lib.present_at(m, ["base_model"])
	msg := sprintf(
		"model %s names base model %s, which is not a model entry: its licence and use restrictions cannot be checked",
		[m.name, m.base_model],
	)
} else := sprintf(
	"model %s is adapted or fine-tuned but names no base model: the base licence cannot be checked",
	[m.name],
)

# METADATA
# title: Use that the model's or its base model's licence forbids
# description: >-
#   Licence restrictions bind the licensee and every derivative: a non-commercial or research-only
#   base cannot be fine-tuned into a commercial product, a no-derivatives licence forbids fine-tuning
#   at all, and a licence that excludes the EU cannot cover an EU deployment.
# related_resources:
#   - ref: https://creativecommons.org/licenses/by-nc/4.0/legalcode
# custom:
#   id: LIC-USE-RESTRICTED
#   regulation: Copyright
#   reference: Licence terms (use restrictions, derivative works)
#   severity: block
#   applies_when: a model, or a base model it derives from, states use_restrictions or a non-commercial licence
#   remediation: >-
#     Obtain a licence that covers the use (e.g. a commercial licence from the base model's provider),
#     change the use, or build on a base model whose licence allows it.
deny contains finding if {
	not lib.research_only
	some i, m in input.models
	some r in binding_restrictions(i)
	why := conflicts(i, r)
	finding := data.cleangate.lib.finding(
		"LIC-USE-RESTRICTED",
		restriction_path(i, r.source),
		sprintf(
			"model %s is bound by the %s restriction of %s, but %s",
			[m.name, r.restriction, restriction_source(i, r.source), why],
		),
	)
}

restriction_path(i, j) := sprintf("/models/%d/use_restrictions", [i]) if i == j

restriction_path(i, j) := sprintf("/models/%d/base_model", [i]) if i != j

# METADATA
# title: Base model has an acceptable-use policy
# description: Its acceptable_use_policy is linked or its use_restrictions name one.
has_aup(b) if data.cleangate.lib.present_at(b, ["acceptable_use_policy"])

has_aup(b) if "acceptable-use-policy" in object.get(b, "use_restrictions", [])

# METADATA
# title: Base model's acceptable-use policy not reviewed
# description: >-
#   A base model's acceptable-use policy passes to whoever builds on it (most open-weight
#   community licences incorporate theirs); the product's intended purpose should be checked
#   against it and the review recorded.
# related_resources:
#   - ref: https://spdx.org/licenses/
# custom:
#   id: LIC-BASE-AUP
#   regulation: Copyright
#   reference: Licence terms of the base model (acceptable-use policy)
#   severity: warn
#   applies_when: a model derives from a base model that has an acceptable-use policy
#   remediation: >-
#     Check the intended purpose against the base model's acceptable-use policy and link the review in
#     models[].base_terms_review.
warn contains finding if {
	not lib.research_only
	some i, m in input.models
	some j in lineage(i)
	j != i
	has_aup(input.models[j])
	not data.cleangate.lib.present_at(m, ["base_terms_review"])
	finding := data.cleangate.lib.finding(
		"LIC-BASE-AUP",
		sprintf("/models/%d/base_terms_review", [i]),
		sprintf(
			"model %s derives from %s, whose acceptable-use policy binds it; no review against it is recorded",
			[m.name, input.models[j].name],
		),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "LIC-BASE-REF" if {
	not lib.research_only
	some m in input.models
	modifies_base(m)
}

applies contains "LIC-USE-RESTRICTED" if {
	not lib.research_only
	some i, _ in input.models
	count(binding_restrictions(i)) > 0
}

applies contains "LIC-BASE-AUP" if {
	not lib.research_only
	some i, _ in input.models
	some j in lineage(i)
	j != i
	has_aup(input.models[j])
}
