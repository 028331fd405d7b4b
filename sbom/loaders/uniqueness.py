"""A linear-time JSON Schema `uniqueItems`, with jsonschema's answers.

jsonschema checks `uniqueItems` by sorting the items, and falls back to comparing every pair
when they cannot be sorted -- which is always the case for objects. The CycloneDX schema puts
`uniqueItems` on `components` (and on most other arrays of objects), so a BOM with 8,000
components cost 32 million comparisons and held a worker for 40 s.

Instead, each item gets a hashable canonical key under which two JSON values are equal exactly
when JSON Schema calls them equal: numbers by value (1 equals 1.0), booleans apart from numbers
(true is not 1), objects regardless of key order, arrays in order. Duplicates are then found
with one set, in time proportional to the size of the array. tests/test_linear.py checks the
answers against jsonschema's own `uniq` on a random corpus.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from jsonschema import Draft7Validator, ValidationError, validators

_TRUE = ("bool", True)
_FALSE = ("bool", False)


def canonical(value: Any) -> Any:
    """A hashable key; equal keys <=> equal JSON values in the JSON Schema sense."""
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return ("object", frozenset((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, Sequence):
        return ("array", tuple(canonical(v) for v in value))
    return value  # numbers and null: Python already compares 1 == 1.0 and hashes them alike


def first_duplicate(items: Sequence[Any]) -> tuple[int, int] | None:
    """(index of the first item, index of its first repeat), or None if all items differ."""
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        key = canonical(item)
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


def has_duplicates(items: Sequence[Any]) -> bool:
    return first_duplicate(items) is not None


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not (unique and validator.is_type(instance, "array")):
        return
    repeat = first_duplicate(instance)
    if repeat is not None:
        # jsonschema's message repr()s the whole array (megabytes for a large BOM); name the repeat.
        yield ValidationError(f"array has non-unique elements: item {repeat[1]} repeats item {repeat[0]}")


_ENUM_KEYS: dict[int, tuple[Sequence[Any], frozenset[Any]]] = {}


def _enum(validator: Any, enums: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`enum` by set membership under the same canonical keys, with jsonschema's message.

    jsonschema compares the instance with every allowed value: the CycloneDX schema's SPDX
    licence-id enum has ~700, so 10,000 components cost 4 million comparisons (2.1 s of 2.3 s
    for such a BOM). The key set is built once per enum list of the compiled schema (the list
    is kept alive beside it, so its id cannot be reused).
    """
    cached = _ENUM_KEYS.get(id(enums))
    if cached is None or cached[0] is not enums:
        cached = (enums, frozenset(canonical(e) for e in enums))
        _ENUM_KEYS[id(enums)] = cached
    if canonical(instance) not in cached[1]:
        yield ValidationError(f"{instance!r} is not one of {enums!r}")


LinearDraft7Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft7Validator, {"uniqueItems": _unique_items, "enum": _enum})
"""Draft 7 with the linear `uniqueItems` and set-based `enum`; every other keyword is jsonschema's own."""


DRAFT7 = "http://json-schema.org/draft-07/schema#"


def _same_draft_as_root(registry: Any) -> Any:
    """The registry with `$schema` dropped from its draft-07 resources.

    On a `$ref` into a resource that names its dialect, jsonschema picks the validator class
    registered for that dialect, so the SPDX licence list (spdx.schema.json, draft-07 like the
    BOM schema) was checked with stock Draft 7 keywords: the linear ones stopped at its border.
    Without the (identical) dialect declaration the referencing validator's class carries on.
    """
    from referencing import Registry
    from referencing.jsonschema import DRAFT7 as DRAFT7_SPECIFICATION

    resources = []
    for uri in registry:
        resource = registry[uri]
        contents = resource.contents
        if isinstance(contents, dict) and contents.get("$schema") == DRAFT7:
            contents = {k: v for k, v in contents.items() if k != "$schema"}
            resource = DRAFT7_SPECIFICATION.create_resource(contents)
        resources.append((uri, resource))
    return Registry().with_resources(resources)


def linear(validator: Any) -> Any:
    """The same schema, registry and format checker as `validator`, with the linear keywords."""
    return LinearDraft7Validator(validator.schema, registry=_same_draft_as_root(validator._registry),
                                 format_checker=validator.format_checker)


__all__ = ["LinearDraft7Validator", "canonical", "first_duplicate", "has_duplicates", "linear"]
