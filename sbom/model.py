"""The policy input document: the one JSON shape every manifest format becomes.

This is the contract between `sbom/` and `policies/`. Policies read nothing else, so a new
manifest format only has to produce this document, and a policy never needs to know whether
the team wrote CycloneDX or `cleangate.yaml`. The native manifest is this document plus
`apiVersion`, which is why every model forbids unknown fields: a typo in a manifest must be a
named error, not a silently ignored fact that turns a block into a pass.

Field names are snake_case and mirror the vocabulary of ../docs/input.md; every optional fact
defaults to "not stated" (None or empty), never to a value that would make a rule pass.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

ShortText = Annotated[str, StringConstraints(max_length=2_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
"""A reference to evidence: a URL, a document id or a path in the team's repository."""
Day = Annotated[date, Field(strict=False)]
"""An ISO 8601 calendar date; JSON carries it as a string, so it is the one lax type."""

Role = Literal["provider", "deployer", "importer", "distributor", "downstream-provider", "gpai-provider"]
Modality = Literal["text", "image", "audio", "video"]
SourceType = Literal["public", "licensed", "third-party-private", "crawled", "user", "synthetic", "other"]
UseRestriction = Literal[
    "non-commercial", "research-only", "no-derivatives", "eu-excluded", "acceptable-use-policy", "attribution",
    "user-threshold",
]
"""Restrictions a model licence puts on use; on a base model they bind every model built on it."""
DisclosureTiming = Literal["first-interaction", "first-exposure", "after-first-message", "settings-page", "tos-only"]
"""When an Art 50 disclosure reaches people; Art 50(5) wants the first interaction or exposure."""


class Strict(BaseModel):
    """Base for every part of the document: unknown fields are errors, values are not coerced
    from other types (a string "false" is not a boolean)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


HashAlg = Literal[
    "sha256", "sha384", "sha512", "sha3-256", "sha3-384", "sha3-512",
    "blake2b-256", "blake2b-384", "blake2b-512", "blake3", "md5", "sha1",
]
"""CycloneDX 1.6's hash algorithms, in cleangate spelling (lower case)."""


class Hash(Strict):
    alg: HashAlg
    value: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{16,128}$")]


class Artifact(Strict):
    """A file the gate can hash: weights, an adapter, a dataset snapshot (service/evidence/digests.py)."""

    path: Ref = Field(description="Path relative to the manifest (CLI) or the name of an uploaded `evidence` part.")
    hashes: list[Hash] = Field(min_length=1, description="Expected digests; every one is checked.")
    kind: Literal["weights", "adapter", "dataset-snapshot", "config", "other"] = "other"


class ModelSigning(Strict):
    """Where an OpenSSF model-signing signature of a model directory is (service/evidence/model_signatures.py)."""

    model_path: Ref = Field(description="The signed model directory or file, relative to the manifest.")
    signature: Ref = Field(description="The signature bundle (model.sig), relative to the manifest.")


class Deployment(Strict):
    """Where and when the system reaches people; decides territorial scope and transitions."""

    regions: list[Annotated[str, StringConstraints(min_length=2, max_length=10)]] = Field(
        default_factory=list,
        description="ISO 3166-1 alpha-2 codes or 'EU'; the AI Act applies when any is in the EU/EEA.",
    )
    environment: Literal["production", "staging", "test", "research"] | None = None
    placed_on_market: Day | None = Field(
        None, description="First placing on the market or putting into service (Art 3(9)/(11))."
    )
    go_live: Day | None = None
    commercial: bool | None = Field(
        None, description="Used in a commercial activity; unstated means yes for production, no for research."
    )


class Capabilities(Strict):
    """Facts that decide which Article 50 paragraphs apply."""

    interacts_with_persons: bool | None = Field(
        None, description="Intended to interact directly with natural persons (Art 50(1)); unstated leaves "
        "Art 50(1) undetermined for a provider.",
    )
    synthetic_output_modalities: list[Modality] | None = Field(
        None, description="Synthetic content the system generates (Art 50(2)); [] for none. Unstated leaves "
        "Art 50(2) undetermined for a provider.",
    )
    output_kinds: list[Literal["content", "source-code", "short-labels", "machine-to-machine"]] = Field(
        default_factory=list,
        description="What the outputs are; source code and machine-only outputs are out of Art 50(2) scope.",
    )
    max_text_output_tokens: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Longest text output the system produces, in tokens; text outputs of at most "
        "ai_act.text_marking_min_tokens (200) are very short outputs the Art 50 guidelines leave unmarked.",
    )
    deepfake_output: bool = False
    public_interest_text: bool | None = Field(
        None, description="A deployer publishes the generated text to inform the public on matters of public "
        "interest (Art 50(4)); unstated for a text-generating system, Art 50(4) is undetermined.",
    )
    emotion_recognition: bool = False
    emotion_recognition_purpose: Literal["medical", "safety", "other"] | None = Field(
        None, description="What the emotion recognition is intended for; only a medical or safety purpose "
        "lifts the Art 5(1)(f) workplace/education prohibition.",
    )
    biometric_categorisation: bool = False
    law_enforcement_authorised: bool = False
    public_crime_reporting: bool = Field(
        False, description="Available to the public to report a crime: defeats the Art 50(1) law-enforcement exception."
    )


class AiInteractionDisclosure(Strict):
    """Art 50(1): how people are told they are dealing with an AI system."""

    mechanism: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    timing: Literal["first-interaction", "after-first-message", "settings-page", "tos-only"] | None = None
    accessible: bool | None = None
    exemption: Literal["obvious", "law-enforcement", "no-direct-interaction"] | None = None
    exemption_rationale: Ref | None = None
    human_persona: bool = Field(
        False, description="Presents as a human (name, photo avatar): the 'obvious' exemption is then not credible."
    )


class C2paMarking(Strict):
    spec_version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")] | None = None
    modalities: list[Modality] = Field(
        default_factory=list, description="Generated modalities that carry a C2PA manifest."
    )
    digital_source_type: Ref | None = None
    signing_trust: Literal["c2pa-trust-list", "private", "none"] | None = None
    claim_generator: ShortText | None = None
    training_mining: Literal["allowed", "notAllowed", "constrained"] | None = None
    signer: ShortText | None = Field(None, description="Organisation named in the signing certificate.")
    detection: Ref | None = Field(
        None, description="How the C2PA layer is detected (validator URL or API); the Code of Practice expects a "
        "detection route per marking technique.",
    )


