"""C2PA Content Credentials of sample outputs, read and validated with c2pa-python.

For each sample the gate records what a legal reviewer needs to trust an Art 50(2) marking claim:
is there a manifest, its validation state (Well-Formed / Valid / Trusted, C2PA 2.x §14.3), the
status codes, who signed it, whether the signer chains to a configured trust anchor, the
c2pa.actions chain with its digitalSourceType, the training-and-mining assertions and any
soft-binding (watermark) assertion. c2pa-python is imported lazily: it is the `evidence` extra.

The reader never fetches anything: remote manifests and OCSP are switched off, so a sample cannot
make the gate talk to the network.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Sequence
from typing import Any, cast

from sbom.model import C2paAction, ManifestDocument, Modality, VerifiedC2paSample
from service.evidence.interface import EvidenceRequest, Verifier
from service.evidence.sources import EvidenceSource, Origin, Unavailable

SOFT_FAILURES = {"signingCredential.untrusted"}
"""A failure code that leaves the manifest Valid, only not Trusted."""
TRAINING_LABELS = {"c2pa.training-mining", "cawg.training-mining"}
MEDIA_PREFIXES: dict[str, Modality] = {"image/": "image", "audio/": "audio", "video/": "video"}
SAMPLE_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".jxl", ".svg", ".dng",
    ".wav", ".mp3", ".m4a", ".flac", ".mp4", ".mov", ".m4v", ".avi", ".pdf", ".c2pa",
}
"""Files in an evidence directory or upload that are read as samples (what c2pa-python reads)."""


def media_type(name: str) -> str | None:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if name.lower().endswith(".c2pa"):
        return "application/c2pa"
    return guessed


def modality_of(mime: str | None) -> Modality | None:
    for prefix, modality in MEDIA_PREFIXES.items():
        if mime and mime.startswith(prefix):
            return modality
    return None


def reader_settings(anchors_pem: str) -> dict[str, Any]:
    trust: dict[str, Any] = {"trust_anchors": anchors_pem} if anchors_pem else {}
    return {
        "verify": {"verify_trust": True, "ocsp_fetch": False, "remote_manifest_fetch": False,
                   "verify_timestamp_trust": False},
        "trust": trust,
    }


def _codes(results: dict[str, Any]) -> tuple[list[str], list[str]]:
    active = results.get("activeManifest") or {}
    failures = [str(s.get("code")) for s in active.get("failure", []) if isinstance(s, dict)]
    every = [str(s.get("code")) for key in ("success", "informational", "failure")
             for s in active.get(key, []) if isinstance(s, dict)]
    return failures, every


def _actions(assertions: list[dict[str, Any]]) -> list[C2paAction]:
    chain: list[C2paAction] = []
    for assertion in assertions:
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions", []):
            if isinstance(action, dict) and isinstance(action.get("action"), str):
                agent = action.get("softwareAgent")
                chain.append(C2paAction(
                    action=action["action"][:200],
                    digital_source_type=str(action["digitalSourceType"])[:500] if action.get("digitalSourceType")
                    else None,
                    software_agent=(agent.get("name") if isinstance(agent, dict) else agent or None),
                ))
    return chain


def _training(assertions: list[dict[str, Any]]) -> tuple[str | None, dict[str, str]]:
    entries: dict[str, str] = {}
    for assertion in assertions:
        if assertion.get("label") in TRAINING_LABELS:
            for key, value in ((assertion.get("data") or {}).get("entries") or {}).items():
                if isinstance(value, dict) and isinstance(value.get("use"), str):
                    entries[str(key)[:200]] = value["use"][:50]
    uses = set(entries.values())
    summary = next((u for u in ("notAllowed", "constrained", "allowed") if u in uses), None)
    return summary, entries


def _soft_bindings(assertions: list[dict[str, Any]]) -> list[str]:
    algs = []
    for assertion in assertions:
        if str(assertion.get("label", "")).startswith("c2pa.soft-binding"):
            algs.append(str((assertion.get("data") or {}).get("alg") or "unnamed")[:200])
    return algs


def describe(store: dict[str, Any], sample: VerifiedC2paSample) -> VerifiedC2paSample:
    """Fill `sample` from the manifest store JSON that c2pa-python reports."""
    active = (store.get("manifests") or {}).get(store.get("active_manifest") or "") or {}
    assertions = [a for a in active.get("assertions", []) if isinstance(a, dict)]
    failures, every = _codes(store.get("validation_results") or {})
    state = store.get("validation_state")
    signature = active.get("signature_info") or {}
    chain = _actions(assertions)
    created = next((a for a in chain if a.action == "c2pa.created"), None)
    training, entries = _training(assertions)
    soft = _soft_bindings(assertions)
    generator = active.get("claim_generator_info") or []
    hard = [c for c in failures if c not in SOFT_FAILURES]
    verified = state in ("Valid", "Trusted") and not hard
    return sample.model_copy(update={
        "manifest_present": True,
        "readable": True,
        "validation_state": state if state in ("Trusted", "Valid", "Well-Formed", "Invalid") else "Invalid",
        "failure_codes": failures,
        "status_codes": every,
        "trusted": state == "Trusted",
        "signer": signature.get("common_name"),
        "signer_organisation": signature.get("issuer"),
        "claim_generator": (generator[0].get("name") if generator and isinstance(generator[0], dict)
                            else active.get("claim_generator")),
        "actions": chain,
        "first_action": chain[0].action if chain else None,
        "digital_source_type": (created or chain[0]).digital_source_type if chain else None,
        "training_mining": training,
        "training_mining_entries": entries,
        "soft_bindings": soft,
        "watermarked": bool(soft) or any(a.action.startswith("c2pa.watermarked") for a in chain),
        "state": "verified" if verified else "failed",
        "why": None if verified else (
            f"validation state {state}" + (f" with {', '.join(hard)}" if hard else "")),
    })


class C2paSampleVerifier(Verifier):
    field = "c2pa_samples"

    def verify(self, doc: ManifestDocument, request: EvidenceRequest) -> Sequence[VerifiedC2paSample]:
        todo: list[tuple[EvidenceSource | None, str, Origin, str | None, Modality | None]] = []
        for i, entry in enumerate(doc.evidence.samples):
            todo.append((request.referenced, entry.path, "manifest", f"/evidence/samples/{i}", entry.modality))
        if request.offered is not None:
            claimed = referenced_names(doc)
            limit = request.config.limits.max_files
            for name in request.offered.names(limit):
                if not _claimed(name, claimed) and any(name.lower().endswith(s) for s in SAMPLE_SUFFIXES):
                    todo.append((request.offered, name, request.offered.origin, None, None))
        if not todo:
            return []
        try:
            context = _context(request.config.c2pa_trust_anchors_pem)
        except ImportError:
            why = "c2pa-python is not installed on this gate (pip install 'cleangate[evidence]')"
            return [VerifiedC2paSample(file=name, origin=origin, pointer=pointer, modality=modality,
                                       state="declared-only", why=why) for _, name, origin, pointer, modality in todo]
        return [self._one(context, request, *item) for item in todo]

    def _one(self, context: Any, request: EvidenceRequest, source: EvidenceSource | None, name: str,
             origin: Origin, pointer: str | None, modality: Modality | None) -> VerifiedC2paSample:
        mime = media_type(name)
        sample = VerifiedC2paSample(file=name, origin=origin, pointer=pointer, media_type=mime,
                                    modality=modality or modality_of(mime), state="declared-only")
        if source is None:
            return sample.model_copy(update={"why": "no evidence files were supplied with the request"})
        try:
            size = source.size(name)
        except Unavailable as exc:
            return sample.model_copy(update={"state": "failed" if exc.reachable else "declared-only", "why": exc.why})
        limit = request.config.limits.max_sample_bytes
        if size > limit:
            return sample.model_copy(update={"state": "failed",
                                             "why": f"{size} bytes, over the sample limit of {limit} bytes"})
        refused = request.budget.take_file(size)
        if refused:
            return sample.model_copy(update={"why": refused})
        return read_sample(context, source, name, mime, sample)


def read_sample(context: Any, source: EvidenceSource, name: str, mime: str | None,
                sample: VerifiedC2paSample) -> VerifiedC2paSample:
    import c2pa

    try:
        with source.open(name) as stream, c2pa.Reader(mime or "", stream, context=context) as reader:
            store = json.loads(reader.json())
    except Unavailable as exc:
        return sample.model_copy(update={"state": "failed", "why": exc.why})
    except c2pa.C2paError as exc:
        missing = type(exc).__name__.endswith("ManifestNotFound")
        why = "carries no C2PA manifest" if missing else f"cannot be read as C2PA: {str(exc)[:300]}"
        return sample.model_copy(update={"state": "failed", "why": why, "readable": missing})
    except (ValueError, OSError) as exc:
        return sample.model_copy(update={"state": "failed", "why": f"cannot be read as C2PA: {str(exc)[:300]}"})
    return describe(cast(dict[str, Any], store), sample)


def _context(anchors_pem: str) -> Any:
    import c2pa

    return c2pa.Context(c2pa.Settings.from_dict(reader_settings(anchors_pem)))


def referenced_names(doc: ManifestDocument) -> set[str]:
    """Names the manifest gives another job (artefacts, model signatures), so they are not samples."""
    names: set[str] = set()
    for model in doc.models:
        names.update(a.path for a in model.artifacts)
        for adapter in model.adapters:
            names.update(a.path for a in adapter.artifacts)
        if model.signing:
            names.update({model.signing.signature, model.signing.model_path.rstrip("/") + "/"})
    for dataset in doc.datasets:
        names.update(a.path for a in dataset.artifacts)
        record = dataset.tdm.collection_record
        if record is not None:  # a crawl's item files are training data, not output samples
            folder = record.path.replace("\\", "/").rpartition("/")[0]
            names.add(folder + "/" if folder else record.path)
    names.update(s.path for s in doc.evidence.samples)
    return names


def _claimed(name: str, claimed: set[str]) -> bool:
    return name in claimed or any(c.endswith("/") and name.startswith(c) for c in claimed)
