# METADATA
# title: ISO/IEC 42001:2023 - AI management system controls an AI-BOM can evidence
# description: >-
#   ISO/IEC 42001 is a voluntary, certifiable management-system standard. A BOM can only show that
#   the artefacts for the Annex A controls exist and are linked, so a missing one warns, unless the
#   organisation lists the control in data.cleangate.config.iso42001.blocking_controls (then the
#   -BLOCK variant blocks instead). Research-only systems get INFO findings. Generated rule text
#   follows third-party restatements of Annex A (the standard is paywalled).
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023
# custom:
#   regulation: ISO/IEC 42001
package cleangate.iso42001

import rego.v1

import data.cleangate.lib

# METADATA
# title: ISO 42001 checks are enabled
# description: Organisation setting iso42001.enabled (default true); false turns the package off.
enabled if data.cleangate.lib.config(["iso42001", "enabled"], true) == true

# METADATA
# title: Controls the organisation makes blocking
# description: Organisation setting iso42001.blocking_controls, e.g. ["A.2.2", "A.5.2"] (ISO42001- prefix optional).
blocking_controls := {trim_prefix(c, "ISO42001-") |
	some c in data.cleangate.lib.config(["iso42001", "blocking_controls"], [])
}

# METADATA
# title: The system is being deployed
# description: >-
#   It names where it is deployed, runs in production or has been placed on the market; a bare
#   description of a system nobody deploys yet has no management-system evidence to show.
deployed if count(input.system.deployment.regions) > 0

deployed if input.system.deployment.environment == "production"

deployed if input.system.deployment.placed_on_market

# METADATA
# title: ISO 42001 findings are warnings or blocks
# description: Enabled, the system is being deployed and it is not a research-only prototype.
normative if {
	enabled
	deployed
	not lib.research_only
}

# METADATA
# title: Governance evidence is linked
# description: The governance field for a control holds a reference.
evidenced(field) if data.cleangate.lib.present(input.governance[field])

# METADATA
# title: Annex A controls the BOM can evidence
# description: Control id -> governance field and control name.
controls := {
	"A.2.2": {"field": "ai_policy", "name": "AI policy"},
	"A.3.2": {"field": "roles_and_responsibilities", "name": "AI roles and responsibilities"},
	"A.4.2": {"field": "resources", "name": "Resource documentation"},
	"A.5.2": {"field": "impact_assessment", "name": "AI system impact assessment process"},
	"A.6.1.3": {"field": "lifecycle", "name": "Processes for responsible AI system design and development"},
	"A.7.4": {"field": "data_quality", "name": "Quality of data for AI systems"},
	"A.7.5": {"field": "data_provenance", "name": "Data provenance"},
	"A.8.2": {"field": "interested_parties_information", "name": "System documentation and information for users"},
	"A.9.2": {"field": "responsible_use", "name": "Processes for responsible use of AI systems"},
	"A.10.3": {"field": "third_party_relationships", "name": "Suppliers"},
}

# METADATA
# title: Controls without evidence
# description: Annex A controls whose governance field is empty or missing.
missing contains control if {
	some control, spec in controls
	not evidenced(spec.field)
}

# METADATA
# title: Documented AI policy
# description: >-
#   ISO/IEC 42001 Annex A control A.2.2 (AI policy). The organisation documents a policy for the development or
#   use of AI systems.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.2.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.2.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the AI policy in governance.ai_policy.
warn contains finding if {
	normative
	"A.2.2" in missing
	not "A.2.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.2.2",
		"/governance/ai_policy",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.2.2", controls["A.2.2"].name]),
	)
}

# METADATA
# title: Documented AI policy (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.2.2 (AI policy). The organisation documents a policy for the development or
#   use of AI systems.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.2.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.2.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.2.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the AI policy in governance.ai_policy.
deny contains finding if {
	normative
	"A.2.2" in missing
	"A.2.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.2.2-BLOCK",
		"/governance/ai_policy",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.2.2", controls["A.2.2"].name]),
	)
}

# METADATA
# title: Defined AI roles and responsibilities
# description: >-
#   ISO/IEC 42001 Annex A control A.3.2 (AI roles and responsibilities). Roles and responsibilities for AI are
#   defined and allocated according to the organisation's needs.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.3.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.3.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the RACI or role description in governance.roles_and_responsibilities.
warn contains finding if {
	normative
	"A.3.2" in missing
	not "A.3.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.3.2",
		"/governance/roles_and_responsibilities",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.3.2", controls["A.3.2"].name]),
	)
}

# METADATA
# title: Defined AI roles and responsibilities (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.3.2 (AI roles and responsibilities). Roles and responsibilities for AI are
#   defined and allocated according to the organisation's needs.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.3.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.3.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.3.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the RACI or role description in governance.roles_and_responsibilities.
deny contains finding if {
	normative
	"A.3.2" in missing
	"A.3.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.3.2-BLOCK",
		"/governance/roles_and_responsibilities",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.3.2", controls["A.3.2"].name]),
	)
}

