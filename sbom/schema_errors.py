"""JSON Schema errors in words: the field, the value, and what the schema expects there.

jsonschema says "[{'license': {'id': 'UNKNOWN'}}] is not valid under any of the given schemas";
an author needs "licence id 'UNKNOWN' is not an SPDX id; expected an SPDX id, or `name` for a
licence that has none". Long lists of allowed values are summarised ("+12 more"), never cut in
the middle of a word, and one problem is reported once per field.
"""

from __future__ import annotations

from typing import Any

from sbom.errors import FieldProblem, pointer_from_parts

MAX_PROBLEMS = 20
SHOWN_CHOICES = 6
FRIENDLY_PATTERNS = {
    "^urn:uuid:": "a serial number of the form urn:uuid:<RFC 4122 UUID>, e.g. "
                  "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
}
JSON_TYPES = {"string": "a string", "number": "a number", "integer": "a whole number", "boolean": "true or false",
              "object": "an object", "array": "a list", "null": "null"}


def summarise(items: list[str], shown: int = SHOWN_CHOICES) -> str:
    """`a, b, c (+12 more)`: whole items only, so nothing is cut mid-word."""
    head = ", ".join(items[:shown])
    return head + (f" (+{len(items) - shown} more)" if len(items) > shown else "")


def show(value: Any, limit: int = 60) -> str:
    """A value as the author wrote it, shortened at a word boundary when long."""
    if isinstance(value, dict):
        return "an object with " + (summarise(sorted(map(str, value)), 4) if value else "no fields")
    if isinstance(value, list):
        return f"a list of {len(value)}"
    text = repr(value)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " ...'"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", dict: "an object", list: "a list", type(None): "null"}.get(type(value), "a value")


def describe(error: Any) -> tuple[str, str]:
    """(what is wrong, what is expected) for one jsonschema ValidationError."""
    kind = getattr(error, "validator", "")
    value = getattr(error, "instance", None)
    expected_value = getattr(error, "validator_value", None)
    path = list(getattr(error, "absolute_path", []))
    field = str(path[-1]) if path else "the document"
    if kind == "enum" and isinstance(expected_value, list):
        choices = [str(v) for v in expected_value]
        if field == "id" and "licenses" in map(str, path):
            return (f"licence id {show(value)} is not an SPDX licence id",
                    "an SPDX id such as Apache-2.0 or MIT, or `name` instead of `id` for a licence with no SPDX id")
        hint = "; services belong in the BOM's top-level `services`" if field == "type" and value == "service" else ""
        return f"got {show(value)}", "one of " + summarise(choices) + hint
    if kind == "type":
        wanted = expected_value if isinstance(expected_value, list) else [expected_value]
        return (f"got {show(value)} ({_type_name(value)})",
                " or ".join(JSON_TYPES.get(str(t), str(t)) for t in wanted))
    if kind == "pattern":
        friendly = next((v for k, v in FRIENDLY_PATTERNS.items() if str(expected_value).startswith(k)), None)
        return f"got {show(value)}", friendly or f"text matching {str(expected_value)[:80]}"
    if kind == "required":
        missing = str(getattr(error, "message", "")).split("'")[1:2]
        return f"required field {missing[0]!r} is missing" if missing else "a required field is missing", \
            "the field the schema requires"
    if kind == "additionalProperties":
        return str(getattr(error, "message", ""))[:200], "only the fields the CycloneDX schema defines here"
    if kind in ("anyOf", "oneOf"):
        inner = _best(getattr(error, "context", None) or [])
        if inner is not None:
            return describe(inner)
        return f"{field} has {show(value)}", "one of the shapes the CycloneDX schema allows here"
    if kind == "format":
        return f"got {show(value)}", f"a valid {expected_value}"
    if kind in ("minLength", "minItems"):
        return f"got {show(value)}", f"at least {expected_value} {'characters' if kind == 'minLength' else 'items'}"
    return str(getattr(error, "message", error))[:200], "what the CycloneDX schema allows here"


def _best(errors: list[Any]) -> Any:
    """Among the alternatives an anyOf tried, the deepest error that is not itself about shape."""
    candidates = [e for e in errors if getattr(e, "validator", "") not in ("anyOf", "oneOf", "required",
                                                                              "additionalProperties")]
    pool = candidates or list(errors)
    return max(pool, key=lambda e: len(list(getattr(e, "absolute_path", []))), default=None)


def schema_problems(errors: list[Any], version: str) -> list[FieldProblem]:
    """One problem per field, sorted by pointer numerically, at most MAX_PROBLEMS (+N more)."""
    seen: dict[str, FieldProblem] = {}
    for error in errors:
        inner = error
        if getattr(error, "validator", "") in ("anyOf", "oneOf"):
            inner = _best(getattr(error, "context", None) or []) or error
        pointer = pointer_from_parts(list(getattr(inner, "absolute_path", [])))
        if pointer in seen:
            continue
        message, expected = describe(inner)
        seen[pointer] = FieldProblem(pointer, message, expected)
    problems = _group(sorted(seen.values(), key=lambda p: pointer_sort_key(p.pointer)))
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS],
                    FieldProblem("", f"+{rest} more problem{'s' if rest > 1 else ''} of the same kind",
                                 f"a BOM valid against the CycloneDX {version} schema")]
    return problems


def _group(problems: list[FieldProblem]) -> list[FieldProblem]:
    """The same mistake in many places is one problem naming the first place and the others."""
    groups: dict[tuple[str, str | None], list[FieldProblem]] = {}
    for p in problems:
        groups.setdefault((p.message, p.expected), []).append(p)
    out = []
    for (message, expected), members in groups.items():
        if len(members) == 1:
            out.append(members[0])
            continue
        others = summarise([m.pointer for m in members[1:]], 3)
        out.append(FieldProblem(members[0].pointer, f"{message}; the same at {others}", expected))
    return sorted(out, key=lambda p: pointer_sort_key(p.pointer))


def pointer_sort_key(pointer: str) -> tuple[tuple[int, int | str], ...]:
    """`/components/2` before `/components/13`: numbers compare as numbers, names as text."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in pointer.split("/")[1:])
