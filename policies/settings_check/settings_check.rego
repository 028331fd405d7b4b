# METADATA
# title: Organisation settings are well-formed
# description: >-
#   The GDPR, ISO/IEC 42001, C2PA and copyright packages read organisation settings from
#   data.cleangate.config (policies/data/*.json, overridable with --data). A setting of the wrong
#   shape would otherwise be ignored silently (iterating a string yields nothing), turning an
#   intended block into a pass; this package makes it a block instead.
# related_resources:
#   - ref: https://www.openpolicyagent.org/docs/latest/policy-language/#data
#     description: OPA base documents (data)
# custom:
#   regulation: cleangate
package cleangate.settings_check

import rego.v1

# METADATA
# title: Settings that hold lists of strings
# description: Paths under data.cleangate.config whose value must be an array of strings.
string_lists := [
	["iso42001", "blocking_controls"],
	["c2pa", "ai_digital_source_types"],
	["c2pa", "trusted_issuers"],
	["copyright", "allowed_licences"],
	["copyright", "denied_licences"],
	["copyright", "noncommercial_licences"],
	["copyright", "noncommercial_prefixes"],
	["copyright", "tdm_image_modalities"],
]

# METADATA
# title: A list of strings
# description: True for an array whose every element is a string.
list_of_strings(value) if {
	is_array(value)
	every x in value {
		is_string(x)
	}
}

# METADATA
# title: Malformed settings
# description: Pairs [setting, what was expected].
problems contains [concat(".", path), "a list of strings"] if {
	some path in string_lists
	value := object.get(data.cleangate.config, path, [])
	not list_of_strings(value)
}

problems contains ["undetermined_severity", "block or warn (the severity of undetermined blocking duties)"] if {
	value := object.get(data.cleangate.config, "undetermined_severity", "block")
	not value in {"block", "warn"}
}

problems contains ["gdpr.adequacy_countries", "replaced by gdpr.adequacy (country -> decision, scope, until)"] if {
	object.get(data.cleangate.config, ["gdpr", "adequacy_countries"], null) != null
}

problems contains ["gdpr.adequacy", "an object of country code -> {decision, scope, scope_fact, until}"] if {
	value := object.get(data.cleangate.config, ["gdpr", "adequacy"], {})
	not is_object(value)
}

problems contains [sprintf("gdpr.adequacy.%s", [country]), expected] if {
	decisions := object.get(data.cleangate.config, ["gdpr", "adequacy"], {})
	is_object(decisions)
	some country, entry in decisions
	not adequacy_entry_ok(entry)
	expected := concat("", [
		"{decision: text, until: an ISO date (optional), scope: text and scope_fact: dpf_certified or ",
		"recipient_in_scope (optional, together)}",
	])
}

# METADATA
# title: An adequacy entry has the documented shape
# description: A decision name; an optional expiry date; scope and scope_fact only together, naming a transfer field.
adequacy_entry_ok(entry) if {
	is_object(entry)
	is_string(entry.decision)
	every key, _ in entry {
		key in {"decision", "until", "scope", "scope_fact"}
	}
	not bad_until(entry)
	count({k | some k in ["scope", "scope_fact"]; object.get(entry, k, null) != null}) in {0, 2}
	object.get(entry, "scope_fact", "dpf_certified") in {"dpf_certified", "recipient_in_scope"}
}

# METADATA
# title: An adequacy expiry that is not an ISO date
# description: until must be YYYY-MM-DD, or the comparison with the judging date means nothing.
bad_until(entry) if {
	# Only a stated date is checked, and without a regular expression: regorus compiles a pattern
	# on every call, which cost ~0.12 ms per dated decision in every evaluation (the three
	# dated built-in decisions were a fifth of the engine time of a small manifest).
	until := entry.until
	is_string(until)
	not iso_date(until)
}

bad_until(entry) if not is_string(object.get(entry, "until", ""))

