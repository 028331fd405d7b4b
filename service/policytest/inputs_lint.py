"""Documented input fields must be read: the lint behind `paywall_circumvention` never mattering.

A manifest could state `datasets[].tdm.paywall_circumvention: true` and pass, because no rule
read the field although the schema accepted it; TDM-OPTOUT-CHECK's remediation asked for
`crawler`, `check_date` and `excluded_count` that no rule looked at. A reader of METADATA (or of
the catalogue) takes a documented field to be judged, so `cleangate policy check` holds METADATA
to it:

- `custom.inputs`, an optional list of input pointers (`/datasets/*/tdm/paywall_circumvention`,
  `*` for array items), says which facts a rule reads. Each must be a field of the policy input
  document, and the package's Rego (or data.cleangate.lib, which packages call) must read it.
- Field paths named in a rule's description, remediation or applies_when
  (`datasets[].tdm.robots_txt_honoured`, `system.transparency.marking (mechanism, timing)`) are
  documented too, and must exist and be read the same way.
- The other way round: in a package whose rules declare `custom.inputs`, every input field its
  Rego reads must be declared by one of them, so the declaration stays complete as rules change.

"Read" is decided by name (a `.field` or `"field"` in the code, comments and other strings aside),
which is what a static check of Rego can see without evaluating it; a field name shared by two
objects (`mechanism`) counts as read for both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from service.bundle import PolicyFile
from service.bundle.metadata import Annotation
from service.bundle.rego_source import package_name, without_comment

ROOTS = ("system", "models", "datasets", "governance", "evidence", "context", "derived", "extensions")
TEXT_PATH = re.compile(
    r"(?<![\w./])(?P<path>(?:" + "|".join(ROOTS) + r")(?:\[\])?(?:\.[a-z_][a-z0-9_]*(?:\[\])?)+)"
    r"(?:\s*\((?P<list>[a-z_][a-z0-9_]*(?:,\s*[a-z_][a-z0-9_]*)*)\))?"
)
LABEL_FIELDS = frozenset({"name"})
"""Fields read only to name an item in messages; no rule judges them."""
RECORD_KEYS = frozenset({"path", "why", "model", "rule", "dataset"})
"""Input field names that are also the keys of the records rules build for themselves (a finding's
`path` and `rule`, a gap's `why`, a pair's `model` or `dataset`): reading `x.path` says nothing about reading the input
field, so the reverse check (every read field declared) leaves them out. They are still checked
where METADATA names them."""


@dataclass(frozen=True)
class InputProblem:
    file: str
    line: int
    message: str


@functools.cache
def schema_fields() -> frozenset[tuple[str, ...]]:
    """Every field path of the policy input document, with "*" for array items and map keys."""
    from sbom.model import PolicyInput

    schema = PolicyInput.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    out: set[tuple[str, ...]] = set()
    stack: list[tuple[dict[str, Any], tuple[str, ...]]] = [(schema, ())]
    while stack:
        node, path = stack.pop()
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[1]]
        for alt in node.get("anyOf", []):
            stack.append((alt, path))
        if path:
            out.add(path)
        for key, sub in (node.get("properties") or {}).items():
            stack.append((sub, (*path, key)))
        if isinstance(node.get("items"), dict):
            stack.append((node["items"], (*path, "*")))
        if isinstance(node.get("additionalProperties"), dict):
            stack.append((node["additionalProperties"], (*path, "*")))
    return frozenset(out)


@functools.cache
def leaf_names() -> frozenset[str]:
    """Names of fields that hold values (not groups): what a rule can judge."""
    fields = schema_fields()
    groups = {p[:k] for p in fields for k in range(len(p)) if any(seg != "*" for seg in p[k:])}
    return frozenset(p[-1] for p in fields if p not in groups and p[-1] != "*") | frozenset(
        p[-2] for p in fields if p[-1] == "*" and p not in groups and len(p) > 1)


def _field_name(path: tuple[str, ...]) -> str:
    named = [p for p in path if p != "*"]
    return named[-1] if named else ""


def _code(source: str) -> str:
    """Rego without comments; string literals kept (object.get(x, ["tdm", "field"]) reads by string)."""
    return "\n".join(without_comment(line) for line in source.splitlines())


def _reads(code: str, name: str) -> bool:
    return re.search(r'(?:\.|")' + re.escape(name) + r'(?![\w])(?!\s*\()', code) is not None


def _pointer(text: str) -> tuple[str, ...] | None:
    if not text.startswith("/"):
        return None
    return tuple(text[1:].split("/"))


def _documented_paths(annotation: Annotation) -> list[tuple[str, tuple[str, ...]]]:
    """(as written, path) for every input field the rule's METADATA text names."""
    custom = annotation.fields.get("custom") if isinstance(annotation.fields.get("custom"), dict) else {}
    texts = [str(annotation.fields.get("description", "")), str((custom or {}).get("remediation", "")),
             str((custom or {}).get("applies_when", ""))]
    out = []
    for text in texts:
        for match in TEXT_PATH.finditer(" ".join(text.split())):
            base = tuple(p.removesuffix("[]") for p in match["path"].split("."))
            base = tuple(x for p in base for x in ((p, "*") if f"{p}[]" in match["path"].split(".") else (p,)))
            names = [n.strip() for n in match["list"].split(",")] if match["list"] else []
            if names:
                out += [(f"{match['path']} ({n})", (*base, n)) for n in names]
            else:
                out.append((match["path"], base))
    return out


