"""The fast iri-reference check agrees with the RFC 3987 grammar it replaces."""

from __future__ import annotations

import importlib
import sys

import pytest

from sbom.loaders.iri import is_iri_reference


def _reference_grammar():  # type: ignore[no-untyped-def]
    """rfc3987-syntax, which sbom keeps jsonschema from importing, loaded here for comparison."""
    blocked = sys.modules.pop("rfc3987_syntax", None)
    try:
        return importlib.import_module("rfc3987_syntax").is_valid_syntax
    finally:
        sys.modules["rfc3987_syntax"] = blocked  # type: ignore[assignment]


is_valid_syntax = _reference_grammar()

SAMPLES = [
    "https://example.org/a?b=c#d", "urn:uuid:6f0a2f1e-3c55-4c1a-9b0e-5b9f3e7d2a11", "https://例え.jp/パス",
    "relative/path", "#frag", "", "http://a b", "http://x/%zz", "mailto:a@b.c", "http://x/é", "ht tp://x",
    "http://x/<y>", "//host/path", "a:b:c", "1abc:foo", "http://x/%41", "https://x.org/a|b", "https://x\n.org",
    "pkg:pypi/cleangate@0.1.0", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50",
]


@pytest.mark.parametrize("value", SAMPLES)
def test_agrees_with_rfc3987_grammar(value: str) -> None:
    assert is_iri_reference(value) == is_valid_syntax("iri_reference", value)


def test_ipv6_literal_is_accepted() -> None:
    """RFC 3986 section 3.2.2 allows IP literals; rfc3987-syntax 1.1.0 rejects them, we do not."""
    assert is_iri_reference("http://[::1]:80/")


def test_schema_validation_still_rejects_bad_iris() -> None:
    import json

    from sbom.errors import ManifestError
    from sbom.load import load_manifest

    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "metadata": {"component": {"type": "application", "name": "x",
                                      "externalReferences": [{"type": "website", "url": "http://a b"}]}}}
    with pytest.raises(ManifestError) as err:
        load_manifest(json.dumps(bom).encode())
    assert err.value.problems[0].pointer == "/metadata/component/externalReferences/0/url"
