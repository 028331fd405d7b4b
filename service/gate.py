"""The gate as one call: manifest bytes in, `Decision` out.

The CLI, the HTTP API and the benchmarks all go through `Gate.evaluate`, so the offline and
server answers cannot drift apart. Each step is its own module (sbom.load, engine, decide);
this one only wires them together and stamps the decision with what made it.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from sbom.derive import derive
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.load import Syntax, load_manifest
from sbom.loaders import LoadedManifest
from sbom.locate import index_text
from sbom.model import PolicyInput, Verified, VerifiedBomSignature
from sbom.validation import validation_error
from service.bundle import PolicyBundle
from service.decide import Waiver, decide
from service.decision import Decision, EngineInfo, Location, ManifestInfo, PolicyInfo
from service.engines import PolicyEngine, RegorusEngine
from service.evidence import EvidenceConfig, EvidenceInput, check_bom_signature, collect


class Gate:
    def __init__(self, bundle: PolicyBundle, engine: PolicyEngine | None = None,
                 limits: Limits = DEFAULT_LIMITS, evidence: EvidenceConfig | None = None) -> None:
        self.bundle = bundle
        self.engine = engine or RegorusEngine(bundle)
        self.limits = limits
        self.evidence = evidence or EvidenceConfig()

    def load(self, data: bytes, syntax: Syntax | None = None) -> LoadedManifest:
        return load_manifest(data, syntax, self.limits)

    def verify(self, loaded: LoadedManifest, data: bytes | None,
               evidence: EvidenceInput | None) -> tuple[VerifiedBomSignature | None, Verified]:
        """Check the BOM signature (a bad one raises a 422 ManifestError) and every piece of evidence.

        Thread-safe and free of the engine, so the API runs it off the event loop.
        """
        bom_signature = None if data is None else check_bom_signature(
            data, loaded.format, self.evidence, evidence.detached_signature if evidence else None)
        return bom_signature, collect(loaded.policy_input, self.evidence, evidence, bom_signature)

    def evaluate(self, data: bytes, syntax: Syntax | None = None, *, as_of: date | None = None,
                 ci: dict[str, str | None] | None = None, source: str | None = None,
                 waivers: Iterable[Waiver] = (), evidence: EvidenceInput | None = None) -> Decision:
        started = time.perf_counter()
        loaded = self.load(data, syntax)
        return self.evaluate_loaded(loaded, hashlib.sha256(data).hexdigest(), as_of=as_of, ci=ci,
                                    source=source, waivers=waivers, started=started, evidence=evidence, data=data)

    def query_document(self, path: list[str], input_document: Any) -> tuple[bool, Any]:
        """`data.<path>` for an OPA Data API request: (defined, value).

        As in OPA, the input is the policy input document itself; it must match that document's
        schema (strict, so a typo is an error rather than a silent "not stated"). What the gate
        fills in for `evaluate` is filled in here only where the caller left it out: the date
        (today) and the derived licence facts.
        """
        try:
            doc = PolicyInput.model_validate(input_document)
        except ValidationError as exc:
            raise validation_error(exc, PolicyInput, lambda p: "/input" + p) from None
        if doc.derived is None:
            doc = self._input_document(doc, doc.context.as_of, {})
        elif doc.context.as_of is None:
            doc = doc.model_copy(update={"context": doc.context.model_copy(update={"as_of": datetime.now(UTC).date()})})
        query = "data" + "".join(f".{part}" for part in path)
        results = json.loads(self.engine.query(query, doc.model_dump_json(exclude_none=True))).get("result") or []
        values = [e.get("value") for r in results for e in r.get("expressions") or []]
        return (True, values[0]) if values else (False, None)

    def _input_document(self, source_doc: PolicyInput, as_of: date | None, ci: dict[str, str | None]) -> PolicyInput:
        # Copy only the context we change: a deep copy of the whole document cost more than the
        # policy evaluation itself.
        ci_updates = {k: v for k, v in ci.items() if v and getattr(source_doc.context.ci, k, None) is None}
        context = source_doc.context.model_copy(update={
            "as_of": as_of or datetime.now(UTC).date(),
            "ci": source_doc.context.ci.model_copy(update=ci_updates),
        })
        # Derived facts are computed here, never taken from the manifest.
        return source_doc.model_copy(update={"context": context, "derived": derive(source_doc)})

    def evaluate_loaded(self, loaded: LoadedManifest, digest: str, *, as_of: date | None = None,
                        ci: dict[str, str | None] | None = None, source: str | None = None,
                        waivers: Iterable[Waiver] = (), started: float | None = None,
                        evidence: EvidenceInput | None = None, data: bytes | None = None,
                        checked: tuple[VerifiedBomSignature | None, Verified] | None = None) -> Decision:
        """`checked` is `verify()`'s result when the caller ran it already (the API, on a worker thread)."""
        started = started if started is not None else time.perf_counter()
        bom_signature, verified = checked or self.verify(loaded, data, evidence)
        source_doc = loaded.policy_input
        doc = self._input_document(source_doc, as_of or source_doc.context.as_of, ci or {})
        # Verified facts are the gate's own, like derived ones: never taken from the manifest.
        doc = doc.model_copy(update={"verified": verified})
        assert doc.context.as_of is not None
        result = self.engine.evaluate(doc.model_dump_json(exclude_none=True))
        outcome = decide(result, self.bundle, loaded.source_map.resolve, waivers)
        if outcome.findings:
            # Line numbers for CI annotations; indexed only when there is something to point at.
            lines = index_text(loaded.text, loaded.syntax, self.limits, loaded.yaml_node)
            for finding in outcome.findings:
                line, column = lines.locate(finding.path)
                finding.location = Location(line=line, column=column)
        return Decision(
            decision_id=str(uuid.uuid4()),
            created_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            as_of=doc.context.as_of.isoformat(),
            verdict=outcome.verdict,
            summary=outcome.summary,
            findings=outcome.findings,
            rules=outcome.rules,
            manifest=ManifestInfo(
                format=loaded.format, format_version=loaded.format_version, digest=f"sha256:{digest}",
                system=doc.system.name, system_version=doc.system.version, source=source,
                signature=bom_signature,
            ),
            verified=verified,
            policy=PolicyInfo(revision=self.bundle.revision, digest=self.bundle.digest),
            engine=EngineInfo(name=self.engine.name, version=self.engine.version),
            evaluation_ms=round((time.perf_counter() - started) * 1000, 3),
            context=doc.context.ci.model_dump(),
        )