class Watermark(Strict):
    scheme: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    modalities: list[Modality] = Field(default_factory=list)
    soft_binding_alg: ShortText | None = None
    inherited_from: Name | None = Field(
        None, description="Name of the model in models[] whose provider embeds this watermark (e.g. a text "
        "watermark of a model API); counts as marking only with `detection` naming the provider's detector.",
    )
    detection: Ref | None = Field(
        None, description="The watermark's detector (URL or API); the Code of Practice expects a detection route "
        "per marking technique. Unstated, `marking.detection` is read as the watermark's route.",
    )
    min_text_tokens: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Shortest text output, in tokens, the text watermark is embedded in. The Code of "
        "Practice expects every free-text output longer than ai_act.text_marking_min_tokens (200) to carry it.",
    )


class MarkingExemption(Strict):
    """An Art 50(2) editing exemption claimed for one generated modality, with the reason it holds."""

    modality: Modality
    exemption: Literal["standard-editing", "no-substantial-alteration"]
    reason: Ref = Field(description="Why the outputs of this modality only edit or do not substantially alter "
                        "the input (a rationale document or its URL).")


class Marking(Strict):
    """Art 50(2): machine-readable marking and detectability of synthetic output."""

    c2pa: C2paMarking | None = None
    watermark: Watermark | None = None
    detection: Ref | None = Field(None, description="URL or API that detects the marking.")
    exemption: Literal["standard-editing", "no-substantial-alteration", "law-enforcement"] | None = Field(
        None, description="Legacy system-wide claim: only law-enforcement still counts; editing exemptions go in "
        "`exemptions`, per modality with a reason.",
    )
    exemptions: list[MarkingExemption] = Field(
        default_factory=list, description="Art 50(2) editing exemptions, one per generated modality they cover.",
    )
    plan_date: Day | None = Field(None, description="When marking will be in place (legacy systems).")


class DeepfakeDisclosure(Strict):
    """Art 50(4) first subparagraph."""

    label: Literal["eu-icon", "text-label", "audio-disclaimer", "watermark-only", "none"] | None = None
    artistic_work: bool = False
    existence_disclosure: ShortText | None = None
    timing: DisclosureTiming | None = None


class PublicInterestTextDisclosure(Strict):
    """Art 50(4) second subparagraph."""

    disclosure: ShortText | None = None
    human_review: bool = False
    editorial_responsible: ShortText | None = None
    timing: DisclosureTiming | None = None


class EmotionNotice(Strict):
    """Art 50(3)."""

    mechanism: ShortText | None = None
    timing: DisclosureTiming | None = None


class Art50CodeOfPractice(Strict):
    """How marking and detection measure up to the Code of Practice on transparency of AI-generated
    content (10 June 2026): voluntary, no presumption of conformity, so the gate only warns."""

    signatory: bool | None = Field(
        None, description="The provider signed the Code. A non-signatory shows Art 50(2) compliance by other means; "
        "the Code gives no presumption of conformity either way.",
    )
    detection_interoperable: bool | None = Field(
        None, description="The detection route is interoperable (Code: expected from 2 February 2027)."
    )
    fingerprinting_or_logging_only: bool = Field(
        False, description="Outputs are identified only by fingerprinting or logging, without marking in the output."
    )


class Transparency(Strict):
    ai_interaction: AiInteractionDisclosure = Field(default_factory=AiInteractionDisclosure)
    marking: Marking = Field(default_factory=Marking)
    emotion_notice: EmotionNotice = Field(default_factory=EmotionNotice)
    deepfake: DeepfakeDisclosure = Field(default_factory=DeepfakeDisclosure)
    public_interest_text: PublicInterestTextDisclosure = Field(default_factory=PublicInterestTextDisclosure)
    code_of_practice: Art50CodeOfPractice = Field(default_factory=Art50CodeOfPractice)


class RiskClassification(Strict):
    annex_iii_point: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        None, description="Annex III point such as '4(a)' or '5(b)', or 'none'."
    )
    annex_i_product: bool = False
    profiling: bool = False
    art6_3_derogation: bool = False
    use_contexts: list[Literal["workplace", "education", "medical", "safety", "law-enforcement", "public"]] = (
        Field(default_factory=list)
    )
    inferred_attributes: list[ShortText] = Field(
        default_factory=list, description="Attributes a biometric categorisation infers (race, religion, ...)."
    )
    art6_3_assessment: Ref | None = Field(None, description="Documented Art 6(3) assessment (Art 6(4)).")
    high_risk_dossier: Ref | None = Field(
        None, description="Deprecated: replaced by `system.high_risk.provider` and `system.high_risk.deployer`. "
        "Still loads; it is read as the provider's technical documentation (Art 11) only, and an INFO says so.",
    )


class HighRiskProvider(Strict):
    """Chapter III duties of the provider of a high-risk system, one evidence reference each."""

    quality_management_system: Ref | None = Field(None, description="Art 17 quality management system.")
    technical_documentation: Ref | None = Field(None, description="Art 11 / Annex IV technical documentation.")
    conformity_assessment: Ref | None = Field(None, description="Art 43 conformity assessment (report or certificate).")
    eu_declaration_of_conformity: Ref | None = Field(None, description="Art 47 EU declaration of conformity.")
    ce_marking: bool | None = Field(None, description="Art 48 CE marking affixed.")
    registration: Ref | None = Field(None, description="Art 49(1) EU database registration (Annex III systems).")
    post_market_monitoring: Ref | None = Field(None, description="Art 72 post-market monitoring plan.")
    serious_incident_reporting: Ref | None = Field(None, description="Art 73 serious-incident reporting procedure.")


