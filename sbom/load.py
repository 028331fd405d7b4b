"""The one entry point from bytes to a `LoadedManifest`: decode, parse, detect, validate.

Syntax is taken from the content type when the caller knows it (HTTP), else sniffed: a
document whose first non-blank character is `{` is JSON, anything else is YAML. The format is
then recognised by marker keys (`apiVersion`, `bomFormat`), so a file name never decides.
"""

from __future__ import annotations

from typing import Any, Literal

from sbom.errors import UnsupportedFormat
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.loaders import LOADERS, LoadedManifest
from sbom.parsing import decode_text, parse_json, parse_yaml_with_node

Syntax = Literal["json", "yaml"]


def sniff_syntax(text: str) -> Syntax:
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def load_manifest(data: bytes, syntax: Syntax | None = None, limits: Limits = DEFAULT_LIMITS) -> LoadedManifest:
    text = decode_text(data, limits)
    if not text.strip():
        raise UnsupportedFormat("the manifest is empty")
    syntax = syntax or sniff_syntax(text)
    if syntax == "json":
        return load_tree(parse_json(text, limits), text, syntax)
    tree, node = parse_yaml_with_node(text, limits)
    loaded = load_tree(tree, text, syntax)
    loaded.yaml_node = node
    return loaded


def load_tree(tree: Any, text: str, syntax: Syntax) -> LoadedManifest:
    for loader in LOADERS:
        if loader.accepts(tree):
            return loader.load(tree, text, syntax)
    raise UnsupportedFormat(_describe(tree))


def _describe(tree: Any) -> str:
    if not isinstance(tree, dict):
        return f"the document is a {type(tree).__name__}, not a mapping"
    if "spdxVersion" in tree or "@context" in tree:
        return "SPDX documents are not supported yet"
    if "bomFormat" in tree:
        return f"bomFormat {str(tree['bomFormat'])[:40]!r} is not CycloneDX"
    return "no 'apiVersion' (cleangate manifest) or 'bomFormat' (CycloneDX) key"
