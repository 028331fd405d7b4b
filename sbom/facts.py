"""Deployment facts beside a generated BOM: read the facts file and merge it with the BOM.

No BOM generator knows the AI Act role, the regions, the disclosures or the marking, so a team
keeps its generated AI-BOM and writes the deployment facts in a small native file with the
manifest's own field names (docs/input.md, "Deployment facts beside a generated BOM").

Precedence, documented in docs/input.md:
1. A fact *stated* in the BOM or in the facts file is used; stated in both with the same value
   is fine, with different values it is an error naming both places (which one the team meant is
   not ours to guess).
2. A fact *inferred* from a standard field (sbom/inference.py) fills only what neither states.
3. Anything else is unstated (absent), never a default that would make a rule pass.

Models and datasets in the facts file are matched to the BOM's by `name`; a name the BOM does
not have is an error (a typo must not create a second, fact-less model).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sbom.errors import FieldProblem, ManifestError, pointer_from_parts
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.loaders.interface import Normalised, SourceMap, SourceText
from sbom.locate import LineIndex, index_text
from sbom.model import API_VERSION, ManifestDocument
from sbom.parsing import decode_text, parse_json, parse_yaml_with_node

FACTS_KEYS = frozenset(ManifestDocument.model_fields)
REFERENCE_KEY = "bom"
"""`bom: ./aibom.cdx.json` in a cleangate.yaml: the facts are in this file, the rest in the BOM."""


def read_facts(data: bytes, label: str, limits: Limits = DEFAULT_LIMITS, *,
               allow_reference: bool = False) -> Normalised:
    """Parse a facts file (YAML or JSON) into its stated facts, every pointer mapped to itself."""
    text = decode_text(data, limits)
    node = None
    if text.lstrip()[:1] in ("{", "["):
        tree, syntax = parse_json(text, limits), "json"
    else:
        tree, node = parse_yaml_with_node(text, limits)
        syntax = "yaml"
    problems = facts_shape_problems(tree, allow_reference=allow_reference)
    if problems:
        raise ManifestError(f"the facts file {label} cannot be used", _locate(problems, text, syntax, node, label))
    stated = {k: v for k, v in tree.items() if k not in ("apiVersion", REFERENCE_KEY)}
    source_map = SourceMap()
    map_subtree(source_map, stated, "", "", label)
    return Normalised(format="cleangate", format_version="v1", syntax=syntax,  # type: ignore[arg-type]
                      text=text, stated=stated, source_map=source_map, yaml_node=node)


def facts_shape_problems(tree: Any, *, allow_reference: bool) -> list[FieldProblem]:
    if not isinstance(tree, dict):
        return [FieldProblem("", f"the file is a {type(tree).__name__}", "a mapping of manifest fields")]
    problems = []
    if "apiVersion" in tree and tree["apiVersion"] != API_VERSION:
        problems.append(FieldProblem("/apiVersion", f"got {str(tree['apiVersion'])[:60]!r}", repr(API_VERSION)))
    if REFERENCE_KEY in tree and not allow_reference:
        problems.append(FieldProblem(
            f"/{REFERENCE_KEY}", "a facts file given with --facts (or the multipart part `facts`) cannot name "
            "another BOM", "the BOM as the manifest argument (or part `manifest`), or check this file on its own"))
    for key in tree:
        if key not in FACTS_KEYS and key not in ("apiVersion", REFERENCE_KEY):
            problems.append(FieldProblem(pointer_from_parts([str(key)]), f"unknown field {str(key)[:60]!r}",
                                         "one of: " + ", ".join(sorted(FACTS_KEYS))))
    return problems


def referenced_bom(tree: Any) -> str | None:
    """The BOM path a native manifest names with `bom:`, if it names one."""
    if isinstance(tree, dict) and "apiVersion" in tree and REFERENCE_KEY in tree:
        value = tree[REFERENCE_KEY]
        if not isinstance(value, str) or not value.strip():
            raise ManifestError("the manifest's bom reference is not usable", [
                FieldProblem(f"/{REFERENCE_KEY}", f"got {str(value)[:60]!r}",
                             "a relative path such as ./aibom.cdx.json")])
        return value
    return None


def map_subtree(source_map: SourceMap, value: Any, input_pointer: str, source_pointer: str,
                file: str | None) -> None:
    """Map every pointer inside `value` to the same place under `source_pointer` (no recursion)."""
    stack = [(value, input_pointer, source_pointer)]
    while stack:
        node, ip, sp = stack.pop()
        source_map.add(ip, sp, file)
        items: Any = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            part = pointer_from_parts([key])
            stack.append((child, ip + part, sp + part))


@dataclass
class Merge:
    """Merges the facts file into the BOM's stated facts, collecting every conflict."""

    primary: Normalised
    primary_label: str | None
    facts: Normalised
    facts_label: str
    combined: SourceMap = field(default_factory=SourceMap)
    problems: list[FieldProblem] = field(default_factory=list)
    _indexes: dict[str | None, LineIndex] = field(default_factory=dict)

    def run(self) -> dict[str, Any]:
        merged = copy.deepcopy(self.primary.stated)
        self._object(merged, self.facts.stated, "", "")
        if self.problems:
            raise ManifestError("the BOM and the facts file disagree", self.problems)
        return merged

    def _object(self, target: dict[str, Any], source: dict[str, Any], ip: str, sp: str) -> None:
        for key, value in source.items():
            part = pointer_from_parts([key])
            if ip == "" and key in ("models", "datasets") and isinstance(value, list):
                self._named(target.setdefault(key, []), value, key)
            elif key not in target:
                target[key] = copy.deepcopy(value)
                map_subtree(self.combined, value, ip + part, sp + part, self.facts_label)
            elif isinstance(value, dict) and isinstance(target[key], dict):
                self.combined.add(ip + part, sp + part, self.facts_label)
                self._object(target[key], value, ip + part, sp + part)
            elif target[key] != value:
                self._conflict(ip + part, sp + part, value, target[key])

    def _named(self, target: list[Any], source: list[Any], key: str) -> None:
        names = {item.get("name"): i for i, item in enumerate(target) if isinstance(item, dict)}
        for j, item in enumerate(source):
            sp = f"/{key}/{j}"
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                self.problems.append(self._at(sp, f"{key} entries need a name", f"the name of a {key[:-1]} in the BOM"))
                continue
            if item["name"] not in names:
                known = ", ".join(repr(n) for n in names if n) or "none"
                self.problems.append(self._at(f"{sp}/name", f"names {item['name'][:80]!r}, which the BOM does not "
                                              f"describe", f"the name of a {key[:-1]} in the BOM ({known})"))
                continue
            i = names[item["name"]]
            self.combined.add(f"/{key}/{i}", sp, self.facts_label)
            self._object(target[i], item, f"/{key}/{i}", sp)

    def _conflict(self, ip: str, sp: str, facts_value: Any, bom_value: Any) -> None:
        file, pointer = self.primary.source_map.origin(ip)
        file = file or self.primary_label
        line = self._index(self.primary_label, self.primary).locate(pointer)[0]
        where = f"{file or 'the BOM'} at {pointer or '/'} (line {line})"
        self.problems.append(self._at(
            sp, f"states {ip.lstrip('/').replace('/', '.')} as {_show(facts_value)}, but {where} states "
            f"{_show(bom_value)}", "one value per fact: remove it from one of the two files or make them agree"))

    def _at(self, pointer: str, message: str, expected: str) -> FieldProblem:
        line, column = self._index(self.facts_label, self.facts).locate(pointer)
        return FieldProblem(pointer, message, expected, file=self.facts_label, line=line, column=column)

    def _index(self, label: str | None, source: Normalised) -> LineIndex:
        if label not in self._indexes:
            syntax = "json" if source.syntax == "xml" else source.syntax
            self._indexes[label] = index_text(source.text, syntax, node=source.yaml_node)
        return self._indexes[label]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + " ..."


def _locate(problems: list[FieldProblem], text: str, syntax: str, node: Any, label: str) -> list[FieldProblem]:
    index = index_text(text, "json" if syntax == "json" else "yaml", node=node)
    out = []
    for p in problems:
        line, column = index.locate(p.pointer)
        out.append(FieldProblem(p.pointer, p.message, p.expected, file=label, line=line, column=column))
    return out


__all__ = ["Merge", "SourceText", "map_subtree", "read_facts", "referenced_bom"]