# METADATA
# title: Documented resources for the AI system
# description: >-
#   ISO/IEC 42001 Annex A control A.4.2 (Resource documentation). The data, tooling, computing and human resources
#   the AI system relies on are identified and documented.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.4.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.4.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the resource inventory in governance.resources (the AI-BOM itself can be it).
warn contains finding if {
	normative
	"A.4.2" in missing
	not "A.4.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.4.2",
		"/governance/resources",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.4.2", controls["A.4.2"].name]),
	)
}

# METADATA
# title: Documented resources for the AI system (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.4.2 (Resource documentation). The data, tooling, computing and human resources
#   the AI system relies on are identified and documented.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.4.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.4.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.4.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the resource inventory in governance.resources (the AI-BOM itself can be it).
deny contains finding if {
	normative
	"A.4.2" in missing
	"A.4.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.4.2-BLOCK",
		"/governance/resources",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.4.2", controls["A.4.2"].name]),
	)
}

# METADATA
# title: AI system impact assessment
# description: >-
#   ISO/IEC 42001 Annex A control A.5.2 (AI system impact assessment process). The potential consequences of the
#   AI system for individuals, groups and societies are assessed across its life cycle.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.5.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.5.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the AI system impact assessment in governance.impact_assessment.
warn contains finding if {
	normative
	"A.5.2" in missing
	not "A.5.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.5.2",
		"/governance/impact_assessment",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.5.2", controls["A.5.2"].name]),
	)
}

# METADATA
# title: AI system impact assessment (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.5.2 (AI system impact assessment process). The potential consequences of the
#   AI system for individuals, groups and societies are assessed across its life cycle.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.5.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.5.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.5.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the AI system impact assessment in governance.impact_assessment.
deny contains finding if {
	normative
	"A.5.2" in missing
	"A.5.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.5.2-BLOCK",
		"/governance/impact_assessment",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.5.2", controls["A.5.2"].name]),
	)
}

# METADATA
# title: Responsible life-cycle processes
# description: >-
#   ISO/IEC 42001 Annex A control A.6.1.3 (Processes for responsible AI system design and development). Processes
#   for the responsible design, development, verification, deployment and operation of the AI system are defined.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.6.1.3
#   regulation: ISO/IEC 42001
#   reference: Annex A.6.1.3
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the life-cycle process description in governance.lifecycle.
warn contains finding if {
	normative
	"A.6.1.3" in missing
	not "A.6.1.3" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.6.1.3",
		"/governance/lifecycle",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.6.1.3", controls["A.6.1.3"].name]),
	)
}

# METADATA
# title: Responsible life-cycle processes (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.6.1.3 (Processes for responsible AI system design and development). Processes
#   for the responsible design, development, verification, deployment and operation of the AI system are defined.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.6.1.3-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.6.1.3
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.6.1.3 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the life-cycle process description in governance.lifecycle.
deny contains finding if {
	normative
	"A.6.1.3" in missing
	"A.6.1.3" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.6.1.3-BLOCK",
		"/governance/lifecycle",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.6.1.3", controls["A.6.1.3"].name]),
	)
}

# METADATA
# title: Data quality requirements
# description: >-
#   ISO/IEC 42001 Annex A control A.7.4 (Quality of data for AI systems). Data-quality requirements for the data
#   used to develop and operate the AI system are defined and met.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.7.4
#   regulation: ISO/IEC 42001
#   reference: Annex A.7.4
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the data-quality requirements or report in governance.data_quality.
warn contains finding if {
	normative
	"A.7.4" in missing
	not "A.7.4" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.7.4",
		"/governance/data_quality",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.7.4", controls["A.7.4"].name]),
	)
}

# METADATA
# title: Data quality requirements (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.7.4 (Quality of data for AI systems). Data-quality requirements for the data
#   used to develop and operate the AI system are defined and met.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.7.4-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.7.4
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.7.4 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the data-quality requirements or report in governance.data_quality.
deny contains finding if {
	normative
	"A.7.4" in missing
	"A.7.4" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.7.4-BLOCK",
		"/governance/data_quality",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.7.4", controls["A.7.4"].name]),
	)
}

# METADATA
# title: Data provenance records
# description: >-
#   ISO/IEC 42001 Annex A control A.7.5 (Data provenance). The provenance of data used in the AI system is
#   recorded over the data and system life cycle.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.7.5
#   regulation: ISO/IEC 42001
#   reference: Annex A.7.5
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the data-provenance records in governance.data_provenance.
warn contains finding if {
	normative
	"A.7.5" in missing
	not "A.7.5" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.7.5",
		"/governance/data_provenance",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.7.5", controls["A.7.5"].name]),
	)
}

# METADATA
# title: Data provenance records (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.7.5 (Data provenance). The provenance of data used in the AI system is
#   recorded over the data and system life cycle.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.7.5-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.7.5
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.7.5 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the data-provenance records in governance.data_provenance.
deny contains finding if {
	normative
	"A.7.5" in missing
	"A.7.5" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.7.5-BLOCK",
		"/governance/data_provenance",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.7.5", controls["A.7.5"].name]),
	)
}

