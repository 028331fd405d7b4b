"""`verified.collection_records`: each dataset's collection record, read and judged by the gate.

The manifest names the record (`datasets[].tdm.collection_record`); the file comes from the same
place as every other evidence file (the manifest's folder on the CLI, the uploaded parts on the API)
and is charged to the request's budget. A record the gate cannot read is a result with a status and
a reason, never an exception: the policies decide what a missing or broken record means.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from sbom.model import (
    CollectionProblem,
    CollectionRecord,
    CollectionSample,
    Dataset,
    Hash,
    ManifestDocument,
    VerifiedCollectionRecord,
)
from service.evidence.interface import EvidenceRequest, Verifier
from service.evidence.optouts.evaluate import C2paReader, Judge, Tally, run
from service.evidence.optouts.records import READERS, Header
from service.evidence.optouts.snapshots import SnapshotStore, read_jsonl_store, read_warc_store
from service.evidence.sources import EvidenceSource, Unavailable

CHUNK = 1024 * 1024


class Refused(Exception):
    def __init__(self, status: str, why: str) -> None:
        super().__init__(why)
        self.status, self.why = status, why


class CollectionRecordVerifier(Verifier):
    field = "collection_records"

    def verify(self, doc: ManifestDocument, request: EvidenceRequest) -> Sequence[VerifiedCollectionRecord]:
        return [self._one(request, i, ds, ds.tdm.collection_record)
                for i, ds in enumerate(doc.datasets) if ds.tdm.collection_record is not None]

    def _one(self, request: EvidenceRequest, i: int, ds: Dataset, spec: CollectionRecord) -> VerifiedCollectionRecord:
        pointer = f"/datasets/{i}/tdm/collection_record"
        result = VerifiedCollectionRecord(dataset=ds.name, dataset_index=i, pointer=pointer, file=spec.path,
                                          format=spec.format, status="not_given", crawler=ds.tdm.crawler)
        try:
            _imports(spec)
            source = _source_of(request, spec.path)
            _open_checked(request, source, spec.path, spec.hashes)
            store = SnapshotStore()
            if spec.snapshots is not None:
                _open_checked(request, source, spec.snapshots.path, spec.snapshots.hashes)
                with source.open(spec.snapshots.path) as stream:
                    (read_warc_store if spec.snapshots.format == "warc" else read_jsonl_store)(stream, store)
            if spec.format == "warc":  # robots.txt captures inside the crawl's own WARC
                with source.open(spec.path) as stream:
                    read_warc_store(stream, store)
            header = Header()
            with source.open(spec.path) as stream:
                entries = READERS[spec.format](stream, header)
                first = next(entries, None)  # the header line is read before the judge is built
                judge = self._judge(request, source, ds, spec, store, header)
                if first is not None:
                    run([first], judge, lambda: False)
                tally = run(entries, judge, request.budget.expired)
        except Refused as exc:
            return result.model_copy(update={"status": exc.status, "why": exc.why})
        except Unavailable as exc:
            return result.model_copy(update={"status": "failed" if exc.reachable else "not_given", "why": exc.why})
        return _report(result, judge, tally, store)

    def _judge(self, request: EvidenceRequest, source: EvidenceSource, ds: Dataset, spec: CollectionRecord,
               store: SnapshotStore, header: Header) -> Judge:
        agents: list[str] = []
        for agent in [*spec.agents, *header.agents]:
            if agent.lower() not in {a.lower() for a in agents}:
                agents.append(agent)
        licences = {lic.domain.lower().strip("."): lic.reference for lic in spec.licences}
        licences.update(header.licences)
        crawler = header.user_agent or header.crawler or ds.tdm.crawler
        return Judge(store=store, header=header, crawler=crawler, agents=tuple(agents), licences=licences,
                     c2pa=_c2pa_reader(request, source))


def _source_of(request: EvidenceRequest, name: str) -> EvidenceSource:
    """Where the record is: beside the manifest, else in the offered evidence (`--evidence DIR`)."""
    for source in (request.referenced, request.offered):
        if source is None:
            continue
        try:
            source.size(name)
        except Unavailable as exc:
            if exc.reachable:
                raise
            continue
        return source
    if request.referenced is None and request.offered is None:
        raise Refused("not_given", "no evidence files were supplied with the request")
    raise Unavailable(f"{name!r} is neither beside the manifest nor in the evidence supplied", reachable=False)


def _imports(spec: CollectionRecord) -> None:
    try:
        import protego  # noqa: F401
        if spec.format == "warc" or (spec.snapshots is not None and spec.snapshots.format == "warc"):
            import warcio  # noqa: F401
    except ImportError as exc:
        raise Refused("declared-only", f"{exc.name} is not installed on this gate "
                                       "(pip install 'cleangate[evidence]')") from None


def _open_checked(request: EvidenceRequest, source: EvidenceSource, name: str, hashes: list[Hash]) -> None:
    """Apply the size limit and the budget to `name`, and check its stated digests."""
    size = source.size(name)
    limit = request.config.limits.max_artifact_bytes
    if size > limit:
        raise Refused("not_given", f"{name!r} is {size} bytes, over the limit of {limit} bytes")
    refused = request.budget.take_file(size)
    if refused:
        raise Refused("not_given", refused)
    if not hashes:
        return
    hashers: dict[str, Any] = {}
    for h in hashes:
        if h.alg not in hashlib.algorithms_available and h.alg.replace("-", "_") not in hashlib.algorithms_available:
            raise Refused("failed", f"{name!r}: digest algorithm {h.alg} is not supported for collection records")
        hashers[h.alg] = hashlib.new(h.alg.replace("-", "_"))
    with source.open(name) as stream:
        while chunk := stream.read(CHUNK):
            if request.budget.expired():
                raise Refused("not_given", "the evidence time limit was reached while hashing")
            for hasher in hashers.values():
                hasher.update(chunk)
    bad = sorted({h.alg for h in hashes if not hmac.compare_digest(hashers[h.alg].hexdigest(), h.value.lower())})
    if bad:
        raise Refused("failed", f"{name!r}: {', '.join(bad)} digest differs from the one the manifest states")


def _c2pa_reader(request: EvidenceRequest, source: EvidenceSource) -> C2paReader:
    """Read an item file's training-mining assertion with c2pa-python, charged to the budget."""
    state: dict[str, Any] = {}

    def read(name: str) -> tuple[str | None, str | None]:
        from sbom.model import VerifiedC2paSample
        from service.evidence.c2pa_samples import _context, media_type, read_sample

        try:
            size = source.size(name)
        except Unavailable as exc:
            return None, exc.why
        if size > request.config.limits.max_sample_bytes:
            return None, f"{size} bytes, over the sample limit"
        refused = request.budget.take_file(size)
        if refused:
            return None, refused
        try:
            if "context" not in state:
                state["context"] = _context(request.config.c2pa_trust_anchors_pem)
        except ImportError:
            return None, "c2pa-python is not installed on this gate"
        mime = media_type(name)
        sample = read_sample(state["context"], source, name, mime,
                             VerifiedC2paSample(file=name, origin=source.origin, state="declared-only"))
        if not sample.readable:
            return None, sample.why or "unreadable"
        return _training_use(sample.training_mining_entries), None

    return read


