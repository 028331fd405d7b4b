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

test_old_adequacy_country_list_is_refused if {
	some m in messages with data.cleangate.config.gdpr.adequacy_countries as ["US"]
	contains(m, "gdpr.adequacy_countries must be replaced by gdpr.adequacy")
}

test_malformed_adequacy_entries_block if {
	count(settings_check.deny) == 1 with data.cleangate.config.gdpr.adequacy.XX as {"decision": "d", "until": "soon"}
	count(settings_check.deny) == 1 with data.cleangate.config.gdpr.adequacy.XX as {"decision": "d", "scope": "s"}
	count(settings_check.deny) == 1 with data.cleangate.config.gdpr.adequacy.XX as {"decision": "d", "scope": "s", "scope_fact": "trust_me"}
	count(settings_check.deny) == 1 with data.cleangate.config.gdpr.adequacy.XX as "yes"
	count(settings_check.deny) == 1 with data.cleangate.config.gdpr.adequacy as ["US"]
	count(settings_check.deny) == 0 with data.cleangate.config.gdpr.adequacy.XX as {"decision": "d", "until": "2030-01-01"}
}

test_adequacy_expiry_every_bad_shape_blocks if {
	dates := ["2030-1-011", "20300-1-01", "2030--1-01", "2030-01-0x", "2030/01/01", "2030-01-01 ", "2030-12-31"]
	checked := [n | some d in dates; n := count(settings_check.deny) with data.cleangate.config.gdpr.adequacy.XX as {"decision": "d", "until": d}]
	checked == [1, 1, 1, 1, 1, 1, 0]
}

test_declared_statutory_override_is_reported if {
	overrides := {"ai_act.art50_application_date": {"reason": "hypothetical delay act"}}
	found := settings_check.info with data.cleangate.config.statutory_overrides as overrides
		with data.cleangate.config.ai_act.art50_application_date as "2027-01-01"
	[f] := [x | some x in found]
	f.rule == "CONFIG-STATUTORY-OVERRIDE"
	contains(f.message, "ai_act.art50_application_date")
	contains(f.message, "\"2027-01-01\"")
	contains(f.message, "hypothetical delay act")
}

test_no_statutory_override_reports_nothing if {
	count(settings_check.info) == 0
	not "CONFIG-STATUTORY-OVERRIDE" in settings_check.applies
}

test_data_source_type_is_not_an_ai_media_type if {
	count(settings_check.deny) == 1 with data.cleangate.config.c2pa.ai_digital_source_types as ["trainedAlgorithmicData"]
}