# METADATA
# title: System documentation and information for users
# description: >-
#   ISO/IEC 42001 Annex A control A.8.2 (System documentation and information for users). Users of the AI
#   system are given the documentation and information they need to use it (A.8.5, information for
#   interested parties, is a separate control).
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.8.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.8.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the user-facing documentation or transparency page in governance.interested_parties_information.
warn contains finding if {
	normative
	"A.8.2" in missing
	not "A.8.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.8.2",
		"/governance/interested_parties_information",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.8.2", controls["A.8.2"].name]),
	)
}

# METADATA
# title: System documentation and information for users (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.8.2 (System documentation and information for users). Users of the AI
#   system are given the documentation and information they need to use it (A.8.5, information for
#   interested parties, is a separate control).
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.8.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.8.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.8.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the user-facing documentation or transparency page in governance.interested_parties_information.
deny contains finding if {
	normative
	"A.8.2" in missing
	"A.8.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.8.2-BLOCK",
		"/governance/interested_parties_information",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.8.2", controls["A.8.2"].name]),
	)
}

# METADATA
# title: Responsible-use process
# description: >-
#   ISO/IEC 42001 Annex A control A.9.2 (Processes for responsible use of AI systems). Processes for the
#   responsible use of the AI system (acceptable use, intended use) are defined.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.9.2
#   regulation: ISO/IEC 42001
#   reference: Annex A.9.2
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the acceptable-use or responsible-use policy in governance.responsible_use.
warn contains finding if {
	normative
	"A.9.2" in missing
	not "A.9.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.9.2",
		"/governance/responsible_use",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.9.2", controls["A.9.2"].name]),
	)
}

# METADATA
# title: Responsible-use process (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.9.2 (Processes for responsible use of AI systems). Processes for the
#   responsible use of the AI system (acceptable use, intended use) are defined.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.9.2-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.9.2
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.9.2 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the acceptable-use or responsible-use policy in governance.responsible_use.
deny contains finding if {
	normative
	"A.9.2" in missing
	"A.9.2" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.9.2-BLOCK",
		"/governance/responsible_use",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.9.2", controls["A.9.2"].name]),
	)
}

# METADATA
# title: Supplier and third-party responsibilities
# description: >-
#   ISO/IEC 42001 Annex A control A.10.3 (Suppliers). Responsibilities are allocated between the organisation, its
#   suppliers and customers, and suppliers are managed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.10.3
#   regulation: ISO/IEC 42001
#   reference: Annex A.10.3
#   severity: warn
#   applies_when: >-
#     ISO 42001 enabled, system deployed (regions, production or placed on market), not research-only, control
#     not listed as blocking
#   remediation: >-
#     Link the supplier and third-party arrangements in governance.third_party_relationships.
warn contains finding if {
	normative
	"A.10.3" in missing
	not "A.10.3" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.10.3",
		"/governance/third_party_relationships",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.10.3", controls["A.10.3"].name]),
	)
}

# METADATA
# title: Supplier and third-party responsibilities (blocking by organisation policy)
# description: >-
#   ISO/IEC 42001 Annex A control A.10.3 (Suppliers). Responsibilities are allocated between the organisation, its
#   suppliers and customers, and suppliers are managed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-A.10.3-BLOCK
#   regulation: ISO/IEC 42001
#   reference: Annex A.10.3
#   severity: block
#   applies_when: >-
#     ISO 42001 enabled, system deployed, not research-only, and A.10.3 listed in iso42001.blocking_controls
#   remediation: >-
#     Link the supplier and third-party arrangements in governance.third_party_relationships.
deny contains finding if {
	normative
	"A.10.3" in missing
	"A.10.3" in blocking_controls
	finding := data.cleangate.lib.finding(
		"ISO42001-A.10.3-BLOCK",
		"/governance/third_party_relationships",
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, "A.10.3", controls["A.10.3"].name]),
	)
}

# METADATA
# title: ISO/IEC 42001 controls not evidenced (research prototype)
# description: >-
#   Research-only systems are outside the AI Act and ISO/IEC 42001 is voluntary; missing Annex A
#   evidence is reported for information so it is ready before any release.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
# custom:
#   id: ISO42001-INFO
#   regulation: ISO/IEC 42001
#   reference: Annex A
#   severity: info
#   applies_when: ISO 42001 enabled and the system is research-only
#   remediation: Link the governance evidence before the system is placed on the market or put into service.
info contains finding if {
	enabled
	lib.research_only
	some control in missing
	finding := data.cleangate.lib.finding(
		"ISO42001-INFO",
		sprintf("/governance/%s", [controls[control].field]),
		sprintf("%s links no evidence for ISO/IEC 42001 %s (%s)", [input.system.name, control, controls[control].name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains sprintf("ISO42001-%s", [control]) if {
	normative
	some control, _ in controls
	not control in blocking_controls
}

applies contains sprintf("ISO42001-%s-BLOCK", [control]) if {
	normative
	some control, _ in controls
	control in blocking_controls
}

applies contains "ISO42001-INFO" if {
	enabled
	lib.research_only
}
