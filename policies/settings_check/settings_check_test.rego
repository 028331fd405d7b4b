package cleangate.settings_check_test

import rego.v1

import data.cleangate.settings_check

messages := {f.message | some f in settings_check.deny}

test_shipped_settings_are_valid if {
	count(settings_check.deny) == 0
	"CONFIG-INVALID" in settings_check.applies
}

test_string_instead_of_list_blocks if {
	expected := {"organisation setting cleangate.config.iso42001.blocking_controls must be a list of strings"}
	messages == expected with data.cleangate.config.iso42001.blocking_controls as "A.2.2"
}

test_list_with_non_strings_blocks if {
	count(settings_check.deny) == 1 with data.cleangate.config.copyright.denied_licences as ["GPL-3.0-only", 3]
}

test_enabled_must_be_boolean if {
	expected := {"organisation setting cleangate.config.iso42001.enabled must be true or false"}
	messages == expected with data.cleangate.config.iso42001.enabled as "false"
}

test_unknown_iso_control_blocks if {
	count(settings_check.deny) == 1 with data.cleangate.config.iso42001.blocking_controls as ["A.2.2", "A.99"]
	count(settings_check.deny) == 0 with data.cleangate.config.iso42001.blocking_controls as ["ISO42001-A.2.2", "A.10.3"]
}

test_missing_config_is_not_an_error if {
	count(settings_check.deny) == 0 with data.cleangate.config as {}
}

test_undetermined_severity_is_block_or_warn if {
	count(settings_check.deny) == 0 with data.cleangate.config.undetermined_severity as "warn"
	count(settings_check.deny) == 0 with data.cleangate.config.undetermined_severity as "block"
	expected := {concat("", [
		"organisation setting cleangate.config.undetermined_severity must be block or warn ",
		"(the severity of undetermined blocking duties)",
	])}
	messages == expected with data.cleangate.config.undetermined_severity as "pass"
}
