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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ShortText = Annotated[str, StringConstraints(max_length=2_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
"""A reference to evidence: a URL, a document id or a path in the team's repository."""
Day = Annotated[date, Field(strict=False)]
"""An ISO 8601 calendar date; JSON carries it as a string, so it is the one lax type."""

Role = Literal["provider", "deployer", "importer", "distributor", "downstream-provider", "gpai-provider"]
Modality = Literal["text", "image", "audio", "video"]
SourceType = Literal["public", "licensed", "third-party-private", "crawled", "user", "synthetic", "other"]
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

    interacts_with_persons: bool = False
    synthetic_output_modalities: list[Modality] = Field(default_factory=list)
    output_kinds: list[Literal["content", "source-code", "short-labels", "machine-to-machine"]] = Field(
        default_factory=list,
        description="What the outputs are; source code and machine-only outputs are out of Art 50(2) scope.",
    )
    deepfake_output: bool = False
    public_interest_text: bool = False
    emotion_recognition: bool = False
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


class Watermark(Strict):
    scheme: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    modalities: list[Modality] = Field(default_factory=list)
    soft_binding_alg: ShortText | None = None


class Marking(Strict):
    """Art 50(2): machine-readable marking and detectability of synthetic output."""

    c2pa: C2paMarking | None = None
    watermark: Watermark | None = None
    detection: Ref | None = Field(None, description="URL or API that detects the marking.")
    exemption: Literal["standard-editing", "no-substantial-alteration", "law-enforcement"] | None = None
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


class Transparency(Strict):
    ai_interaction: AiInteractionDisclosure = Field(default_factory=AiInteractionDisclosure)
    marking: Marking = Field(default_factory=Marking)
    emotion_notice: EmotionNotice = Field(default_factory=EmotionNotice)
    deepfake: DeepfakeDisclosure = Field(default_factory=DeepfakeDisclosure)
    public_interest_text: PublicInterestTextDisclosure = Field(default_factory=PublicInterestTextDisclosure)


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
        None, description="Evidence of the Chapter III high-risk duties (risk management, Annex IV documentation, "
        "conformity assessment)."
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
    roles: list[Role] = Field(default_factory=list, description="AI Act roles of the submitting organisation.")
    established_in_eu: bool | None = None
    exclusion: Literal["military", "research-only", "personal-non-professional"] | None = None
    open_source: bool = False
    deployment: Deployment = Field(default_factory=Deployment)
    capabilities: Capabilities = Field(default_factory=Capabilities)
    transparency: Transparency = Field(default_factory=Transparency)
    risk: RiskClassification = Field(default_factory=RiskClassification)
    human_oversight: HumanOversight = Field(default_factory=HumanOversight)


class TrainingSummary(Strict):
    """Art 53(1)(d): the public summary following the Commission's July 2025 template."""

    url: Ref | None = None
    public: bool = False
    last_update: Day | None = None
    sections: list[Annotated[str, StringConstraints(pattern=r"^\d(\.\d){1,2}$")]] = Field(
        default_factory=list, description="Template sections the summary fills, e.g. '2.3' for crawled data."
    )


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
    gpai: bool = False
    role: Literal["provider", "downstream-provider", "deployer"] | None = None
    weights_public: bool = False
    distribution: Ref | None = None
    training_flop: Annotated[float, Field(ge=0)] | None = None
    parameter_count: Annotated[int, Field(ge=0)] | None = None
    context_window: Annotated[int, Field(ge=0)] | None = None
    placed_on_market: Day | None = None
    base_model: ShortText | None = None
    adapters: list[Adapter] = Field(default_factory=list)
    datasets: list[Name] = Field(default_factory=list, description="Names of datasets in `datasets[]`.")
    documentation: ModelDocumentation = Field(default_factory=ModelDocumentation)
    systemic_risk: SystemicRisk = Field(default_factory=SystemicRisk)
    code_of_practice_signatory: bool | None = None
    copyright_contact: ShortText | None = None
    authorised_representative: ShortText | None = None
    tdm_protocols_honoured: list[ShortText] = Field(default_factory=list)
    hashes: list[Hash] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(
        default_factory=list, description="Weight and config files with expected digests, checked by the gate."
    )
    signing: ModelSigning | None = Field(None, description="OpenSSF model-signing signature, verified by the gate.")


class TdmOptOut(Strict):
    """How a crawled or scraped source honoured text-and-data-mining reservations (DSM Art 4(3))."""

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
    source_type: SourceType | None = None
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
        None, description="The date rules are judged at; defaults to the day of evaluation."
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


class Verified(Strict):
    """Evidence the gate checked itself (service/evidence/). Never accepted from a manifest."""

    c2pa_samples: list[VerifiedC2paSample] = Field(default_factory=list)
    digests: list[VerifiedDigest] = Field(default_factory=list)
    model_signatures: list[VerifiedModelSignature] = Field(default_factory=list)
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
