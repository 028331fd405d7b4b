# METADATA
# title: GDPR - AI vendors and processors, and third-party models
# description: >-
#   A deployer that sends prompts, documents or recordings to an external AI service stays the
#   controller: a processor needs an Art 28 contract and a sub-processor list; a vendor that
#   trains on the data pursues its own purpose, which needs a lawful basis of its own; a vendor
#   outside the EEA needs a Chapter V mechanism (adequacy - for the US only DPF certification -,
#   SCCs with the right module and a transfer impact assessment, BCRs). A deployer of a
#   third-party model checks that it was lawfully developed (EDPB Opinion 28/2024, scenario 2).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_28
#     description: Regulation (EU) 2016/679 (GDPR), Art 28 and Chapter V
#   - ref: https://www.edpb.europa.eu/our-work-tools/our-documents/opinion-board-art-64/opinion-282024-certain-data-protection-aspects_en
#     description: EDPB Opinion 28/2024 on AI models
# custom:
#   regulation: GDPR
package cleangate.gdpr_vendors

import rego.v1

import data.cleangate.lib

# METADATA
# title: Vendors that receive personal data, in GDPR scope
# description: Index of each vendor stated to receive personal data, for a system within GDPR's territorial scope.
personal_vendors contains i if {
	lib.gdpr_territorial_scope
	some i, v in input.system.vendors
	v.receives_personal_data == true
}

# METADATA
# title: Vendor path
# description: JSON pointer of vendor i.
vpath(i) := sprintf("/system/vendors/%d", [i])

# METADATA
# title: Vendor regions outside the EU/EEA
# description: Pairs [i, region] for each region of a personal-data vendor that is not in the EU/EEA.
third_country contains [i, upper(region)] if {
	some i in personal_vendors
	some region in input.system.vendors[i].regions
	not upper(region) in lib.eu_regions
}

# METADATA
# title: Why a vendor transfer lacks a Chapter V mechanism
# description: >-
#   Missing or "none" mechanism, or an adequacy claim that does not hold, judged by the same
#   adequacy settings and scope facts as dataset transfers (cleangate.gdpr.adequacy_gap: US only
#   for DPF-certified recipients, Canada/Japan only within scope, expiring decisions).
transfer_gap(v, _) := "no transfer mechanism is stated" if {
	not v.transfer_mechanism
} else := "the transfer mechanism is 'none'" if {
	v.transfer_mechanism == "none"
}

transfer_gap(v, country) := data.cleangate.gdpr.adequacy_gap(transfer) if {
	v.transfer_mechanism == "adequacy"
	transfer := {
		"country": country,
		"dpf_certified": object.get(v, "dpf_certified", false),
		"recipient_in_scope": object.get(v, "recipient_in_scope", false),
	}
}

# METADATA
# title: Processor without a data processing agreement
# description: >-
#   Processing by a processor must be governed by a contract or other legal act that sets out the
#   subject matter, duration, nature and purpose of the processing and the Art 28(3) terms.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_28
# custom:
#   id: GDPR-28-DPA
#   regulation: GDPR
#   reference: Art. 28(3)
#   severity: block
#   applies_when: a vendor acting as processor receives personal data, in GDPR scope
#   remediation: Sign the vendor's data processing agreement and link it in system.vendors[].dpa.
deny contains finding if {
	some i in personal_vendors
	v := input.system.vendors[i]
	v.role == "processor"
	not data.cleangate.lib.present_at(v, ["dpa"])
	finding := data.cleangate.lib.finding(
		"GDPR-28-DPA", sprintf("%s/dpa", [vpath(i)]),
		sprintf("personal data goes to the processor %s without a data processing agreement", [v.name]),
	)
}

# METADATA
# title: Vendor's GDPR role not stated
# description: Without it the gate cannot tell whether an Art 28 contract is required.
undetermined contains u if {
	some i in personal_vendors
	not data.cleangate.lib.stated(input.system.vendors[i], ["role"])
	u := data.cleangate.lib.undetermined_fact(
		"GDPR-28-DPA", sprintf("%s/role", [vpath(i)]), "processor, controller or joint-controller",
		sprintf("the role of %s is not stated: a processor needs an Art 28 data processing agreement", [input.system.vendors[i].name]),
	)
}