class HighRiskDeployer(Strict):
    """Duties of the deployer of a high-risk system (Art 26, 27, 49(3), 86): its own evidence, not the
    provider's dossier."""

    deployer_type: Literal["public-body", "private-public-service", "private"] | None = Field(
        None, description="Body governed by public law, private entity providing public services, or other; decides "
        "Art 27 (FRIA) and Art 49(3) (registration).",
    )
    instructions_followed: Ref | None = Field(
        None, description="Art 26(1) measures to use the system in line with the provider's instructions for use."
    )
    oversight_assigned: Ref | None = Field(
        None, description="Art 26(2) human oversight assigned to competent, trained people with authority."
    )
    log_retention_months: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Art 26(6): how long automatically generated logs are kept (at least 6 months)."
    )
    workers_informed: Ref | None = Field(
        None,
        description="Art 26(7): workers' representatives and affected workers informed before use at the workplace.",
    )
    fundamental_rights_impact_assessment: Ref | None = Field(
        None, description="Art 27 FRIA (public bodies, private public services, Annex III 5(b)/(c))."
    )
    registration: Ref | None = Field(None, description="Art 49(3) / 26(8) registration of the use (public bodies).")
    explanation_route: Ref | None = Field(
        None, description="Art 86: how affected persons get a clear explanation of decisions based on the output."
    )


class HighRiskDuties(Strict):
    """Evidence of the high-risk duties, split by role (replaces `risk.high_risk_dossier`)."""

    provider: HighRiskProvider = Field(default_factory=HighRiskProvider)
    deployer: HighRiskDeployer = Field(default_factory=HighRiskDeployer)


class GenerationSafeguards(Strict):
    """Art 5(1)(ba)/(bb) (from 2 Dec 2026): intimate imagery without explicit consent and CSAM."""

    intimate_imagery_purpose: bool = Field(
        False, description="Intended (or, for a deployer, used) to generate or manipulate realistic intimate or "
        "sexually explicit imagery of identifiable persons.",
    )
    explicit_consent_verification: Ref | None = Field(
        None, description="How the depicted person's explicit consent is obtained and verified."
    )
    editing_without_more_exposure: bool = Field(
        False, description="Art 5(1b): the only manipulation neither increases the exposure of intimate parts nor "
        "changes the depicted sexual activity.",
    )
    ncii_safeguards: Ref | None = Field(
        None, description="Reasonable and adequate safeguards that stop non-consensual intimate imagery outputs."
    )
    csam_safeguards: Ref | None = Field(
        None, description="Safeguards that stop child sexual abuse material outputs (`none` states there are none)."
    )


class ProhibitedPracticeScreen(Strict):
    """Answers of an Art 5 screen that a manifest can state; true means the system does it."""

    harmful_manipulation: bool | None = Field(None, description="Art 5(1)(a) subliminal/manipulative techniques.")
    exploits_vulnerabilities: bool | None = Field(None, description="Art 5(1)(b).")
    social_scoring: bool | None = Field(None, description="Art 5(1)(c).")
    crime_prediction_by_profiling: bool | None = Field(
        None, description="Art 5(1)(d): predicts offending solely from profiling or personality traits."
    )
    untargeted_facial_scraping: bool | None = Field(
        None, description="Art 5(1)(e): builds or expands a facial-recognition database by untargeted scraping of "
        "facial images from the internet or CCTV footage.",
    )
    realtime_remote_biometric_identification: bool | None = Field(
        None, description="Art 5(1)(h): real-time remote biometric identification in public spaces for law "
        "enforcement.",
    )
    rbi_authorisation: Ref | None = Field(
        None, description="Art 5(2)-(3) prior authorisation for an Art 5(1)(h)(i)-(iii) use."
    )
    screen: Ref | None = Field(None, description="The prohibited-practice screening record.")


class InferenceData(Strict):
    """Personal data the system processes when it runs (chat logs, call recordings, uploaded
    documents), which is processing under GDPR even when nothing is trained on it."""

    processes_personal_data: bool | None = Field(
        None, description="The system processes personal data at inference; false is the clear path for a system "
        "that processes none.",
    )
    kinds: list[Literal["chat-logs", "call-recordings", "uploaded-documents", "images", "other"]] = Field(
        default_factory=list
    )
    special_categories: list[ShortText] = Field(
        default_factory=list, description="Art 9 categories users' inputs are expected to contain (health, ...)."
    )
    information_notice: Ref | None = Field(None, description="Art 13/14 notice shown to the people whose data it is.")
    dpia: Ref | None = Field(None, description="Art 35 DPIA covering the processing at inference.")
    dpia_not_required: ShortText | None = Field(
        None, description="Why no DPIA is needed (the screening result), when none of the Art 35(3) criteria apply."
    )
    retention: ShortText | None = Field(None, description="How long prompts, transcripts and logs are kept.")
    access_control: Ref | None = Field(None, description="Who can read prompts and logs (Art 32).")
    prompt_injection_controls: Ref | None = Field(None, description="Controls against prompt injection (Art 25/32).")
    data_leak_controls: Ref | None = Field(
        None, description="Controls against leaking personal data in outputs or to other users (Art 25/32)."
    )


class Vendor(Strict):
    """An external AI service the system sends data to (a "clean AI" SaaS, a model API, a hosted
    vector store): GDPR Art 28 (processor contract), Art 44-49 (transfers), EDPB Opinion 28/2024."""

    name: Name
    service: ShortText | None = Field(None, description="What the system uses it for (e.g. chat completion API).")
    role: Literal["processor", "controller", "joint-controller"] | None = Field(
        None, description="GDPR role of the vendor for the data the system sends."
    )
    receives_personal_data: bool | None = Field(
        None, description="Personal data (prompts, documents, recordings) is sent to it."
    )
    dpa: Ref | None = Field(None, description="Data processing agreement (Art 28(3)).")
    sub_processors: Ref | None = Field(None, description="The vendor's sub-processor list (Art 28(2), (4)).")
    regions: list[Annotated[str, StringConstraints(min_length=2, max_length=10)]] = Field(
        default_factory=list, description="Where the vendor processes the data (ISO 3166-1 alpha-2 or 'EU')."
    )
    transfer_mechanism: Literal["adequacy", "scc", "bcr", "derogation", "none"] | None = Field(
        None, description="Chapter V mechanism for regions outside the EU/EEA."
    )
    scc_module: Literal["1", "2", "3", "4"] | None = Field(
        None, description="SCC module: 1 controller-controller, 2 controller-processor, 3 processor-processor, "
        "4 processor-controller.",
    )
    transfer_impact_assessment: Ref | None = None
    dpf_certified: bool | None = Field(
        None, description="Certified under the EU-US Data Privacy Framework (adequacy for US recipients)."
    )
    recipient_in_scope: bool | None = Field(
        None, description="The vendor is within a partial adequacy decision's scope (Canada: PIPEDA; Japan: APPI)."
    )
    trains_on_customer_data: bool | None = Field(
        None, description="The vendor uses the data the system sends to train or improve its own models."
    )
    training_lawful_basis: Literal[
        "consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"
    ] | None = Field(None, description="Lawful basis for letting the vendor train on the data (its own purpose).")
    prompt_retention: ShortText | None = Field(
        None, description="How long the vendor keeps prompts and outputs (e.g. '0 days (zero retention)', '30 days')."
    )


