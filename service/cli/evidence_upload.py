"""`cleangate check --server --evidence`: gather the evidence files to upload with the manifest.

The server never reads the CI runner's disk, so the CLI sends what the manifest names (samples,
artefacts, model directories and signatures, resolved inside the evidence root exactly as offline)
and every file of --evidence DIR as multipart `evidence` parts. Files the source refuses (escaping
the root, not regular, missing) are left out, so the server reports them unverified or failed
just as the offline gate would; the total is bounded by CLEANGATE_EVIDENCE_MAX_UPLOAD_BYTES.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import load_manifest
from sbom.model import ManifestDocument
from service.evidence import DirectorySource, EvidenceInput, Unavailable
from service.evidence.c2pa_samples import SAMPLE_SUFFIXES
from service.evidence.digests import artifacts


def named_paths(doc: ManifestDocument) -> tuple[list[str], list[str]]:
    """(files, directories) the manifest names as evidence."""
    files = [s.path for s in doc.evidence.samples] + [a.path for _, a in artifacts(doc)]
    directories: list[str] = []
    for model in doc.models:
        if model.signing:
            files.append(model.signing.signature)
            directories.append(model.signing.model_path)
    for dataset in doc.datasets:  # collection records and their snapshot stores (docs/optouts.md)
        record = dataset.tdm.collection_record
        if record is not None:
            files += [record.path] + ([record.snapshots.path] if record.snapshots else [])
    return files, directories


def gather(data: bytes, evidence: EvidenceInput, max_files: int, max_bytes: int) -> dict[str, bytes]:
    """name -> bytes for every evidence file to upload; ManifestError (413) past the limits."""
    parts: dict[str, bytes] = {}
    total = 0

    def add(name: str, source: DirectorySource) -> None:
        nonlocal total
        try:
            size = source.size(name)
        except Unavailable:
            return  # the server reports it (not uploaded = declared only)
        total += size
        if len(parts) + 1 > max_files or total > max_bytes:
            raise ManifestError("too much evidence to upload", [FieldProblem(
                "/evidence", f"more than {max_files} files or {max_bytes} bytes",
                "fewer evidence files (CLEANGATE_EVIDENCE_MAX_FILES / CLEANGATE_EVIDENCE_MAX_UPLOAD_BYTES)")],
                Kind.TOO_LARGE)
        with source.open(name) as stream:
            parts[name] = stream.read(size + 1)[:size]

    referenced = evidence.referenced
    if isinstance(referenced, DirectorySource):
        try:
            doc = load_manifest(data).policy_input
        except ManifestError:
            doc = None  # the server names what is wrong with the manifest
        if doc is not None:
            files, directories = named_paths(doc)
            for name in files:
                add(name, referenced)
                if name not in parts and isinstance(evidence.offered, DirectorySource):
                    add(name, evidence.offered)  # a collection record may live in --evidence DIR
            for name in directories:
                _add_directory(name, referenced, add, max_files)
    offered = evidence.offered
    if isinstance(offered, DirectorySource):
        for name in offered.names(max_files):
            if name not in parts and name.lower().endswith(tuple(SAMPLE_SUFFIXES)):
                add(name, offered)
    return parts


def _add_directory(name: str, source: DirectorySource, add: Callable[[str, DirectorySource], None],
                   max_files: int) -> None:
    try:
        with source.directory(name, max_files, 1 << 62) as root:
            if root.is_file():
                add(name, source)
                return
            for file in sorted(p for p in root.rglob("*") if p.is_file()):
                add(posixpath.join(name.rstrip("/"), file.relative_to(root).as_posix()), source)
    except Unavailable:
        return
