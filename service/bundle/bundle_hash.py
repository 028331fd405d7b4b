"""File digests exactly as OPA computes them for `.signatures.json` (OPA's v1/bundle/hash.go).

OPA hashes a bundle file in one of two ways, chosen by its base name:
- structured files (`data.json`, `data.yaml`, `.manifest`, `.signatures.json`) are parsed and
  hashed as a canonical walk, so whitespace and key order do not matter: an object is `{`, then
  each key in sorted order as a JSON string, `:`, the value's walk, `,` between items, `}`; an
  array is `[`, the items' walks with `,` between, `]`; a primitive is Go's JSON encoding of it.
  Numbers keep their literal text (OPA decodes with json.Number), strings are encoded the way Go
  encodes them without HTML escaping (U+2028 and U+2029 are escaped, `<>&` are not);
- every other file (`.rego`, wasm, plans) is hashed byte for byte.

A digest computed differently would make OPA reject every bundle cleangate signs, so the tests
check these rules against digests published in OPA's own test suite.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable
from typing import Any

import yaml

STRUCTURED_NAMES = frozenset({"data.json", "data.yaml", ".manifest", ".signatures.json"})
"""Base names OPA treats as structured documents (bundle.IsStructuredDoc)."""

HASHES: dict[str, Callable[[], Any]] = {
    "MD5": hashlib.md5, "SHA-1": hashlib.sha1, "SHA-224": hashlib.sha224, "SHA-256": hashlib.sha256,
    "SHA-384": hashlib.sha384, "SHA-512": hashlib.sha512,
    "SHA-512-224": lambda: hashlib.new("sha512_224"), "SHA-512-256": lambda: hashlib.new("sha512_256"),
}
"""OPA's hashing algorithm names (case-sensitive, as OPA matches them) to hashlib constructors."""


class _Number(str):
    """A JSON number kept as the text it was written with, as Go's json.Number keeps it."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _encode_string(text: str) -> str:
    # Python's escapes match Go's (\" \\ \n \r \t \b \f, other controls as lowercase \u00xx);
    # Go additionally escapes the two JavaScript line separators, even without HTML escaping.
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _walk(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value)):  # code-point order is UTF-8 byte order, as Go sorts
            if i:
                out.append(",")
            out.append(_encode_string(key))
            out.append(":")
            _walk(value[key], out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _walk(item, out)
        out.append("]")
    elif isinstance(value, _Number):
        out.append(str.__str__(value))
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif value is True or value is False or value is None or isinstance(value, int | float):
        out.append(json.dumps(value))  # YAML numbers arrive as int/float: printed the shortest way, as Go does
    else:
        raise ValueError(f"cannot hash a {type(value).__name__} as JSON")


def canonical(value: Any) -> bytes:
    """The byte stream OPA feeds to the hash for a structured document."""
    out: list[str] = []
    _walk(value, out)
    return "".join(out).encode("utf-8")


def parse_structured(name: str, content: bytes) -> Any:
    """Parse a structured bundle file as OPA does; raises ValueError when it is not JSON (or YAML)."""
    text = content.decode("utf-8")
    if posixpath.basename(name) == "data.yaml":
        return yaml.safe_load(text)
    return json.loads(text, parse_int=_Number, parse_float=_Number, parse_constant=_reject_constant)


def is_structured(name: str) -> bool:
    return posixpath.basename(name) in STRUCTURED_NAMES


def file_digest(name: str, content: bytes, algorithm: str = "SHA-256") -> str:
    """Hex digest of one bundle file under OPA's rules; raises ValueError for an unknown algorithm."""
    factory = HASHES.get(algorithm)
    if factory is None:
        raise ValueError(f"unsupported hashing algorithm: {algorithm} (OPA knows {', '.join(HASHES)})")
    h = factory()
    h.update(canonical(parse_structured(name, content)) if is_structured(name) else content)
    digest: str = h.hexdigest()
    return digest