class SupplierDueDiligence(Strict):
    """A deployer's check that a third-party model was lawfully developed (EDPB Opinion 28/2024,
    scenario 2; AI Act Art 53(1)(c)/(d) documents of the model's provider)."""

    training_summary_reviewed: Ref | None = Field(
        None, description="The provider's training-content summary, reviewed."
    )
    copyright_policy_reviewed: Ref | None = Field(None, description="The provider's copyright policy, reviewed.")
    gdpr_statement: Ref | None = Field(
        None, description="The provider's statement or assessment that the model was developed lawfully under GDPR."
    )


class HumanOversight(Strict):
    autonomy: Literal["full", "human-in-the-loop", "human-on-the-loop"] | None = None
    review_route: Ref | None = None
    legal_or_similar_effects: bool = False
    art22_exception: Literal["contract", "law", "explicit-consent"] | None = Field(
        None, description="GDPR Art 22(2) ground for solely automated decisions with legal or similar effects."
    )


class System(Strict):
    name: Name
    version: Annotated[str, StringConstraints(max_length=100)] | None = None
    description: ShortText | None = None
    intended_purpose: ShortText | None = None
    roles: list[Role] = Field(
        default_factory=list, description="AI Act roles of the submitting organisation; empty leaves the AI Act "
        "duties undetermined. provider, downstream-provider (Art 3(68)) and gpai-provider offering the system are "
        "all its provider (Art 3(3)).",
    )
    established_in_eu: bool | None = Field(
        None, description="The organisation is established in the EU; unstated leaves Art 54 undetermined for a "
        "GPAI provider.",
    )
    exclusion: Literal["military", "research-only", "personal-non-professional"] | None = Field(
        None, description="AI Act scope exclusion (Art 2(3), 2(6)/(8), 2(10)); personal-non-professional removes "
        "only the duties of deployers who are natural persons, never provider duties or Art 5.",
    )
    open_source: bool = False
    deployment: Deployment = Field(default_factory=Deployment)
    capabilities: Capabilities = Field(default_factory=Capabilities)
    transparency: Transparency = Field(default_factory=Transparency)
    risk: RiskClassification = Field(default_factory=RiskClassification)
    high_risk: HighRiskDuties = Field(default_factory=HighRiskDuties)
    human_oversight: HumanOversight = Field(default_factory=HumanOversight)
    inference_data: InferenceData = Field(default_factory=InferenceData)
    generation_safeguards: GenerationSafeguards = Field(default_factory=GenerationSafeguards)
    prohibited_practices: ProhibitedPracticeScreen = Field(default_factory=ProhibitedPracticeScreen)
    vendors: list[Vendor] = Field(
        default_factory=list,
        description="External AI services the system uses; in CycloneDX the `cleangate:vendors` property on "
        "`metadata.component`, a JSON array of objects.",
    )


SizeBand = Literal[
    "<1B tokens", "1B-10T tokens", ">10T tokens", "<1M images", "1M-1B images", ">1B images",
    "<10k hours", "10k-1M hours", ">1M hours",
]
"""The size ranges of the training-content summary template, section 1.3 (text in tokens, images
in images, audio and video in hours)."""
_BAND_UNITS = {"text": "tokens", "image": "images", "audio": "hours", "video": "hours"}


class TrainingDataSize(Strict):
    """Template section 1.3: how much training data of one modality, as a template range or in words."""

    modality: Literal["text", "image", "audio", "video", "other"]
    band: SizeBand | None = Field(None, description="The template's range for this modality.")
    custom: ShortText | None = Field(None, description="A size in words (e.g. '2.1 T tokens') or for 'other'.")

    @model_validator(mode="after")
    def _band_fits_modality(self) -> TrainingDataSize:
        # A range in the wrong unit (text in hours) would publish a size nobody stated.
        unit = _BAND_UNITS.get(self.modality)
        if self.band is not None and (unit is None or not self.band.endswith(unit)):
            expected = f"a range in {unit}" if unit else "no range, only `custom`"
            raise ValueError(f"band {self.band!r} does not fit modality {self.modality} (expected {expected})")
        return self


class TrainingSummary(Strict):
    """Art 53(1)(d): the public summary following the Commission's July 2025 template.

    The optional fields after `base_summary` are the template's own answers, so that
    `cleangate report training-summary` can fill the template from the manifest; each one left
    out is shown as "not stated" in the report, never guessed.
    """

    url: Ref | None = None
    public: bool = False
    last_update: Day | None = None
    sections: list[Annotated[str, StringConstraints(pattern=r"^\d(\.\d){0,2}$")]] = Field(
        default_factory=list,
        description="Template sections the summary fills, e.g. '2.3' for crawled data, or a whole section such as '2'.",
    )
    training_data_until: Day | None = Field(
        None, description="Date of the latest training data the model was trained on (template 1.3, latest date of "
        "data collection); a summary last updated before it is out of date, and once stated it, not the six-month "
        "calendar, decides staleness.",
    )
    base_summary: Ref | None = Field(
        None, description="Link to the base model's own summary (template section 1.2, model dependencies); a "
        "downstream modifier summarises only its modification data and links the base summary.",
    )
    version: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        None, description="Version of the published summary (template header)."
    )
    provider_contact: ShortText | None = Field(None, description="Provider contact for the summary (section 1.1).")
    data_size: list[TrainingDataSize] = Field(
        default_factory=list, max_length=10, description="Training data size per modality (section 1.3)."
    )
    content_types: ShortText | None = Field(None, description="Types of content in the training data (section 1.3).")
    training_continues: bool | None = Field(
        None, description="The model keeps being trained on new data after the collection cut-off (section 1.3)."
    )
    languages: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=300, description="Languages of the training data (section 1.3)."
    )
    other_characteristics: ShortText | None = Field(
        None, description="National, regional or demographic characteristics of the data (section 1.3)."
    )
    tdm_measures: ShortText | None = Field(
        None, description="Measures to honour text-and-data-mining reservations before and during collection, in "
        "words (section 3.1); per-source facts come from each dataset's `tdm`.",
    )
    illegal_content_measures: ShortText | None = Field(
        None, description="Measures to remove illegal content from the training data: block lists, keywords, "
        "classifiers (section 3.2).",
    )
    other_processing: ShortText | None = Field(None, description="Other data processing information (section 3.3).")


