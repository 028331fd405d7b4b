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
	["gdpr", "adequacy_countries"],
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
# title: Rules that apply
# description: The settings check applies to every decision.
applies contains "CONFIG-INVALID"
