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


LinearDraft7Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft7Validator, {"uniqueItems": _unique_items})
"""Draft 7 with the linear `uniqueItems`; every other keyword is jsonschema's own."""


def linear(validator: Any) -> Any:
    """The same schema, registry and format checker as `validator`, with the linear keyword."""
    return LinearDraft7Validator(validator.schema, registry=validator._registry,
                                 format_checker=validator.format_checker)


__all__ = ["LinearDraft7Validator", "canonical", "first_duplicate", "has_duplicates", "linear"]
