"""multipart/form-data for POST /v1/evaluate: the manifest plus the evidence it names.

Parts: `manifest` (exactly one; its content type or file name says JSON or YAML), `evidence`
(zero or more files; each part's filename is the relative path the manifest uses for it),
`bom_signature` (optional detached signature of the manifest part), `facts` (optional: the
deployment facts beside a generated BOM, docs/input.md; at most the manifest's size). The parser is the standard
library's email package (linear in the body, which the BodyLimit middleware has already bounded);
counts and per-part sizes are checked here, and every refusal names the part and the limit.
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import Syntax

PARTS = ("manifest", "evidence", "bom_signature", "facts")
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}


@dataclass
class EvaluationUpload:
    manifest: bytes
    syntax: Syntax | None
    filename: str | None
    evidence: dict[str, bytes] = field(default_factory=dict)
    bom_signature: bytes | None = None
    facts: bytes | None = None
    facts_filename: str | None = None


def _refuse(pointer: str, message: str, expected: str, kind: Kind = Kind.INVALID) -> ManifestError:
    return ManifestError("multipart request is not valid", [FieldProblem(pointer, message, expected)], kind=kind)


def _syntax(part: EmailMessage, filename: str | None) -> Syntax | None:
    media = part.get_content_type()
    if media in YAML_TYPES or (filename or "").lower().endswith((".yaml", ".yml")):
        return "yaml"
    if media.endswith("json") or (filename or "").lower().endswith(".json"):
        return "json"
    if media.endswith("xml") or (filename or "").lower().endswith(".xml"):
        return "xml"
    return None


def parse_upload(content_type: str, body: bytes, *, max_manifest_bytes: int, max_files: int,
                 max_file_bytes: int) -> EvaluationUpload:
    """Split a multipart body into the manifest and its evidence files, or refuse with a 4xx."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or not message.get_boundary():
        raise _refuse("/multipart", "no multipart boundary", "multipart/form-data with a boundary", Kind.MALFORMED)
    manifest: EvaluationUpload | None = None
    evidence: dict[str, bytes] = {}
    signature: bytes | None = None
    facts: tuple[bytes, str | None] | None = None
    for index, part in enumerate(message.iter_parts()):
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        where = f"/multipart/{index}"
        if name not in PARTS:
            raise _refuse(where, f"unknown part {str(name)[:50]!r}", "parts named " + ", ".join(PARTS))
        if name == "manifest":
            if manifest is not None:
                raise _refuse(where, "a second `manifest` part", "exactly one `manifest` part")
            if len(data) > max_manifest_bytes:
                raise _refuse(where, f"manifest part is {len(data)} bytes", f"at most {max_manifest_bytes} bytes",
                    Kind.TOO_LARGE)
            manifest = EvaluationUpload(manifest=data, syntax=_syntax(part, filename), filename=filename)
        elif name == "facts":
            if facts is not None:
                raise _refuse(where, "a second `facts` part", "at most one `facts` part")
            if len(data) > max_manifest_bytes:
                raise _refuse(where, f"facts part is {len(data)} bytes", f"at most {max_manifest_bytes} bytes",
                    Kind.TOO_LARGE)
            facts = (data, filename)
        elif name == "bom_signature":
            signature = data[:64 * 1024]
        else:
            if not filename:
                raise _refuse(where, "an `evidence` part without a filename",
                              "filename= the path the manifest uses for the file")
            if filename in evidence:
                raise _refuse(where, f"{filename[:200]!r} uploaded twice", "each evidence file once")
            if len(evidence) + 1 > max_files:
                raise _refuse(where, f"more than {max_files} evidence files", f"at most {max_files}", Kind.TOO_LARGE)
            if len(data) > max_file_bytes:
                raise _refuse(where, f"{filename[:200]!r} is {len(data)} bytes", f"at most {max_file_bytes} bytes",
                    Kind.TOO_LARGE)
            evidence[filename] = data
    if manifest is None:
        raise _refuse("/multipart", "no `manifest` part", "one part named `manifest` holding the AI-BOM")
    manifest.evidence, manifest.bom_signature = evidence, signature
    if facts is not None:
        manifest.facts, manifest.facts_filename = facts
    return manifest
