package cleangate.ai_act.roles_test

import rego.v1

system(roles) := {"system": {"name": "Kiosk", "roles": roles, "deployment": {"regions": ["FR"]}}}

info_ids(d) := {f.rule | some f in data.cleangate.ai_act.roles.info with input as d}

test_deployer_only_gets_the_art25_reminder if "AIACT-25-PROVIDER" in info_ids(system(["deployer"]))

test_provider_and_deployer_get_no_reminder if not "AIACT-25-PROVIDER" in info_ids(system(["provider", "deployer"]))

test_downstream_provider_is_a_provider if {
	not "AIACT-25-PROVIDER" in info_ids(system(["downstream-provider", "deployer"]))
}

test_outside_the_eu_no_reminder if {
	d := {"system": {"name": "Kiosk", "roles": ["deployer"], "deployment": {"regions": ["US"]}}}
	not "AIACT-25-PROVIDER" in info_ids(d)
}