class ModelDocumentation(Strict):
    annex_xi: Ref | None = Field(None, description="Technical documentation (Art 53(1)(a)).")
    annex_xii: Ref | None = Field(None, description="Information for downstream providers (Art 53(1)(b)).")
    model_card: Ref | None = None
    copyright_policy: Ref | None = Field(None, description="Art 53(1)(c) copyright policy.")
    training_summary: TrainingSummary = Field(default_factory=TrainingSummary)


class SystemicRisk(Strict):
    """Art 51/52/55 facts for models above or near the 10^25 FLOP presumption."""

    declared: bool | None = None
    commission_notified: Day | None = None
    rebuttal: Ref | None = Field(None, description="Art 52(2) arguments that the model has no systemic risk.")
    model_evaluation: Ref | None = None
    adversarial_testing: Ref | None = None
    risk_mitigation: Ref | None = None
    incident_reporting: Ref | None = None
    cybersecurity: Ref | None = None


class Adapter(Strict):
    name: Name
    kind: Literal["lora", "qlora", "prefix", "full-finetune", "other"] = "other"
    datasets: list[Name] = Field(default_factory=list)
    removable: bool | None = None
    artifacts: list[Artifact] = Field(default_factory=list, description="Adapter files with expected digests.")


class Model(Strict):
    name: Name
    version: Annotated[str, StringConstraints(max_length=100)] | None = None
    provider: ShortText | None = None
    licence: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = Field(
        None, description="SPDX licence expression, or a named proprietary licence with `licence_holder`."
    )
    licence_holder: ShortText | None = None
    gpai: bool | None = Field(
        None, description="A general-purpose AI model (Art 3(63)); unstated leaves the GPAI duties undetermined "
        "when you provide the model.",
    )
    role: Literal["provider", "downstream-provider", "deployer"] | None = Field(
        None, description="Your role for this model; unstated, it is judged from system.roles (gpai-provider: "
        "provider of the model).",
    )
    weights_public: bool = False
    distribution: Ref | None = None
    training_flop: Annotated[float, Field(ge=0)] | None = None
    parameter_count: Annotated[int, Field(ge=0)] | None = None
    context_window: Annotated[int, Field(ge=0)] | None = None
    placed_on_market: Day | None = None
    base_model: ShortText | None = Field(
        None, description="Name of the model entry in `models[]` this model was fine-tuned or adapted from. That "
        "entry states the base licence, acceptable-use policy and provider, which bind this model and the product.",
    )
    adapters: list[Adapter] = Field(default_factory=list)
    use_restrictions: list[UseRestriction] = Field(
        default_factory=list,
        description="Restrictions the licence puts on use (non-commercial, research-only, no-derivatives, "
        "eu-excluded, acceptable-use-policy, ...); on a base model they bind every model built on it.",
    )
    acceptable_use_policy: Ref | None = Field(None, description="The model's acceptable-use policy (AUP).")
    base_terms_review: Ref | None = Field(
        None, description="Record that the product's intended use was checked against the base model's licence "
        "and acceptable-use policy.",
    )
    supplier_due_diligence: SupplierDueDiligence = Field(
        default_factory=SupplierDueDiligence,
        description="For a third-party model: the deployer's check that it was lawfully developed.",
    )
    modification_flop: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Compute (FLOP) used to modify the base model (fine-tuning, adapters); decides whether "
        "the modifier becomes the provider of the modified GPAI model (GPAI guidelines: more than one third of "
        "the original model's training compute).",
    )
    datasets: list[Name] = Field(default_factory=list, description="Names of datasets in `datasets[]`.")
    documentation: ModelDocumentation = Field(default_factory=ModelDocumentation)
    systemic_risk: SystemicRisk = Field(default_factory=SystemicRisk)
    code_of_practice_signatory: bool | None = None
    copyright_contact: ShortText | None = Field(
        None, description="Point of contact and complaint route for rightsholders (GPAI Code of Practice, copyright "
        "measure 1.5).",
    )
    output_infringement_safeguards: Ref | None = Field(
        None, description="Technical safeguards against copyright-infringing outputs and the acceptable-use ban on "
        "infringing uses (GPAI Code of Practice, copyright measure 1.4).",
    )
    authorised_representative: ShortText | None = None
    tdm_protocols_honoured: list[ShortText] = Field(default_factory=list)
    hashes: list[Hash] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(
        default_factory=list, description="Weight and config files with expected digests, checked by the gate."
    )
    signing: ModelSigning | None = Field(None, description="OpenSSF model-signing signature, verified by the gate.")


class CollectionLicence(Strict):
    """A licence that covers reserved items from one source (a domain and its subdomains)."""

    domain: Name = Field(description="Host name the licence covers, e.g. `example.com` (subdomains included).")
    reference: Ref = Field(description="The licence agreement: a URL, a contract id or a path in the repository.")


class SnapshotStore(Strict):
    """robots.txt / tdmrep.json captures keyed by digest (docs/optouts.md), read by the gate."""

    path: Ref = Field(description="Path relative to the manifest (CLI) or the name of an uploaded `evidence` part.")
    format: Literal["jsonl", "warc"] = Field(
        "jsonl", description="JSON Lines of {sha256, host, kind, captured_at, content}, or a WARC of robots.txt "
        "captures (Common Crawl's robotstxt segments).",
    )
    hashes: list[Hash] = Field(default_factory=list, description="Expected digests of the store file.")