def _known(path: tuple[str, ...]) -> bool:
    fields = schema_fields()
    return path in fields or path[0] == "extensions"


def check_inputs(files: list[PolicyFile], annotations: list[Annotation]) -> list[InputProblem]:
    code_by_package: dict[str, str] = {}
    for f in files:
        if not f.is_test:
            pkg = package_name(f.source)
            code_by_package[pkg] = code_by_package.get(pkg, "") + "\n" + _code(f.source)
    lib = code_by_package.get("cleangate.lib", "")
    problems: list[InputProblem] = []
    declared_by_package: dict[str, set[str]] = {}
    for a in annotations:
        if a.is_test or a.rule is None:
            continue
        code = code_by_package.get(a.package, "") + "\n" + lib
        custom = a.fields.get("custom") if isinstance(a.fields.get("custom"), dict) else {}
        raw = (custom or {}).get("inputs")
        listed: list[tuple[str, tuple[str, ...] | None]] = []
        if raw is not None:
            if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
                problems.append(InputProblem(a.file, a.line, f"{a.rule.id}: custom.inputs must be a list of input "
                                             "pointers such as /datasets/*/tdm/robots_txt_honoured"))
            else:
                listed = [(x, _pointer(x)) for x in raw]
                declared_by_package.setdefault(a.package, set()).update(
                    _field_name(p) for _, p in listed if p is not None)
        for written, path in [*listed, *_documented_paths(a)]:
            if path is None or not _known(path):
                problems.append(InputProblem(a.file, a.line, f"{a.rule.id}: METADATA names input field {written}, "
                                             "which the policy input document does not have (docs/input-reference.md)"))
                continue
            name = _field_name(path)
            if path[0] != "extensions" and name and not _reads(code, name):
                problems.append(InputProblem(a.file, a.line, f"{a.rule.id}: METADATA says the rule reads {written}, "
                                             f"but no Rego in {a.package} reads `{name}`: evaluate it or stop "
                                             "documenting it"))
    for pkg, declared in declared_by_package.items():
        code = code_by_package.get(pkg, "")
        first = next(a for a in annotations if a.package == pkg and not a.is_test)
        for name in sorted(leaf_names() - LABEL_FIELDS - RECORD_KEYS - set(ROOTS) - declared):
            if _reads(code, name):
                problems.append(InputProblem(first.file, first.line, f"{pkg} reads input field `{name}` but no rule's "
                                             "custom.inputs declares it (a package that declares inputs declares "
                                             "all of them)"))
    return problems
