"""The gate as one call: manifest bytes in, `Decision` out.

The CLI, the HTTP API and the benchmarks all go through `Gate.evaluate`, so the offline and
server answers cannot drift apart. Each step is its own module (sbom.load, engine, decide);
this one only wires them together and stamps the decision with what made it.

The judging date is the caller's (`--as-of`, `?as_of=`) or today, never the manifest's: a BOM
that could pick its own date could pass Art 50 forever by saying 2026-07-31. A date the
manifest states (`context.as_of`) is only recorded, as `manifest.claimed_as_of`.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from sbom.derive import derive
from sbom.derive import warm as warm_licences
from sbom.errors import FieldProblem
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.load import FactsFile, Syntax, load_manifest
from sbom.loaders import LoadedManifest
from sbom.loaders.cyclonedx import SUPPORTED as SUPPORTED_CYCLONEDX
from sbom.locate import LineIndex, index_text
from sbom.model import PolicyInput, Verified, VerifiedBomSignature
from sbom.validation import validation_error
from service import warmup
from service.bundle import PolicyBundle
from service.decide import Outcome, Waiver, decide
from service.decision import Decision, EngineInfo, Finding, Gap, InferredFact, Location, ManifestInfo, PolicyInfo
from service.engines import PolicyEngine, RegorusEngine
from service.evidence import EvidenceConfig, EvidenceInput, check_bom_signature, collect
from service.gcpause import gc_paused
from service.scope_probe import eu_regions, probe

INPUT_RULE = "CLEANGATE-INPUT"
"""Findings about the input itself that the loader repaired and accepted (a licence id's case)."""


class Gate:
    def __init__(self, bundle: PolicyBundle, engine: PolicyEngine | None = None,
                 limits: Limits = DEFAULT_LIMITS, evidence: EvidenceConfig | None = None) -> None:
        self.bundle = bundle
        self.engine = engine or RegorusEngine(bundle)
        self.limits = limits
        self.evidence = evidence or EvidenceConfig()
        self.eu_regions = eu_regions(self.engine)
        warm_licences()

    def warm(self) -> None:
        """Pay a process's one-time costs now, before the first request: the server's evaluation
        workers call this when they start (service/evalpool.py).

        A first evaluation otherwise also builds whatever its format needs on first use (the
        CycloneDX schema validators: ~150 ms; pydantic's and libyaml's first calls), so it cost
        up to 20x a warm one. The CLI does not call it: a one-shot run pays only for the format it
        reads. The warm-up manifests are the gate's own and their decisions are discarded.
        """
        for version in SUPPORTED_CYCLONEDX:
            self.evaluate(warmup.cyclonedx(version))
        self.evaluate(warmup.NATIVE)

    @gc_paused()
    def load(self, data: bytes, syntax: Syntax | None = None, *, facts: FactsFile | None = None,
             source: str | None = None, read_bom: Callable[[str], tuple[bytes, str]] | None = None) -> LoadedManifest:
        return load_manifest(data, syntax, self.limits, facts=facts, label=source, read_bom=read_bom)

    def verify(self, loaded: LoadedManifest, data: bytes | None,
               evidence: EvidenceInput | None) -> tuple[VerifiedBomSignature | None, Verified]:
        """Check the BOM signature (a bad one raises a 422 ManifestError) and every piece of evidence.

        Thread-safe and free of the engine, so the API runs it off the event loop.
        """
        bom_signature = None if data is None else check_bom_signature(
            data, loaded.format, self.evidence, evidence.detached_signature if evidence else None)
        return bom_signature, collect(loaded.policy_input, self.evidence, evidence, bom_signature)

    def policy_document(self, loaded: LoadedManifest, data: bytes | None = None,
                        evidence: EvidenceInput | None = None, *, as_of: date | None = None) -> PolicyInput:
        """The document `evaluate_loaded` hands the policies (derived facts, verified evidence), without
        evaluating it: reports (service/reports/) are built from this, so they say what the gate judges."""
        _, verified = self.verify(loaded, data, evidence)
        doc = self._input_document(loaded.policy_input, as_of, {})
        return doc.model_copy(update={"verified": verified})

    @gc_paused()
    def evaluate(self, data: bytes, syntax: Syntax | None = None, *, as_of: date | None = None,
                 ci: dict[str, str | None] | None = None, source: str | None = None,
                 waivers: Iterable[Waiver] = (), requested_by: str | None = None, facts: FactsFile | None = None,
                 read_bom: Callable[[str], tuple[bytes, str]] | None = None,
                 evidence: EvidenceInput | None = None) -> Decision:
        started = time.perf_counter()
        loaded = self.load(data, syntax, facts=facts, source=source, read_bom=read_bom)
        return self.evaluate_loaded(loaded, hashlib.sha256(data).hexdigest(), as_of=as_of, ci=ci,
                                    source=source, waivers=waivers, started=started, requested_by=requested_by,
                                    evidence=evidence, data=data)

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

    @gc_paused()
    def evaluate_loaded(self, loaded: LoadedManifest, digest: str, *, as_of: date | None = None,
                        ci: dict[str, str | None] | None = None, source: str | None = None,
                        waivers: Iterable[Waiver] = (), started: float | None = None,
                        requested_by: str | None = None, evidence: EvidenceInput | None = None,
                        data: bytes | None = None,
                        checked: tuple[VerifiedBomSignature | None, Verified] | None = None) -> Decision:
        """`as_of` is the caller's judging date (None: today); `requested_by` names who asked for it;
        `checked` is `verify()`'s result when the caller ran it already (the API, on a worker thread)."""
        started = started if started is not None else time.perf_counter()
        bom_signature, verified = checked or self.verify(loaded, data, evidence)
        source_doc = loaded.policy_input
        claimed = source_doc.context.as_of
        # The manifest's own context.as_of is never the judging date (it is only recorded below).
        doc = self._input_document(source_doc, as_of, ci or {})
        # Verified facts are the gate's own, like derived ones: never taken from the manifest.
        doc = doc.model_copy(update={"verified": verified})
        assert doc.context.as_of is not None
        result = probe(self.engine, doc, self.engine.evaluate(doc.model_dump_json(exclude_none=True)),
                       self.eu_regions)
        outcome = decide(result, self.bundle, loaded.source_map.resolve, waivers)
        _add_notices(outcome, loaded.notices)
        self._locate(loaded, [*outcome.findings, *outcome.gaps])
        return Decision(
            decision_id=str(uuid.uuid4()),
            created_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            as_of=doc.context.as_of.isoformat(),
            as_of_source="caller" if as_of is not None else "clock",
            as_of_requested_by=requested_by if as_of is not None else None,
            verdict=outcome.verdict,
            summary=outcome.summary,
            findings=outcome.findings,
            gaps=outcome.gaps,
            undetermined_severity=outcome.undetermined_severity,
            rules=outcome.rules,
            manifest=ManifestInfo(
                format=loaded.format, format_version=loaded.format_version, digest=f"sha256:{digest}",
                system=doc.system.name, system_version=doc.system.version, source=source,
                facts=next(iter(loaded.extra_sources), None) if loaded.label else None,
                facts_digest=next((f"sha256:{s.digest}" for s in loaded.extra_sources.values()), None),
                claimed_as_of=claimed.isoformat() if claimed else None,
                signature=bom_signature,
            ),
            verified=verified,
            policy=PolicyInfo(revision=self.bundle.revision, digest=self.bundle.digest),
            engine=EngineInfo(name=self.engine.name, version=self.engine.version),
            evaluation_ms=round((time.perf_counter() - started) * 1000, 3),
            context=doc.context.ci.model_dump(),
            inferred=[InferredFact(fact=f.fact, value=f.value, source=f.source, field=f.field, file=f.file)
                      for f in loaded.inferred],
        )

    def _locate(self, loaded: LoadedManifest, items: list[Finding | Gap]) -> None:
        """Line numbers for CI annotations, in whichever file each finding or gap points into."""
        indexes: dict[str | None, LineIndex] = {}
        for finding in items:
            if isinstance(finding, Gap):
                file, finding.path = loaded.source_map.origin(finding.fact)
                finding.file = file if loaded.label else None
            elif finding.rule != INPUT_RULE:
                file, finding.path = loaded.source_map.origin(finding.input_path)
                finding.file = file if loaded.label else None
            key = finding.file if finding.file in loaded.extra_sources else None
            source = loaded.extra_sources.get(key) if key else None
            text, syntax, node = (source.text, source.syntax, source.yaml_node) if source else (
                loaded.text, loaded.syntax, loaded.yaml_node)
            if syntax == "xml":
                continue
            if key not in indexes:
                indexes[key] = index_text(text, syntax, self.limits, node)
            line, column = indexes[key].locate(finding.path)
            finding.location = Location(line=line, column=column)


def _add_notices(outcome: Outcome, notices: list[FieldProblem]) -> None:
    """Repaired input problems are warnings: visible in every format, never a block."""
    for notice in notices:
        outcome.findings.append(Finding(
            rule=INPUT_RULE, regulation="cleangate", reference="input", severity="warn",
            title="The input was repaired to be read", message=notice.message,
            remediation=f"Write {notice.expected}." if notice.expected else "", path=notice.pointer,
            input_path="", file=notice.file))
        outcome.summary.warn += 1
    if notices and outcome.verdict == "pass":
        outcome.verdict = "warn"
