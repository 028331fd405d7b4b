"""Write the policy bundle as an OPA bundle (tar.gz) so an OPA server evaluates the same policies.

Layout per the OPA bundle format: `/.manifest` (revision and roots), `/data.json` (the merged
organisation settings) and the `.rego` files under their bundle labels (`builtin/...`,
`custom0/...`), test files left out. The archive is reproducible: sorted entries, fixed
timestamps and owners, so the same policies always give the same bytes and the revision in the
manifest matches the one every decision records.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile

from service.bundle.bundle import PolicyBundle


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


def build_opa_bundle(bundle: PolicyBundle) -> bytes:
    manifest = {
        "revision": bundle.revision,
        "roots": _roots(bundle),
        "rego_version": 1,
        "metadata": {"digest": bundle.digest, "producer": "cleangate"},
    }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, "/.manifest", json.dumps(manifest, sort_keys=True, indent=2).encode())
        _add(tar, "/data.json", json.dumps(bundle.data, sort_keys=True, indent=2).encode())
        for f in sorted(bundle.policy_files, key=lambda f: f.path):
            _add(tar, f"/{f.path}", f.source.encode())
    return gzip.compress(raw.getvalue(), mtime=0)