class CollectionRecord(Strict):
    """Where the per-item collection record of a crawled dataset is; the gate evaluates it (docs/optouts.md)."""

    path: Ref = Field(description="Path relative to the manifest (CLI) or the name of an uploaded `evidence` part.")
    format: Literal["jsonl", "csv", "warc"]
    hashes: list[Hash] = Field(default_factory=list, description="Expected digests of the record file.")
    snapshots: SnapshotStore | None = Field(None, description="The robots.txt / tdmrep.json snapshots in force.")
    agents: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=50,
        description="AI user-agent tokens (e.g. GPTBot, CCBot, Google-Extended) whose robots.txt rules count as "
        "reservations, besides the crawler's own.",
    )
    licences: list[CollectionLicence] = Field(
        default_factory=list, max_length=10_000, description="Licences covering reserved items, per domain.")


class TdmOptOut(Strict):
    """How a crawled or scraped source honoured text-and-data-mining reservations (DSM Art 4(3))."""

    collection_record: CollectionRecord | None = Field(
        None, description="The collection record the gate checks itself; its result is in "
        "`verified.collection_records` (the booleans below stay the team's own statement).",
    )

    crawler: ShortText | None = None
    robots_txt_honoured: bool | None = None
    tdmrep_honoured: bool | None = None
    c2pa_training_mining_checked: bool | None = None
    reserved_items_included: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Items whose machine-readable TDM reservation was detected but that were kept anyway."
    )
    reserved_items_licensed: bool = Field(
        False, description="The reserved items that were kept are covered by a licence from the rightsholders."
    )
    c2pa_reserved_items_included: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Items whose Content Credentials say training-mining notAllowed/constrained, kept anyway."
    )
    excluded_count: Annotated[int, Field(ge=0)] | None = None
    check_date: Day | None = None
    research_exception: bool = Field(False, description="DSM Art 3 scientific-research mining.")
    paywall_circumvention: bool | None = None


class Transfer(Strict):
    country: Annotated[str, StringConstraints(min_length=2, max_length=10)]
    mechanism: Literal["adequacy", "scc", "bcr", "derogation", "none"] | None = None
    transfer_impact_assessment: Ref | None = Field(None, description="TIA backing SCCs or BCRs (Art 46).")
    dpf_certified: bool | None = Field(
        None, description="The US recipient is certified under the EU-US Data Privacy Framework; only then does "
        "the US adequacy decision cover the transfer (otherwise SCCs or BCRs are needed).",
    )
    recipient_in_scope: bool | None = Field(
        None, description="The recipient is within a partial adequacy decision's scope (Canada: a commercial "
        "organisation subject to PIPEDA; Japan: a private-sector business operator under the APPI).",
    )


class Erasure(Strict):
    mechanism: Literal["machine-unlearning", "adapter-removal", "retraining", "filtering", "none"] | None = None
    plan: Ref | None = None
    model_anonymity_assessment: Ref | None = Field(
        None, description="Assessment that the trained model is anonymous (EDPB Opinion 28/2024), so erasure "
        "requests do not reach it.",
    )


class PersonalData(Strict):
    """GDPR facts for a dataset that was used to train or is processed in deployment."""

    present: bool = False
    categories: list[ShortText] = Field(default_factory=list)
    special_categories: list[ShortText] = Field(default_factory=list)
    lawful_basis: Literal[
        "consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"
    ] | None = None
    collection: Literal["direct", "indirect"] | None = Field(
        None, description="Collected from the data subjects (Art 13) or obtained elsewhere (Art 14)."
    )
    original_purpose: ShortText | None = Field(
        None, description="The purpose the data was first collected for, when it is now reused."
    )
    collected_for_training: bool | None = Field(
        None, description="Training or fine-tuning AI models was a purpose stated to the data subjects when the "
        "data was collected (Art 13(1)(c) / 14(1)(c) notice), so training on it is not further processing "
        "(GDPR Art 5(1)(b)).",
    )
    public_information: Ref | None = Field(
        None, description="Information made public where an individual notice is impossible (Art 14(5)(b))."
    )
    legitimate_interest_assessment: Ref | None = None
    art9_condition: ShortText | None = None
    purpose_compatibility_assessment: Ref | None = None
    information_notice: Ref | None = Field(None, description="Art 13/14 notice to data subjects.")
    minimisation: ShortText | None = None
    retention: ShortText | None = None
    dpia: Ref | None = None
    records_of_processing: Ref | None = None
    transfers: list[Transfer] = Field(
        default_factory=list,
        description="Transfers outside the EU/EEA (GDPR Ch. V); in CycloneDX the data component property "
        "`cleangate:personal_data.transfers` (or `cleangate:gdpr.transfers`) holds a JSON array of these objects, "
        "or the compact `US:scc, IN` (country[:mechanism], comma-separated).",
    )
    erasure: Erasure = Field(default_factory=Erasure)


class Dataset(Strict):
    name: Name
    version: Annotated[str, StringConstraints(max_length=100)] | None = None
    source_type: SourceType | None = Field(
        None, description="Where the data came from; crawled data needs TDM opt-out checks (DSM Art 4(3)), and "
        "unstated leaves them undetermined for a training dataset whose tdm facts show gaps.",
    )
    url: Ref | None = None
    licence: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    licence_holder: ShortText | None = None
    used_for: list[Literal["training", "fine-tuning", "evaluation", "inference"]] = Field(default_factory=list)
    tdm: TdmOptOut = Field(default_factory=TdmOptOut)
    personal_data: PersonalData = Field(default_factory=PersonalData)
    provenance: ShortText | None = None
    hashes: list[Hash] = Field(default_factory=list)
    modalities: list[Modality] = Field(default_factory=list, description="Kinds of content the dataset holds.")
    registered_works_inventory: Ref | None = Field(
        None, description="Inventory of registered copyrighted works in the dataset (US CLEAR Act, S.3813)."
    )
    collected_from: Day | None = Field(None, description="First day of data collection (template sections 2.1, 2.3).")
    collected_until: Day | None = Field(None, description="Last day of data collection (template sections 2.1, 2.3).")
    top_domains: list[Annotated[str, StringConstraints(min_length=1, max_length=253)]] = Field(
        default_factory=list, max_length=1000,
        description="Crawled data: the most relevant domain names by content volume (template section 2.3: the "
        "top 10 %; SMEs the top 5 % or 1,000 domains, whichever is lower).",
    )
    top_domains_ref: Ref | None = Field(
        None, description="Crawled data: the downloadable list of top domains, when it is too long for the manifest."
    )
    generated_by: list[Name] = Field(
        default_factory=list, max_length=50,
        description="Synthetic data: the models that generated it (template section 2.5).",
    )
    user_data_from: list[Literal["model-interactions", "other-services"]] = Field(
        default_factory=list, description="User data: collected from users' interactions with the model, or from "
        "the provider's other products or services (template section 2.4).",
    )
    artifacts: list[Artifact] = Field(
        default_factory=list, description="Dataset snapshot files with expected digests, checked by the gate."
    )


