"""One protocol for `cleangate check`'s two ways of judging a manifest: here, or on a gate server.

`check` reads the manifests, renders the report and picks the exit code; an `Evaluator` only
turns one manifest into a `Decision` (raising `ManifestError`, or `GateUnavailable` for a
server that cannot be reached) and, for `--attest`, gives the signed envelope of a decision.
`OfflineEvaluator` runs the embedded gate (with repository waivers, the BOM a cleangate.yaml
names and the evidence beside it); `RemoteEvaluator` posts to `/v1/evaluate`, uploading the
evidence files the manifest names. Neither imports httpx until a request is sent, so the
offline path stays as light as a slim install (tests/test_slim_install.py).
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import FactsFile
from service.cli.evidence_upload import gather
from service.cli.remote import RemoteGate
from service.decision import Decision
from service.evidence import DirectorySource, EvidenceInput
from service.gate import Gate
from service.repo_waivers import RepoWaivers
from service.settings import Settings

if TYPE_CHECKING:
    from service.attest.keys import SigningKey


class Evaluator(Protocol):
    """What `cleangate check` asks of a gate, wherever it runs."""

    def decide(self, data: bytes, source: str, label: str, facts: FactsFile | None) -> Decision:
        """The decision on one manifest: `source` is the path given (`-` for stdin), `label` what reports name."""
        ...

    def attestation(self, decision: Decision) -> dict[str, object] | None:
        """The signed envelope of `decision` for --attest, or None when there is none."""
        ...


@dataclass
class OfflineEvaluator:
    """The embedded gate, with the repository waivers (--waivers) and the offline signing key (--attest)."""

    gate: Gate
    args: argparse.Namespace
    settings: Settings
    ci: dict[str, str | None]
    waivers: RepoWaivers | None = None
    signer: SigningKey | None = None

    def decide(self, data: bytes, source: str, label: str, facts: FactsFile | None) -> Decision:
        read_bom = bom_reader(source, self.settings.max_body_bytes)
        if self.waivers is None:
            return self.gate.evaluate(data, as_of=self.args.as_of, source=label, ci=self.ci, facts=facts,
                                      read_bom=read_bom, evidence=evidence_for(self.args, source))
        loaded = self.gate.load(data, facts=facts, source=label, read_bom=read_bom)
        doc = loaded.policy_input
        matching = self.waivers.matching(doc.system.name, doc.system.version, self.ci.get("repository"))
        return self.gate.evaluate_loaded(
            loaded, hashlib.sha256(data).hexdigest(), as_of=self.args.as_of, source=label, ci=self.ci,
            waivers=[w.as_waiver() for w in matching], evidence=evidence_for(self.args, source), data=data)

    def attestation(self, decision: Decision) -> dict[str, object] | None:
        from service.attest.signing import attest

        assert self.signer is not None, "check loads the signing key before evaluating under --attest"
        return attest(decision.model_dump(mode="json"), self.signer, self.settings.verifier_id)


@dataclass
class RemoteEvaluator:
    """A gate server: the evidence files the manifest names are uploaded with it; the server signs."""

    gate: RemoteGate
    args: argparse.Namespace
    settings: Settings

    def decide(self, data: bytes, source: str, label: str, facts: FactsFile | None) -> Decision:
        given = evidence_for(self.args, source)
        files = gather(data, given, self.settings.evidence_max_files, self.settings.evidence_max_upload_bytes) \
            if self.args.evidence or self.args.evidence_root or names_evidence(data) else None
        return self.gate.evaluate(data, as_of=self.args.as_of, source=label, evidence=files,
                                  bom_signature=given.detached_signature, facts=facts, attest=bool(self.args.attest))

    def attestation(self, decision: Decision) -> dict[str, object] | None:
        return self.gate.attestations.get(decision.decision_id)


def bom_reader(source: str, limit: int) -> Callable[[str], tuple[bytes, str]]:
    """Read the BOM a cleangate.yaml names (`bom: ./aibom.cdx.json`), relative to that file."""
    base = Path(".") if source == "-" else Path(source).parent

    def read(reference: str) -> tuple[bytes, str]:
        path = base / reference
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ManifestError("cannot read the BOM this manifest names", [FieldProblem(
                "/bom", f"{reference[:200]!r}: {exc.strerror or exc}", "a BOM file relative to the manifest")],
                kind=Kind.MALFORMED) from None
        if len(data) > limit:
            raise ManifestError("the BOM is too large", [FieldProblem("/bom", f"{len(data)} bytes",
                                                                       f"at most {limit} bytes")], kind=Kind.TOO_LARGE)
        return data, path.as_posix()

    return read


def evidence_for(args: argparse.Namespace, source: str) -> EvidenceInput:
    """Where this manifest's evidence files are: beside it (inside --evidence-root), plus --evidence."""
    base = Path.cwd() if source == "-" else Path(source).resolve().parent
    root = args.evidence_root.resolve() if args.evidence_root else base
    return EvidenceInput(
        referenced=DirectorySource(root, base),
        offered=DirectorySource(args.evidence, origin="directory") if args.evidence else None,
        detached_signature=args.bom_signature.read_bytes() if args.bom_signature else None,
    )


def names_evidence(data: bytes) -> bool:
    """Whether the manifest names evidence files (only then does a remote check upload anything)."""
    return any(marker in data for marker in (b"samples", b"artifacts", b"signing", b"collection_record"))
