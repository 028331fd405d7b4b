# METADATA
# title: EU AI Act settings
# description: >-
#   Dates and thresholds the AI Act packages share. The values in policies/data/ai_act.json
#   (data.cleangate.config.ai_act) override these defaults, so an organisation can follow a
#   delegated act (e.g. a new FLOP threshold under Art 51(3)) without editing Rego.
# scope: package
package cleangate.ai_act.settings

import rego.v1

# METADATA
# title: Defaults when no data file is loaded
# description: The dates of Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744.
defaults := {
	"prohibitions_application_date": "2025-02-02",
	"gpai_application_date": "2025-08-02",
	"gpai_legacy_deadline": "2027-08-02",
	"art50_application_date": "2026-08-02",
	"art50_2_legacy_deadline": "2026-12-02",
	"annex_iii_application_date": "2027-12-02",
	"annex_i_application_date": "2028-08-02",
	"systemic_risk_flop_threshold": 1e25,
	"training_summary_max_age_days": 183,
	"text_marking_min_tokens": 200,
	"open_source_licences": [],
	"art5_sensitive_attributes": [],
}

# METADATA
# title: Effective settings
# description: The defaults overridden key by key by data.cleangate.config.ai_act.
values := object.union(defaults, data.cleangate.lib.config(["ai_act"], {}))
