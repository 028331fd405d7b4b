"""The one entry point from bytes to a `LoadedManifest`: decode, parse, detect, validate, merge.

Syntax is taken from the content type when the caller knows it (HTTP), else sniffed: a
document whose first non-blank character is `{` is JSON, `<` is XML, anything else is YAML.
The format is then recognised by marker keys (`apiVersion`, `bomFormat`, SPDX's `@context`),
so a file name never decides.

A deployment-facts file can come with a generated BOM (`facts`), or a `cleangate.yaml` can
name the BOM it completes (`bom: ./aibom.cdx.json`, read through `read_bom`); either way the
two are merged by sbom/facts.py with the precedence docs/input.md documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sbom.assemble import assemble
from sbom.errors import FieldProblem, Kind, ManifestError, UnsupportedFormat
from sbom.facts import read_facts, referenced_bom
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.loaders import LOADERS, LoadedManifest, ManifestLoader
from sbom.loaders.interface import Normalised, Syntax
from sbom.parsing import decode_text, parse_json, parse_yaml_with_node

SPDX3_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"

__all__ = ["FactsFile", "Syntax", "load_manifest", "load_tree", "normalise_tree", "sniff_syntax"]


@dataclass
class FactsFile:
    """A facts file given beside the manifest (`--facts`, multipart part `facts`)."""

    data: bytes
    label: str
    names_bom: bool = False
    """The facts file is a cleangate.yaml with `bom:` (the BOM it names is the primary document)."""


def sniff_syntax(text: str) -> Syntax:
    first = text.lstrip()[:1]
    return "json" if first in ("{", "[") else "xml" if first == "<" else "yaml"


def load_manifest(data: bytes, syntax: Syntax | None = None, limits: Limits = DEFAULT_LIMITS, *,
                  facts: FactsFile | None = None, label: str | None = None,
                  read_bom: Callable[[str], tuple[bytes, str]] | None = None) -> LoadedManifest:
    text = decode_text(data, limits)
    if not text.strip():
        raise UnsupportedFormat("the manifest is empty")
    syntax = syntax or sniff_syntax(text)
    tree, node = _parse(text, syntax, limits)
    reference = referenced_bom(tree) if syntax != "xml" else None
    if reference is not None:
        if facts is not None:
            raise ManifestError("two facts files", [FieldProblem(
                "/bom", "this cleangate.yaml names a BOM and --facts gives another facts file",
                "either a cleangate.yaml with bom:, or a BOM with --facts")])
        if read_bom is None:
            raise ManifestError("the manifest names a BOM the gate cannot read", [FieldProblem(
                "/bom", f"refers to {reference[:200]!r}",
                "the BOM uploaded with this file (multipart parts `manifest` = the BOM, `facts` = this file)")],
                kind=Kind.INVALID)
        bom_data, bom_label = read_bom(reference)
        return load_manifest(bom_data, None, limits, label=bom_label,
                             facts=FactsFile(data, label or "cleangate.yaml", names_bom=True), read_bom=None)
    primary = normalise_tree(tree, text, syntax)
    primary.yaml_node = node
    if facts is None:
        return assemble(primary)
    facts_doc = read_facts(facts.data, facts.label, limits, allow_reference=facts.names_bom)
    return assemble(primary, facts_doc, primary_label=label or "manifest", facts_label=facts.label)


def _parse(text: str, syntax: Syntax, limits: Limits) -> tuple[Any, Any]:
    if syntax == "json":
        return parse_json(text, limits), None
    if syntax == "xml":
        from sbom.loaders.cyclonedx_xml import parse_xml

        return parse_xml(text, limits), None
    return parse_yaml_with_node(text, limits)


def _loader(tree: Any) -> ManifestLoader:
    for loader in LOADERS:
        if loader.accepts(tree):
            return loader
    raise UnsupportedFormat(_describe(tree))


def normalise_tree(tree: Any, text: str, syntax: Syntax) -> Normalised:
    return _loader(tree).normalise(tree, text, syntax)


def load_tree(tree: Any, text: str, syntax: Syntax) -> LoadedManifest:
    return _loader(tree).load(tree, text, syntax)


def _describe(tree: Any) -> str:
    if not isinstance(tree, dict):
        return f"the document is a {type(tree).__name__}, not a mapping"
    if "spdxVersion" in tree:
        return (f"{str(tree['spdxVersion'])[:20]} documents have no fields for models or datasets; an AI-BOM in "
                f"SPDX is SPDX 3.0.1 JSON-LD with the AI and Dataset profiles (@context {SPDX3_CONTEXT}), "
                "which cleangate reads")
    if "@context" in tree or "@graph" in tree:
        return f"JSON-LD that is not SPDX 3.0.1 (expected @context {SPDX3_CONTEXT} and an @graph)"
    if "bomFormat" in tree:
        return f"bomFormat {str(tree['bomFormat'])[:40]!r} is not CycloneDX"
    return "no 'apiVersion' (cleangate manifest) or 'bomFormat' (CycloneDX) key"
