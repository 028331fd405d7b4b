# METADATA
# title: Training-content summary - template sections and staleness (C(2025) 8311)
# description: >-
#   The Commission's template for the Art 53(1)(d) summary (Communication C(2025) 8311) has
#   sections a provider must fill: 1 general information (1.2 model dependencies when the model is
#   a fine-tune or modification of another model), 2 data sources, 3.1 measures honouring TDM
#   reservations (when data was crawled) and 3.2 removal of illegal content. A manifest records
#   the sections the summary fills (a whole section such as "2" covers its subsections). A summary
#   last updated before the latest training data is out of date, whatever the calendar says.
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models
#     description: Template for the public summary of training content
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.gpai_summary

import rego.v1

# METADATA
# title: Models whose summary the organisation owes
# description: Provided GPAI models and modifications that made the organisation the provider.
owed contains i if some i in data.cleangate.ai_act.gpai.provided_gpai

owed contains i if {
	some pair in data.cleangate.ai_act.gpai_modification.over
	i := pair[0]
}

# METADATA
# title: Summaries to check
# description: Owed summaries that exist (a URL is stated); a missing summary is AIACT-53-1d's job.
checked contains i if {
	some i in owed
	data.cleangate.lib.present_at(input.models[i], ["documentation", "training_summary", "url"])
}

# METADATA
# title: A template section is covered
# description: The section itself, or a parent section ("2" covers "2.3"), is listed.
covered(m, section) if section in object.get(m, ["documentation", "training_summary", "sections"], [])

covered(m, section) if {
	some s in object.get(m, ["documentation", "training_summary", "sections"], [])
	startswith(section, sprintf("%s.", [s]))
}

# METADATA
# title: The model was trained on crawled data
# description: One of its datasets (or, when it names none, any dataset) has source_type crawled.
crawled(m) if {
	some ds in input.datasets
	ds.source_type == "crawled"
	uses(m, ds)
}

uses(m, ds) if ds.name in object.get(m, "datasets", [])

uses(m, _) if count(object.get(m, "datasets", [])) == 0

# METADATA
# title: The model depends on another model
# description: It names a base model or carries adapters.
depends(m) if data.cleangate.lib.present_at(m, ["base_model"])

depends(m) if count(object.get(m, "adapters", [])) > 0

# METADATA
# title: Required sections the summary does not fill
# description: Section number and why it is required.
required contains ["1.1", "provider identification"] if true

required contains ["1.3", "modalities, size and the latest date of data collection"] if true

required contains ["3.2", "measures to remove illegal content"] if true

missing(m) := {sprintf("%s (%s)", [r[0], r[1]]) |
	some r in required
	not covered(m, r[0])
} | {"1.2 (model dependencies: the model is built on another model)" |
	depends(m)
	not covered(m, "1.2")
} | {"3.1 (measures honouring TDM reservations: crawled data was used)" |
	crawled(m)
	not covered(m, "3.1")
} | {"2 (at least one data-source section)" |
	not covered(m, "2")
	not some_source_section(m)
}

some_source_section(m) if {
	some s in object.get(m, ["documentation", "training_summary", "sections"], [])
	startswith(s, "2.")
}

# METADATA
# title: Summary misses sections the template requires
# description: >-
#   The template requires general information (1.1 provider, 1.3 modalities and size; 1.2 model
#   dependencies for a fine-tune or modification), at least one data-source section (2), the TDM
#   reservation measures (3.1) when crawled data was used and the illegal-content measures (3.2).
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models
# custom:
#   id: AIACT-53-1d-SECTIONS
#   regulation: EU AI Act
#   reference: Art. 53(1)(d); Commission template C(2025) 8311, sections 1-3
#   severity: warn
#   applies_when: the organisation provides a GPAI model (or its modification) and states a summary URL, in the EU
#   remediation: >-
#     Fill the missing template sections and list them in models[].documentation.training_summary.sections
#     (a whole section such as "1" covers its subsections).
warn contains finding if {
	some i in checked
	m := input.models[i]
	gaps := missing(m)
	count(gaps) > 0
	finding := data.cleangate.lib.finding(
		"AIACT-53-1d-SECTIONS", sprintf("/models/%d/documentation/training_summary/sections", [i]),
		sprintf("%s: the summary does not fill template section %s", [m.name, concat("; ", sort(gaps))]),
	)
}

# METADATA
# title: Summary older than the latest training data
# description: >-
#   The summary must describe the data the model was actually trained on: when training data
#   newer than the last update was added, the summary needs updating (the explanatory notice asks
#   for updates at least every six months where new data warrants it).
# related_resources:
#   - ref: https://digital-strategy.ec.europa.eu/en/library/explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models
# custom:
#   id: AIACT-53-1d-STALE
#   regulation: EU AI Act
#   reference: Art. 53(1)(d); Commission template C(2025) 8311 (updates)
#   severity: warn
#   applies_when: an owed summary states both last_update and training_data_until, in the EU
#   remediation: Update the summary for the new training data and set training_summary.last_update.
warn contains finding if {
	some i in checked
	ts := input.models[i].documentation.training_summary
	ts.training_data_until > ts.last_update
	finding := data.cleangate.lib.finding(
		"AIACT-53-1d-STALE", sprintf("/models/%d/documentation/training_summary/last_update", [i]),
		sprintf("%s: the summary (updated %s) predates training data up to %s", [input.models[i].name, ts.last_update, ts.training_data_until]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-53-1d-SECTIONS" if count(checked) > 0

applies contains "AIACT-53-1d-STALE" if {
	some i in checked
	data.cleangate.lib.stated(input.models[i], ["documentation", "training_summary", "training_data_until"])
	data.cleangate.lib.stated(input.models[i], ["documentation", "training_summary", "last_update"])
}
