# METADATA
# title: EU AI Act roles - who is the provider
# description: >-
#   Art 3(3) makes whoever places or puts a system into service under its own name its provider,
#   downstream providers (Art 3(68)) included, and Art 25 turns a deployer into a provider when it
#   puts its name on the system or modifies it substantially. A manifest that states only the
#   deployer role gets a reminder, because Art 50(1)/(2) bind the provider.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_25
#     description: Regulation (EU) 2024/1689 (AI Act), Art 25
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.roles

import rego.v1

import data.cleangate.lib

# METADATA
# title: Only the deployer role is stated
# description: system.roles has deployer and no provider role (provider, downstream-provider, gpai-provider).
deployer_only if {
	lib.is_deployer
	not lib.is_provider
}

# METADATA
# title: The deployer may be the provider
# description: >-
#   Not a defect: a deployer that offers the system under its own name or trademark, modifies it
#   substantially or changes its intended purpose is its provider (Art 3(3), Art 25), and then the
#   provider duties (Art 50(1)/(2), high-risk obligations) are its own.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_25
# custom:
#   id: AIACT-25-PROVIDER
#   regulation: EU AI Act
#   reference: Art. 3(3), Art. 25(1)
#   severity: info
#   applies_when: the organisation states only the deployer role for a system in the EU
#   remediation: >-
#     If the system runs under your name or trademark, or you built or substantially modified it, add
#     provider (or downstream-provider when it integrates someone else's model) to system.roles.
info contains finding if {
	lib.ai_act_in_scope
	deployer_only
	finding := data.cleangate.lib.finding(
		"AIACT-25-PROVIDER",
		"/system/roles",
		sprintf(
			concat("", [
				"you state only the deployer role for %s: if it runs under your own name or trademark, or you ",
				"modified it substantially, you are its provider (Art 3(3), Art 25) and Art 50(1)/(2) bind you",
			]),
			[input.system.name],
		),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold.
applies contains "AIACT-25-PROVIDER" if {
	lib.ai_act_in_scope
	deployer_only
}