class Governance(Strict):
    """ISO/IEC 42001 Annex A evidence and organisation-level GDPR records."""

    ai_policy: Ref | None = None
    roles_and_responsibilities: Ref | None = None
    resources: Ref | None = None
    risk_assessment: Ref | None = None
    impact_assessment: Ref | None = None
    lifecycle: Ref | None = None
    data_quality: Ref | None = None
    data_provenance: Ref | None = None
    interested_parties_information: Ref | None = None
    responsible_use: Ref | None = None
    third_party_relationships: Ref | None = None
    monitoring: Ref | None = None
    incident_process: Ref | None = None
    iso42001_certificate: Ref | None = None
    records_of_processing: Ref | None = None
    dpia: Ref | None = Field(None, description="System-level data protection impact assessment (GDPR Art 35).")
    ai_literacy: Ref | None = Field(
        None, description="AI Act Art 4: measures to support the AI literacy of staff who operate or use AI systems "
        "(training programme, guidance)."
    )


class C2paSample(Strict):
    """The outcome of validating one sample output's Content Credentials."""

    modality: Modality
    validation_state: Literal["Trusted", "Valid", "Well-Formed", "Invalid"]
    digital_source_type: Ref | None = None
    first_action: ShortText | None = None
    failure_codes: list[ShortText] = Field(default_factory=list)
    training_mining: Literal["allowed", "notAllowed", "constrained"] | None = None
    signer: ShortText | None = Field(None, description="Subject (organisation) of the signing certificate.")
    issuer: ShortText | None = Field(None, description="Issuer (CA) of the signing certificate.")


class SampleFile(Strict):
    """A sample output file the gate reads itself with c2pa-python (service/evidence/c2pa_samples.py)."""

    path: Ref = Field(description="Path relative to the manifest (CLI) or the name of an uploaded `evidence` part.")
    modality: Modality | None = Field(None, description="What the sample is; default: from its media type.")


class Evidence(Strict):
    """What the team *declares* it checked; the gate's own results are in `verified`."""

    c2pa_samples: list[C2paSample] = Field(
        default_factory=list, description="Self-reported validation results (declared only)."
    )
    samples: list[SampleFile] = Field(
        default_factory=list, description="Sample output files for the gate to verify (results in `verified`)."
    )


class CiContext(Strict):
    provider: Literal["github", "gitlab", "local", "other"] | None = None
    repository: ShortText | None = None
    commit: ShortText | None = None
    ref: ShortText | None = None
    pipeline_url: ShortText | None = None
    actor: ShortText | None = None


class Context(Strict):
    as_of: Day | None = Field(
        None, description="A judging date the manifest claims: recorded in the decision (manifest.claimed_as_of) "
        "and never used. The gate judges as of today, or the caller's --as-of / ?as_of=.",
    )
    ci: CiContext = Field(default_factory=CiContext)


class ManifestDocument(Strict):
    """What a manifest states: everything the policies see except what the gate derives itself."""

    system: System
    models: list[Model] = Field(default_factory=list)
    datasets: list[Dataset] = Field(default_factory=list)
    governance: Governance = Field(default_factory=Governance)
    evidence: Evidence = Field(default_factory=Evidence)
    context: Context = Field(default_factory=Context)
    extensions: dict[str, Any] = Field(
        default_factory=dict, description="Free-form facts for an organisation's own policies."
    )


class LicenceFacts(Strict):
    """What the gate worked out about one licence expression with the `license-expression` library."""

    expression: str
    valid_spdx: bool = Field(description="Parses and every key is on the SPDX licence or exception list.")
    spdx_ids: list[str] = Field(default_factory=list, description="SPDX keys it names, in SPDX spelling.")
    exceptions: list[str] = Field(default_factory=list, description="SPDX licence exceptions (after WITH).")
    licence_refs: list[str] = Field(default_factory=list, description="LicenseRef-* keys it names.")
    unknown: list[str] = Field(default_factory=list, description="Keys that are neither SPDX nor LicenseRef-*.")
    choices: list[list[str]] = Field(
        default_factory=list,
        description="The licence sets a user may choose between (the expression in disjunctive normal form).",
    )
    error: str | None = Field(None, description="Why the expression does not parse, if it does not.")


EvidenceState = Literal["verified", "declared-only", "failed"]
"""verified: the gate checked it and it holds; declared-only: named but the gate could not check it
(not reachable, nothing to check against); failed: the gate checked it and it does not hold."""


class C2paAction(Strict):
    action: str
    digital_source_type: str | None = None
    software_agent: str | None = None