# METADATA
# title: Processor without a sub-processor list
# description: >-
#   A processor engages sub-processors only with the controller's authorisation and informs it of
#   changes (Art 28(2), (4)); the controller needs the list to do so.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_28
# custom:
#   id: GDPR-28-SUB
#   regulation: GDPR
#   reference: Art. 28(2), (4)
#   severity: warn
#   applies_when: a vendor acting as processor receives personal data, in GDPR scope
#   remediation: Link the vendor's sub-processor list in system.vendors[].sub_processors.
warn contains finding if {
	some i in personal_vendors
	v := input.system.vendors[i]
	v.role == "processor"
	not data.cleangate.lib.present_at(v, ["sub_processors"])
	finding := data.cleangate.lib.finding(
		"GDPR-28-SUB", sprintf("%s/sub_processors", [vpath(i)]),
		sprintf("no sub-processor list is recorded for the processor %s", [v.name]),
	)
}

# METADATA
# title: Vendor trains on customer data without a lawful basis of its own
# description: >-
#   A vendor that uses the prompts and documents it receives to train its models processes them
#   for its own purpose, beyond an Art 28 mandate: the disclosure for that purpose needs its own
#   lawful basis (Art 6(1)), and the vendor becomes a controller for it (Art 28(10)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_6
# custom:
#   id: GDPR-VENDOR-TRAIN
#   regulation: GDPR
#   reference: Art. 6(1), Art. 28(10); EDPB Opinion 28/2024
#   severity: block
#   applies_when: a vendor that receives personal data trains on customer data, in GDPR scope
#   remediation: >-
#     Opt out of vendor training (set trains_on_customer_data to false with the contract term), or record
#     the lawful basis for it in system.vendors[].training_lawful_basis.
deny contains finding if {
	some i in personal_vendors
	v := input.system.vendors[i]
	v.trains_on_customer_data == true
	not v.training_lawful_basis
	finding := data.cleangate.lib.finding(
		"GDPR-VENDOR-TRAIN", sprintf("%s/training_lawful_basis", [vpath(i)]),
		sprintf("%s trains on the personal data the system sends it, without a lawful basis for that purpose", [v.name]),
	)
}

# METADATA
# title: Whether the vendor trains on the data is not stated
# description: The fact decides whether a lawful basis for vendor training is needed.
undetermined contains u if {
	some i in personal_vendors
	not data.cleangate.lib.stated(input.system.vendors[i], ["trains_on_customer_data"])
	u := data.cleangate.lib.undetermined_fact(
		"GDPR-VENDOR-TRAIN", sprintf("%s/trains_on_customer_data", [vpath(i)]), "true or false",
		sprintf("cannot tell whether %s trains its models on the personal data you send it", [input.system.vendors[i].name]),
	)
}

# METADATA
# title: Vendor's prompt retention not stated
# description: >-
#   Personal data may be kept no longer than necessary (Art 5(1)(e)); prompts and outputs kept by
#   a vendor are part of the system's retention.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_5
# custom:
#   id: GDPR-VENDOR-RETENTION
#   regulation: GDPR
#   reference: Art. 5(1)(e), Art. 28(3)(g)
#   severity: warn
#   applies_when: a vendor receives personal data, in GDPR scope
#   remediation: Record how long the vendor keeps prompts and outputs in system.vendors[].prompt_retention.
warn contains finding if {
	some i in personal_vendors
	v := input.system.vendors[i]
	not data.cleangate.lib.present_at(v, ["prompt_retention"])
	finding := data.cleangate.lib.finding(
		"GDPR-VENDOR-RETENTION", sprintf("%s/prompt_retention", [vpath(i)]),
		sprintf("how long %s keeps prompts and outputs is not recorded", [v.name]),
	)
}

# METADATA
# title: Transfer to a vendor outside the EEA without a mechanism
# description: >-
#   Sending personal data to a vendor that processes it outside the EU/EEA is a transfer: it needs
#   an adequacy decision (for the US, only DPF-certified recipients), appropriate safeguards (SCCs,
#   BCRs) or an Art 49 derogation, judged like dataset transfers.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj#cpt_V
# custom:
#   id: GDPR-44-49-VENDOR
#   regulation: GDPR
#   reference: Art. 44-46, 49
#   severity: block
#   applies_when: a vendor that receives personal data processes it outside the EU/EEA, in GDPR scope
#   remediation: >-
#     Set system.vendors[].transfer_mechanism (adequacy with dpf_certified true for US vendors, scc with
#     scc_module, bcr), or keep the processing in the EU.
deny contains finding if {
	some pair in third_country
	v := input.system.vendors[pair[0]]
	gap := transfer_gap(v, pair[1])
	finding := data.cleangate.lib.finding(
		"GDPR-44-49-VENDOR", sprintf("%s/transfer_mechanism", [vpath(pair[0])]),
		sprintf("personal data goes to %s in %s: %s", [v.name, pair[1], gap]),
	)
}

