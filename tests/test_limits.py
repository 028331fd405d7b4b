"""sbom/limits.py: one size limit, one check and one message for the parser and the HTTP layer."""

from __future__ import annotations

import pytest

from sbom.errors import ManifestTooLarge
from sbom.limits import DEFAULT_LIMITS, SIZE_SETTING, Limits, TooLarge, check_size
from sbom.parsing import decode_text
from service.api.bodylimit import BodyTooLarge
from service.problems import http_status
from service.settings import Settings


def test_the_parser_refuses_an_oversized_manifest_naming_the_limit_and_its_setting() -> None:
    with pytest.raises(TooLarge) as caught:
        decode_text(b"x" * 2049, Limits(max_bytes=2048))
    err = caught.value
    assert isinstance(err, ManifestTooLarge) and http_status(err) == 413
    assert err.title == f"manifest is too large: 2049 bytes or more; the limit is 2048 bytes ({SIZE_SETTING})"
    assert [(p.pointer, p.expected) for p in err.problems] == [("", "at most 2048 bytes")]


def test_the_http_layer_says_the_same_about_a_request_body() -> None:
    body, manifest = BodyTooLarge(5000, 4096), TooLarge(5000, 4096)
    assert body.title == manifest.title.replace("manifest", "request body", 1)
    assert body.problems == manifest.problems and http_status(body) == http_status(manifest)


def test_at_the_limit_is_accepted() -> None:
    check_size(2048, 2048)
    assert decode_text(b"{}", Limits(max_bytes=2)) == "{}"


def test_settings_defaults_are_the_parsers_limits() -> None:
    assert Settings().limits() == DEFAULT_LIMITS


def _nested(depth: int, bottom: object = "leaf") -> object:
    """`bottom` wrapped in mappings so that it sits `depth` levels deep (1: `bottom` itself)."""
    node = bottom
    for _ in range(depth - 1):
        node = {"k": node}
    return node


@pytest.mark.parametrize("bottom", ["leaf", []], ids=["scalar", "empty list"])
def test_depth_limit_counts_the_innermost_value_and_accepts_exactly_the_limit(bottom: object) -> None:
    from sbom.errors import ManifestError
    from sbom.parsing import check_shape

    check_shape(_nested(5, bottom), Limits(max_depth=5))
    with pytest.raises(ManifestError) as caught:
        check_shape(_nested(6, bottom), Limits(max_depth=5))
    assert caught.value.title == "manifest is nested too deeply"


def test_node_limit_counts_every_value_scalars_included() -> None:
    from sbom.errors import ManifestError
    from sbom.parsing import check_shape

    tree = {"a": [1, 2, 3], "b": {"c": None}}  # root, a, 1, 2, 3, b, c: 7 values
    check_shape(tree, Limits(max_nodes=7))
    with pytest.raises(ManifestError) as caught:
        check_shape(tree, Limits(max_nodes=6))
    assert caught.value.title == "manifest has too many values"
