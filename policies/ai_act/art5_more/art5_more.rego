# METADATA
# title: EU AI Act Article 5 - further prohibited practices a manifest can state
# description: >-
#   Art 5(1)(ba)/(bb), inserted by Reg. (EU) 2026/1744 and applicable from 2 December 2026: AI
#   generation or manipulation of realistic intimate imagery of an identifiable person without
#   explicit consent, and of child sexual abuse material. Providers are caught where that is the
#   intended purpose or a reasonably foreseeable and reproducible outcome without adequate
#   safeguards (Art 5(1a)); deployers when they use a system for it; manipulation that neither
#   increases exposure nor changes the depicted sexual activity is not "manipulation" (Art 5(1b)).
#   Image, video and audio generators must state their safeguards: unstated is undetermined. Also
#   the points a prohibited-practice screen can answer: 5(1)(a)-(e) and (h).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
#     description: Regulation (EU) 2024/1689 (AI Act), Article 5, as amended by Reg. (EU) 2026/1744
# custom:
#   regulation: EU AI Act
package cleangate.ai_act.art5_more

import rego.v1

import data.cleangate.lib

# METADATA
# title: Date Art 5(1)(ba)/(bb) apply
# description: 2 December 2026 (Reg. (EU) 2026/1744); statutory, not an organisation setting.
ncii_date := "2026-12-02"

# METADATA
# title: Art 5 applies
# description: From 2 February 2025, in the AI Act's scope.
art5_in_force if {
	data.cleangate.lib.on_or_after(data.cleangate.ai_act.settings.values.prohibitions_application_date)
	lib.ai_act_in_scope
}

# METADATA
# title: Art 5(1)(ba)/(bb) apply
# description: From 2 December 2026, in the AI Act's scope.
ncii_in_force if {
	art5_in_force
	data.cleangate.lib.on_or_after(ncii_date)
}

# METADATA
# title: Safeguard facts
# description: Shorthand for input.system.generation_safeguards.
gs := object.get(input.system, "generation_safeguards", {})

# METADATA
# title: Screen answers
# description: Shorthand for input.system.prohibited_practices.
screen := object.get(input.system, "prohibited_practices", {})

# METADATA
# title: Generated media modalities
# description: Image, video and audio outputs of the system.
media := {m | some m in input.system.capabilities.synthetic_output_modalities} & {"image", "video", "audio"}

# METADATA
# title: Visual modalities
# description: Image and video outputs (CSAM).
visual := media & {"image", "video"}

# METADATA
# title: Intimate imagery without verified explicit consent
# description: The stated purpose, no consent verification, and not within the Art 5(1b) editing exclusion.
ncii_purpose_unconsented if {
	gs.intimate_imagery_purpose == true
	not data.cleangate.lib.present_at(gs, ["explicit_consent_verification"])
	not gs.editing_without_more_exposure == true
}

# METADATA
# title: Non-consensual intimate imagery
# description: >-
#   From 2 December 2026 it is prohibited to place on the market, put into service or use an AI
#   system to generate or manipulate realistic images, video or audio of an identifiable person's
#   intimate parts or of them in sexually explicit activity without their explicit consent. A
#   provider is caught where that is the intended purpose, or a reasonably foreseeable and
#   reproducible outcome without reasonable and adequate safeguards; a deployer when it uses the
#   system for it. Art 5(1b): manipulation that neither increases exposure nor changes the
#   depicted sexual activity does not count.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1ba
#   regulation: EU AI Act
#   reference: Art. 5(1)(ba), 5(1a), 5(1b) (Reg. (EU) 2026/1744)
#   severity: block
#   applies_when: an image, video or audio generator, or a system stated to be for intimate imagery, in the EU, from 2026-12-02
#   remediation: >-
#     Verify the depicted person's explicit consent (generation_safeguards.explicit_consent_verification) or
#     drop the purpose; for general generators, put reasonable and adequate safeguards in place and link them
#     in system.generation_safeguards.ncii_safeguards.
deny contains finding if {
	ncii_in_force
	ncii_purpose_unconsented
	finding := data.cleangate.lib.finding(
		"AIACT-5-1ba", "/system/generation_safeguards/explicit_consent_verification",
		sprintf("%s is for intimate imagery of identifiable persons without verified explicit consent, a prohibited practice (%s)", [input.system.name, limb]),
	)
}

limb := "provider and deployer" if {
	lib.is_provider
	lib.is_deployer
} else := "provider" if {
	lib.is_provider
} else := "deployer" if {
	lib.is_deployer
} else := "role not stated"