# METADATA
# title: An ISO calendar date
# description: >-
#   YYYY-MM-DD with ASCII digits, the shape ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ checked by length, dash
#   positions and digits (no pattern to compile per call).
iso_date(text) if {
	count(text) == 10
	substring(text, 4, 1) == "-"
	substring(text, 7, 1) == "-"
	digits := replace(text, "-", "")
	count(digits) == 8
	trim_left(digits, "0123456789") == ""
}

problems contains ["c2pa.ai_digital_source_types", "IPTC media types; trainedAlgorithmicData is for non-media data"] if {
	"trainedAlgorithmicData" in object.get(data.cleangate.config, ["c2pa", "ai_digital_source_types"], [])
}

problems contains ["iso42001.enabled", "true or false"] if {
	value := object.get(data.cleangate.config, ["iso42001", "enabled"], true)
	not is_boolean(value)
}

problems contains [setting, sprintf("Annex A controls the package checks; %s is not one", [c])] if {
	setting := "iso42001.blocking_controls"
	controls := object.get(data.cleangate.config, ["iso42001", "blocking_controls"], [])
	is_array(controls)
	some c in controls
	is_string(c)
	not trim_prefix(c, "ISO42001-") in object.keys(data.cleangate.iso42001.controls)
}

# METADATA
# title: Organisation settings must have the documented shape
# description: >-
#   A malformed organisation setting (e.g. a string where a list is expected, or an unknown ISO
#   42001 control) blocks every decision until it is fixed, because the rules reading it cannot be
#   trusted to mean what the organisation intended.
# related_resources:
#   - ref: https://www.openpolicyagent.org/docs/latest/policy-language/#data
# custom:
#   id: CONFIG-INVALID
#   regulation: cleangate
#   reference: docs/regulations.md (organisation settings)
#   severity: block
#   applies_when: always
#   remediation: >-
#     Fix the setting in policies/data/*.json or the file passed with --data (see docs/regulations.md).
deny contains finding if {
	some problem in problems
	finding := data.cleangate.lib.finding(
		"CONFIG-INVALID",
		"",
		sprintf("organisation setting cleangate.config.%s must be %s", [problem[0], problem[1]]),
	)
}

# METADATA
# title: Statutory settings the organisation overrides
# description: >-
#   Entries of data.cleangate.config.statutory_overrides: the gate refuses to load organisation data
#   that changes a statutory date, the Art 5 attribute list, the FLOP presumption or the adequacy
#   decisions unless the change is declared there with a reason (service/bundle/statutory.py).
statutory_overrides := object.get(data.cleangate.config, "statutory_overrides", {})

# METADATA
# title: Overridden statutory settings are reported in every decision
# description: >-
#   A statutory value (an AI Act application date or deadline, the Art 5(1)(g) attribute list, the
#   Art 51(2) FLOP presumption, the GDPR adequacy decisions) that the organisation replaced with a
#   declared, reasoned override changes what the rules judge; the decision records it so a reviewer
#   sees which law the verdict was judged against.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_113
# custom:
#   id: CONFIG-STATUTORY-OVERRIDE
#   regulation: cleangate
#   reference: docs/configuration.md (statutory settings)
#   severity: info
#   applies_when: cleangate.config.statutory_overrides declares an override
#   remediation: >-
#     Remove the override once the built-in data follows the change, or keep its reason current.
info contains finding if {
	is_object(statutory_overrides)
	some key, entry in statutory_overrides
	value := object.get(data.cleangate.config, split(key, "."), null)
	finding := data.cleangate.lib.finding(
		"CONFIG-STATUTORY-OVERRIDE",
		"",
		sprintf(
			"statutory setting cleangate.config.%s is overridden by organisation data (now %s): %s",
			[key, json.marshal(value), object.get(entry, "reason", "")],
		),
	)
}

# METADATA
# title: Rules that apply
# description: The settings check applies to every decision.
applies contains "CONFIG-INVALID"

applies contains "CONFIG-STATUTORY-OVERRIDE" if count(statutory_overrides) > 0