# METADATA
# title: SCC or BCR transfer to a vendor without its supporting documents
# description: >-
#   SCCs must use the module that fits the parties' roles, and SCC or BCR transfers need a transfer
#   impact assessment of the destination's law (Art 46; CJEU C-311/18 Schrems II).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/dec_impl/2021/914/oj
# custom:
#   id: GDPR-46-VENDOR
#   regulation: GDPR
#   reference: Art. 46(2)(c); Implementing Decision (EU) 2021/914
#   severity: warn
#   applies_when: a personal-data vendor outside the EU/EEA under SCCs or BCRs, in GDPR scope
#   remediation: Record scc_module and link the transfer impact assessment in system.vendors[].
warn contains finding if {
	some pair in third_country
	v := input.system.vendors[pair[0]]
	v.transfer_mechanism in {"scc", "bcr"}
	some problem in safeguard_problems(v)
	finding := data.cleangate.lib.finding(
		"GDPR-46-VENDOR", vpath(pair[0]),
		sprintf("%s in %s under %s: %s", [v.name, pair[1], v.transfer_mechanism, problem]),
	)
}

safeguard_problems(v) := {p |
	not data.cleangate.lib.present_at(v, ["transfer_impact_assessment"])
	p := "no transfer impact assessment"
} | {p |
	v.transfer_mechanism == "scc"
	not v.scc_module
	p := "the SCC module is not stated"
}

# --- Third-party models (EDPB Opinion 28/2024, scenario 2) -----------------------------------

# METADATA
# title: Models the organisation did not develop
# description: A model it only deploys (role deployer), or a base model it builds on that it does not provide.
third_party_models contains i if {
	lib.gdpr_territorial_scope
	some i, m in input.models
	m.role == "deployer"
}

third_party_models contains i if {
	lib.gdpr_territorial_scope
	some i, m in input.models
	not m.role == "provider"
	m.name in named_as_base
}

# METADATA
# title: Names other model entries give as their base model
# description: >-
#   A model's base_model, unless the model names itself; a set built once, so that finding the
#   base models is linear in the number of models rather than comparing every pair.
named_as_base contains name if {
	some other in input.models
	name := other.base_model
	other.name != name
}

# METADATA
# title: Due-diligence items a third-party model lacks
# description: The reviewed training summary, copyright policy and GDPR statement of the model's provider.
dd_missing(m) := {item |
	some item in ["training_summary_reviewed", "copyright_policy_reviewed", "gdpr_statement"]
	not data.cleangate.lib.present_at(m, ["supplier_due_diligence", item])
}

# METADATA
# title: Third-party model without due diligence on its lawful development
# description: >-
#   A controller that deploys a model developed by someone else must check, as part of its own
#   accountability, that the model was not developed by unlawfully processing personal data
#   (EDPB Opinion 28/2024, scenario 2): the provider's training-content summary, copyright policy
#   and GDPR statement are the usual evidence.
# related_resources:
#   - ref: https://www.edpb.europa.eu/our-work-tools/our-documents/opinion-board-art-64/opinion-282024-certain-data-protection-aspects_en
# custom:
#   id: GDPR-DD-MODEL
#   regulation: GDPR
#   reference: Art. 5(2), Art. 6; EDPB Opinion 28/2024
#   severity: warn
#   applies_when: a model the organisation deploys or builds on but does not provide, in GDPR scope
#   remediation: >-
#     Review the provider's training-content summary, copyright policy and GDPR statement and link them in
#     models[].supplier_due_diligence.
warn contains finding if {
	some i in third_party_models
	m := input.models[i]
	missing := dd_missing(m)
	count(missing) > 0
	finding := data.cleangate.lib.finding(
		"GDPR-DD-MODEL", sprintf("/models/%d/supplier_due_diligence", [i]),
		sprintf("third-party model %s: no record of %s", [m.name, concat(", ", sort(missing))]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains rule if {
	some i in personal_vendors
	input.system.vendors[i].role == "processor"
	some rule in {"GDPR-28-DPA", "GDPR-28-SUB"}
}

applies contains rule if {
	count(personal_vendors) > 0
	some rule in {"GDPR-VENDOR-TRAIN", "GDPR-VENDOR-RETENTION"}
}

applies contains "GDPR-44-49-VENDOR" if count(third_country) > 0

applies contains "GDPR-46-VENDOR" if {
	some pair in third_country
	input.system.vendors[pair[0]].transfer_mechanism in {"scc", "bcr"}
}

applies contains "GDPR-DD-MODEL" if count(third_party_models) > 0
