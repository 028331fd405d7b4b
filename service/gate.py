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
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sbom.derive import derive
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.load import Syntax, load_manifest
from sbom.loaders import LoadedManifest
from sbom.locate import index_text
from service.bundle import PolicyBundle
from service.decide import Waiver, decide
from service.decision import Decision, EngineInfo, Finding, Gap, Location, ManifestInfo, PolicyInfo
from service.engines import PolicyEngine, RegorusEngine


class Gate:
    def __init__(self, bundle: PolicyBundle, engine: PolicyEngine | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self.bundle = bundle
        self.engine = engine or RegorusEngine(bundle)
        self.limits = limits

    def load(self, data: bytes, syntax: Syntax | None = None) -> LoadedManifest:
        return load_manifest(data, syntax, self.limits)

    def evaluate(self, data: bytes, syntax: Syntax | None = None, *, as_of: date | None = None,
                 ci: dict[str, str | None] | None = None, source: str | None = None,
                 waivers: Iterable[Waiver] = (), requested_by: str | None = None) -> Decision:
        started = time.perf_counter()
        loaded = self.load(data, syntax)
        return self.evaluate_loaded(loaded, hashlib.sha256(data).hexdigest(), as_of=as_of, ci=ci,
                                    source=source, waivers=waivers, started=started, requested_by=requested_by)

    def evaluate_loaded(self, loaded: LoadedManifest, digest: str, *, as_of: date | None = None,
                        ci: dict[str, str | None] | None = None, source: str | None = None,
                        waivers: Iterable[Waiver] = (), started: float | None = None,
                        requested_by: str | None = None) -> Decision:
        """`as_of` is the caller's judging date (None: today); `requested_by` names who asked for it."""
        started = started if started is not None else time.perf_counter()
        # Copy only the context we change: a deep copy of the whole document cost more than the
        # policy evaluation itself.
        source_doc = loaded.policy_input
        ci_updates = {k: v for k, v in (ci or {}).items() if v and getattr(source_doc.context.ci, k, None) is None}
        today = datetime.now(UTC).date()
        claimed = source_doc.context.as_of
        context = source_doc.context.model_copy(update={
            "as_of": as_of or today,
            "ci": source_doc.context.ci.model_copy(update=ci_updates),
        })
        # Derived facts are computed here, never taken from the manifest.
        doc = source_doc.model_copy(update={"context": context, "derived": derive(source_doc)})
        assert doc.context.as_of is not None
        result = self.engine.evaluate(doc.model_dump_json(exclude_none=True))
        outcome = decide(result, self.bundle, loaded.source_map.resolve, waivers)
        if outcome.findings or outcome.gaps:
            # Line numbers for CI annotations; indexed only when there is something to point at.
            lines = index_text(loaded.text, loaded.syntax, self.limits, loaded.yaml_node)
            located: list[Finding | Gap] = [*outcome.findings, *outcome.gaps]
            for item in located:
                line, column = lines.locate(item.path)
                item.location = Location(line=line, column=column)
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
                claimed_as_of=claimed.isoformat() if claimed else None,
            ),
            policy=PolicyInfo(revision=self.bundle.revision, digest=self.bundle.digest),
            engine=EngineInfo(name=self.engine.name, version=self.engine.version),
            evaluation_ms=round((time.perf_counter() - started) * 1000, 3),
            context=doc.context.ci.model_dump(),
        )