class VerifiedC2paSample(Strict):
    """What reading one sample file with c2pa-python showed."""

    file: str = Field(description="The sample's name: a path relative to the manifest, the directory or the upload.")
    origin: Literal["manifest", "directory", "upload"]
    pointer: str | None = Field(None, description="Input pointer of the manifest entry that named the file.")
    modality: Modality | None = None
    media_type: str | None = None
    state: EvidenceState
    why: str | None = Field(None, description="Why the state is not verified, in words.")
    readable: bool = Field(False, description="The C2PA reader parsed the file (with or without a manifest).")
    manifest_present: bool = False
    validation_state: Literal["Trusted", "Valid", "Well-Formed", "Invalid"] | None = None
    failure_codes: list[str] = Field(default_factory=list)
    status_codes: list[str] = Field(default_factory=list, description="Every validation status code reported.")
    trusted: bool = Field(False, description="The signing certificate chains to a configured trust anchor.")
    signer: str | None = Field(None, description="Common name of the signing certificate.")
    signer_organisation: str | None = Field(None, description="Organisation of the signing certificate.")
    claim_generator: str | None = None
    actions: list[C2paAction] = Field(default_factory=list, description="The active manifest's c2pa.actions chain.")
    first_action: str | None = None
    digital_source_type: str | None = Field(
        None, description="digitalSourceType of the c2pa.created (else first) action."
    )
    training_mining: Literal["allowed", "notAllowed", "constrained"] | None = Field(
        None, description="Most restrictive use in c2pa.training-mining / cawg.training-mining."
    )
    training_mining_entries: dict[str, str] = Field(default_factory=dict)
    soft_bindings: list[str] = Field(default_factory=list, description="Algorithms of c2pa.soft-binding assertions.")
    watermarked: bool = Field(False, description="A soft-binding assertion or a c2pa.watermarked action is present.")


class VerifiedDigest(Strict):
    """One artifact file hashed by the gate."""

    pointer: str = Field(description="Input pointer of the artifact, e.g. /models/0/artifacts/0.")
    file: str
    state: EvidenceState
    why: str | None = None
    algorithms: list[str] = Field(default_factory=list, description="Algorithms checked.")
    mismatched: list[str] = Field(default_factory=list, description="Algorithms whose digest differs.")
    size: int | None = None


class VerifiedModelSignature(Strict):
    """An OpenSSF model-signing signature checked against the configured keys or certificates."""

    pointer: str = Field(description="Input pointer of the model's `signing` entry.")
    model: str
    state: EvidenceState
    why: str | None = None
    signer: str | None = Field(None, description="The key or certificate that verified it.")
    files: list[str] = Field(default_factory=list, description="Files the signature covers.")


class VerifiedBomSignature(Strict):
    """A CycloneDX JSF (or detached) signature of the submitted BOM, checked before evaluation."""

    state: EvidenceState
    kind: Literal["jsf", "detached"] | None = None
    algorithm: str | None = None
    signer: str | None = Field(None, description="The configured key that verified it.")
    why: str | None = None


OptOutChannel = Literal["robots", "tdmrep", "aipref", "c2pa"]


class CollectionSample(Strict):
    """One reserved item that was kept: where it is in the record, and what reserved it."""

    record: int = Field(description="Record number in the file (JSONL line, CSV data row, WARC record), from 1.")
    url: str
    channel: OptOutChannel
    rule: str = Field(description="The rule that reserved it, e.g. `User-agent: GPTBot / Disallow: /`.")
    fetched_at: str | None = None


class CollectionProblem(Strict):
    record: int | None = Field(None, description="Record number, when the problem is one record's.")
    problem: str


class VerifiedCollectionRecord(Strict):
    """What evaluating one dataset's collection record showed (service/evidence/optouts/)."""

    dataset: str = Field(description="The dataset's name.")
    dataset_index: int = Field(description="Its position in `datasets[]`.")
    pointer: str = Field(description="Input pointer of the manifest's collection_record entry.")
    file: str
    format: str
    status: Literal["verified", "partial", "failed", "not_given", "declared-only"] = Field(
        description="verified: every record read and judged; partial: a limit stopped reading (counts so far); "
        "failed: malformed, truncated or a digest mismatch; not_given: the file was not supplied; "
        "declared-only: this gate cannot read it (library missing)."
    )
    why: str | None = None
    crawler: str | None = None
    agents: list[str] = Field(default_factory=list, description="User-agent tokens robots.txt was evaluated for.")
    items: int = Field(0, description="Item records read.")
    included: int = 0
    excluded: int = 0
    reserved_included: int = Field(0, description="Items reserved at fetch time, kept, and covered by no licence.")
    reserved_licensed: int = Field(0, description="Reserved items kept under a licence (item or domain).")
    reserved_excluded: int = Field(0, description="Reserved items the record says were left out.")
    channels: dict[str, int] = Field(
        default_factory=dict, description="reserved_included per channel (robots, tdmrep, aipref, c2pa); "
        "an item reserved in two channels counts in both."
    )
    robots_unknown: int = Field(0, description="Included items whose robots.txt in force at fetch time is unknown.")
    malformed: int = Field(0, description="Records that could not be read (each named in problems).")
    c2pa_read: int = Field(0, description="Item files whose Content Credentials the gate read.")
    samples: list[CollectionSample] = Field(default_factory=list)
    problems: list[CollectionProblem] = Field(default_factory=list)
    problems_total: int = 0


class Verified(Strict):
    """Evidence the gate checked itself (service/evidence/). Never accepted from a manifest."""

    c2pa_samples: list[VerifiedC2paSample] = Field(default_factory=list)
    digests: list[VerifiedDigest] = Field(default_factory=list)
    model_signatures: list[VerifiedModelSignature] = Field(default_factory=list)
    collection_records: list[VerifiedCollectionRecord] = Field(
        default_factory=list, description="TDM opt-outs evaluated from each dataset's collection record.")
    bom_signature: VerifiedBomSignature | None = Field(None, description="None: the BOM carried no signature.")
    trust_anchors: int = Field(0, description="How many C2PA trust anchors were configured.")
    limits_reached: list[str] = Field(default_factory=list, description="Request-wide limits that stopped checks.")


class Derived(Strict):
    """Facts the gate computes from the manifest (never accepted from a manifest)."""

    licences: dict[str, LicenceFacts] = Field(
        default_factory=dict, description="Licence facts keyed by the JSON pointer of the model or dataset."
    )


class PolicyInput(ManifestDocument):
    """The document policies see as `input`: the manifest's facts plus what the gate derived and verified."""

    derived: Derived | None = None
    verified: Verified | None = Field(
        None, description="Evidence the gate checked itself (never accepted from a manifest)."
    )


API_VERSION = "cleangate/v1"


class NativeManifest(ManifestDocument):
    """`cleangate.yaml`: the policy input document plus its version key."""

    api_version: Literal["cleangate/v1"] = Field(alias="apiVersion")

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, populate_by_name=False)

    def to_policy_input(self) -> PolicyInput:
        return PolicyInput.model_validate(self.model_dump(exclude={"api_version"}))
