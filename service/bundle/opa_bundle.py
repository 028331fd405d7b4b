"""Write the policy bundle as an OPA bundle (tar.gz) so an OPA server evaluates the same policies.

Layout per the OPA bundle format: `/.manifest` (revision and roots), `/data.json` (the merged
organisation settings) and the `.rego` files under their bundle labels (`builtin/...`,
`custom0/...`), test files left out. The archive is reproducible: sorted entries, fixed
timestamps and owners, so the same policies always give the same bytes and the revision in the
manifest matches the one every decision records. Given a signing key, the bundle also carries
`/.signatures.json` over every other file (bundle_signing.py), which OPA verifies on load when
`bundles.<name>.signing` is configured.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from dataclasses import dataclass
from typing import Any

from service.bundle.bundle import PolicyBundle
from service.bundle.bundle_signing import SIGNATURES_FILE, signatures_document


@dataclass(frozen=True)
class Signing:
    """How to sign: a loaded key (bundle_signing.load_signing_key), its JWS algorithm, id and scope."""

    key: Any
    algorithm: str
    key_id: str
    scope: str = ""


def _roots(bundle: PolicyBundle) -> list[str]:
    """First segments of every package and data key; OPA refuses bundles that write outside them."""
    roots = {p.split(".", 1)[0] for p in bundle.packages}
    roots |= set(bundle.data)
    return sorted(roots)


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = 0
    info.mode = 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info, io.BytesIO(content))


def bundle_files(bundle: PolicyBundle) -> list[tuple[str, bytes]]:
    """The bundle's files by bundle name (no leading slash: the names OPA signs and verifies)."""
    manifest = {
        "revision": bundle.revision,
        "roots": _roots(bundle),
        "rego_version": 1,
        "metadata": {"digest": bundle.digest, "producer": "cleangate"},
    }
    files = [(".manifest", json.dumps(manifest, sort_keys=True, indent=2).encode()),
             ("data.json", json.dumps(bundle.data, sort_keys=True, indent=2).encode())]
    files += [(f.path, f.source.encode()) for f in sorted(bundle.policy_files, key=lambda f: f.path)]
    return files


def build_opa_bundle(bundle: PolicyBundle, signing: Signing | None = None) -> bytes:
    files = bundle_files(bundle)
    if signing is not None:
        files.insert(0, (SIGNATURES_FILE, signatures_document(
            files, signing.key, signing.algorithm, signing.key_id, signing.scope)))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in files:
            _add(tar, f"/{name}", content)
    return gzip.compress(raw.getvalue(), mtime=0)
