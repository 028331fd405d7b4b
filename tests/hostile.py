"""Hostile and half-filled manifests shared by the CLI and HTTP tests.

Each case: a name, the bytes, the expected status class, and a pointer the error must name
("" means the whole document).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    body: bytes
    status: int
    pointer: str
    content_type: str = "application/yaml"


BILLION_LAUGHS = b"""apiVersion: cleangate/v1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
system: {name: x}
"""

CASES = [
    Case("malformed-json", b'{"apiVersion": "cleangate/v1", "system": ', 400, "", "application/json"),
    Case("malformed-yaml", b"apiVersion: cleangate/v1\nsystem: {name: [}\n", 400, ""),
    Case("yaml-billion-laughs", BILLION_LAUGHS, 413, ""),
    Case("json-10000-deep", b"[" * 10_000 + b"]" * 10_000, 400, "", "application/json"),
    Case("json-10000-deep-object", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, 400, "", "application/json"),
    Case("yaml-10000-deep", b"x: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", 400, ""),
    Case("non-utf8", b"apiVersion: cleangate/v1\nsystem: {name: caf\xe9}\n", 400, ""),
    Case("nul-byte", b"apiVersion: cleangate/v1\x00\n", 400, ""),
    Case("wrong-type", b"apiVersion: cleangate/v1\nsystem: {name: x, capabilities: {interacts_with_persons: 'yes'}}\n",
         422, "/system/capabilities/interacts_with_persons"),
    Case("wrong-type-list", b"apiVersion: cleangate/v1\nsystem: {name: x, roles: provider}\n", 422, "/system/roles"),
    Case("unknown-field", b"apiVersion: cleangate/v1\nsystem: {name: x}\nmodel: []\n", 422, "/model"),
    Case("missing-system", b"apiVersion: cleangate/v1\n", 422, "/system"),
    Case("half-filled-model", b"apiVersion: cleangate/v1\nsystem: {name: x}\nmodels: [{version: '1'}]\n",
         422, "/models/0/name"),
    Case("duplicate-key", b"apiVersion: cleangate/v1\nsystem: {name: x}\nsystem: {name: y}\n", 400, ""),
    Case("python-tag", b"apiVersion: cleangate/v1\nsystem: !!python/object/apply:os.system ['id']\n", 400, ""),
    Case("infinite-number", b'{"apiVersion": "cleangate/v1", "system": {"name": "x"},'
         b' "models": [{"name": "m", "training_flop": 1e999}]}', 422, "/models/0/training_flop", "application/json"),
    Case("5000-digit-integer", b'{"apiVersion": "cleangate/v1", "system": {"name": "x"}, "models": [{"name": "m",'
         b' "parameter_count": ' + b"9" * 5000 + b"}]}", 400, "", "application/json"),
    Case("empty", b"", 415, ""),
    Case("not-a-manifest", b"name: just some yaml\n", 415, ""),
    Case("cyclonedx-as-yaml", b"bomFormat: CycloneDX\nspecVersion: '1.6'\n", 415, ""),
    Case("cyclonedx-bad-schema", b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": "one"}', 422,
         "/version", "application/json"),
]