# METADATA
# title: NCII safeguards of a media generator not stated
# description: >-
#   Without stated safeguards the gate cannot tell whether intimate imagery is a foreseeable and
#   reproducible outcome without adequate safeguards (Art 5(1a)).
undetermined contains u if {
	ncii_in_force
	lib.may_be_provider
	count(media) > 0
	not gs.intimate_imagery_purpose == true
	not data.cleangate.lib.present_at(gs, ["ncii_safeguards"])
	u := data.cleangate.lib.undetermined_fact(
		"AIACT-5-1ba", "/system/generation_safeguards/ncii_safeguards", "a reference to the safeguards (filters, classifiers, policy enforcement)",
		sprintf("%s generates %s: without stated safeguards non-consensual intimate imagery may be a foreseeable outcome (Art 5(1)(ba), 5(1a))", [input.system.name, concat(", ", sort(media))]),
	)
}

# METADATA
# title: CSAM safeguards of an image or video generator not stated
# description: Without stated safeguards the gate cannot tell whether CSAM is a foreseeable outcome (Art 5(1)(bb)).
undetermined contains u if {
	ncii_in_force
	lib.may_be_provider
	count(visual) > 0
	not data.cleangate.lib.present_at(gs, ["csam_safeguards"])
	u := data.cleangate.lib.undetermined_fact(
		"AIACT-5-1bb", "/system/generation_safeguards/csam_safeguards", "a reference to the CSAM safeguards (hash matching, classifiers, training-data filtering)",
		sprintf("%s generates %s: without stated safeguards child sexual abuse material may be a foreseeable outcome (Art 5(1)(bb))", [input.system.name, concat(", ", sort(visual))]),
	)
}

# METADATA
# title: Child sexual abuse material
# description: >-
#   From 2 December 2026 AI systems that generate child sexual abuse material (Directive
#   2011/93/EU) are prohibited, including where it is a foreseeable outcome without adequate
#   safeguards. A system stated to have no CSAM safeguards while generating images or video blocks.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1bb
#   regulation: EU AI Act
#   reference: Art. 5(1)(bb), 5(1a) (Reg. (EU) 2026/1744); Directive 2011/93/EU
#   severity: block
#   applies_when: an image or video generator in the EU, from 2026-12-02
#   remediation: Put CSAM safeguards in place and link them in system.generation_safeguards.csam_safeguards.
deny contains finding if {
	ncii_in_force
	count(visual) > 0
	gs.csam_safeguards == "none"
	finding := data.cleangate.lib.finding(
		"AIACT-5-1bb", "/system/generation_safeguards/csam_safeguards",
		sprintf("%s generates %s with no CSAM safeguards, a prohibited practice", [input.system.name, concat(", ", sort(visual))]),
	)
}


# METADATA
# title: Subliminal, manipulative or deceptive techniques
# description: >-
#   Art 5(1)(a) prohibits AI systems that deploy subliminal, purposefully manipulative or deceptive techniques materially distorting behaviour and causing or likely to cause significant harm. The manifest's prohibited-practice screen states it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1a
#   regulation: EU AI Act
#   reference: Art. 5(1)(a)
#   severity: block
#   applies_when: the prohibited-practice screen answers system.prohibited_practices.harmful_manipulation with true, in the EU, from 2025-02-02
#   remediation: Stop the practice; no transparency notice or consent cures it. Then record false in the screen.
deny contains finding if {
	art5_in_force
	screen.harmful_manipulation == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1a", "/system/prohibited_practices/harmful_manipulation",
		sprintf("%s: subliminal, manipulative or deceptive techniques, a prohibited practice (Art. 5(1)(a))", [input.system.name]),
	)
}

# METADATA
# title: Exploiting vulnerabilities
# description: >-
#   Art 5(1)(b) prohibits AI systems that exploit vulnerabilities due to age, disability or a specific social or economic situation with the same effect. The manifest's prohibited-practice screen states it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1b
#   regulation: EU AI Act
#   reference: Art. 5(1)(b)
#   severity: block
#   applies_when: the prohibited-practice screen answers system.prohibited_practices.exploits_vulnerabilities with true, in the EU, from 2025-02-02
#   remediation: Stop the practice; no transparency notice or consent cures it. Then record false in the screen.
deny contains finding if {
	art5_in_force
	screen.exploits_vulnerabilities == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1b", "/system/prohibited_practices/exploits_vulnerabilities",
		sprintf("%s: exploiting vulnerabilities, a prohibited practice (Art. 5(1)(b))", [input.system.name]),
	)
}