TRAINING_KEYS = ("ai_training", "ai_generative_training", "data_mining")


def _training_use(entries: dict[str, str]) -> str | None:
    """The most restrictive use among the training and mining entries (c2pa.* or cawg.* keys)."""
    uses = {use for key, use in entries.items() if key.split(".", 1)[-1] in TRAINING_KEYS}
    return next((u for u in ("notAllowed", "constrained", "allowed") if u in uses), None)


def _report(result: VerifiedCollectionRecord, judge: Judge, t: Tally, store: SnapshotStore) -> VerifiedCollectionRecord:
    problems = list(dict.fromkeys([*store.problems, *t.problems]))  # a WARC read twice reports once
    for key in judge.cache.truncated:
        problems.append((None, f"robots.txt {key[:80]} is over 512 KiB; only the first 512 KiB were parsed "
                               "(RFC 9309 §2.5)"))
    total = t.problems_total + store.problems_total + len(judge.cache.truncated)
    if t.stopped and "time limit" in t.stopped:
        status, why = "partial", f"{t.stopped}; counts cover the first {t.items} items"
    elif t.malformed or t.stopped:
        first = next((p for p in t.problems), (None, ""))
        status = "failed"
        why = t.stopped or f"{t.malformed} records could not be read (first: record {first[0]}: {first[1][:200]})"
    else:
        status, why = "verified", None
    crawler = judge.crawler
    return result.model_copy(update={
        "status": status, "why": why, "crawler": crawler,
        "agents": [a for a in ([crawler] if crawler else []) + list(judge.agents)],
        "items": t.items, "included": t.included, "excluded": t.excluded,
        "reserved_included": t.reserved_included, "reserved_licensed": t.reserved_licensed,
        "reserved_excluded": t.reserved_excluded, "channels": dict(t.channels), "robots_unknown": t.robots_unknown,
        "malformed": t.malformed, "c2pa_read": t.c2pa_read,
        "samples": [CollectionSample(**s) for s in t.samples],
        "problems": [CollectionProblem(record=r, problem=p[:500]) for r, p in problems[:60]],
        "problems_total": total,
    })