# METADATA
# title: Social scoring
# description: >-
#   Art 5(1)(c) prohibits evaluating or classifying people by social behaviour or personal characteristics where the score leads to detrimental treatment in unrelated contexts or disproportionate treatment. The manifest's prohibited-practice screen states it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1c
#   regulation: EU AI Act
#   reference: Art. 5(1)(c)
#   severity: block
#   applies_when: the prohibited-practice screen answers system.prohibited_practices.social_scoring with true, in the EU, from 2025-02-02
#   remediation: Stop the practice; no transparency notice or consent cures it. Then record false in the screen.
deny contains finding if {
	art5_in_force
	screen.social_scoring == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1c", "/system/prohibited_practices/social_scoring",
		sprintf("%s: social scoring, a prohibited practice (Art. 5(1)(c))", [input.system.name]),
	)
}

# METADATA
# title: Predicting offences from profiling alone
# description: >-
#   Art 5(1)(d) prohibits assessing the risk of a person committing a criminal offence based solely on profiling or personality traits; support to a human assessment based on objective, verifiable facts is not covered. The manifest's prohibited-practice screen states it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1d
#   regulation: EU AI Act
#   reference: Art. 5(1)(d)
#   severity: block
#   applies_when: the prohibited-practice screen answers system.prohibited_practices.crime_prediction_by_profiling with true, in the EU, from 2025-02-02
#   remediation: Stop the practice; no transparency notice or consent cures it. Then record false in the screen.
deny contains finding if {
	art5_in_force
	screen.crime_prediction_by_profiling == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1d", "/system/prohibited_practices/crime_prediction_by_profiling",
		sprintf("%s: predicting offences from profiling alone, a prohibited practice (Art. 5(1)(d))", [input.system.name]),
	)
}

# METADATA
# title: Untargeted scraping of facial images
# description: >-
#   Art 5(1)(e) prohibits AI systems that create or expand facial-recognition databases through the untargeted scraping of facial images from the internet or CCTV footage. The manifest's prohibited-practice screen states it.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1e
#   regulation: EU AI Act
#   reference: Art. 5(1)(e)
#   severity: block
#   applies_when: the prohibited-practice screen answers system.prohibited_practices.untargeted_facial_scraping with true, in the EU, from 2025-02-02
#   remediation: Stop the practice; no transparency notice or consent cures it. Then record false in the screen.
deny contains finding if {
	art5_in_force
	screen.untargeted_facial_scraping == true
	finding := data.cleangate.lib.finding(
		"AIACT-5-1e", "/system/prohibited_practices/untargeted_facial_scraping",
		sprintf("%s: untargeted scraping of facial images, a prohibited practice (Art. 5(1)(e))", [input.system.name]),
	)
}

# METADATA
# title: Real-time remote biometric identification for law enforcement
# description: >-
#   Art 5(1)(h) prohibits real-time remote biometric identification in publicly accessible spaces
#   for law enforcement, except for the narrow objectives of (h)(i)-(iii) with prior authorisation
#   by a judicial or independent administrative authority (Art 5(2)-(3)).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_5
# custom:
#   id: AIACT-5-1h
#   regulation: EU AI Act
#   reference: Art. 5(1)(h), 5(2)-(3)
#   severity: block
#   applies_when: the screen answers realtime_remote_biometric_identification with true and no authorisation is recorded, in the EU
#   remediation: Stop the use, or record the Art 5(3) authorisation in system.prohibited_practices.rbi_authorisation.
deny contains finding if {
	art5_in_force
	screen.realtime_remote_biometric_identification == true
	not data.cleangate.lib.present_at(screen, ["rbi_authorisation"])
	finding := data.cleangate.lib.finding(
		"AIACT-5-1h", "/system/prohibited_practices/realtime_remote_biometric_identification",
		sprintf("%s: real-time remote biometric identification in public spaces without an Art 5(3) authorisation", [input.system.name]),
	)
}

# METADATA
# title: Rules that apply to this system
# description: Rule ids whose conditions of application hold, so a silent rule reads as "passed".
applies contains "AIACT-5-1ba" if {
	ncii_in_force
	count(media) > 0
}

applies contains "AIACT-5-1ba" if {
	ncii_in_force
	gs.intimate_imagery_purpose == true
}

applies contains "AIACT-5-1bb" if {
	ncii_in_force
	count(visual) > 0
}

applies contains rule if {
	art5_in_force
	some rule, key in {"AIACT-5-1a": "harmful_manipulation", "AIACT-5-1b": "exploits_vulnerabilities", "AIACT-5-1c": "social_scoring", "AIACT-5-1d": "crime_prediction_by_profiling", "AIACT-5-1e": "untargeted_facial_scraping", "AIACT-5-1h": "realtime_remote_biometric_identification"}
	data.cleangate.lib.stated(screen, [key])
}
