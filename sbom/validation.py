"""Turn pydantic validation errors into problems a manifest author can act on.

Pydantic says "Extra inputs are not permitted" at a location tuple; the author needs the JSON
pointer of *their* field and what would have been accepted there (the allowed field names for
a typo, the allowed values for an enum).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from sbom.annotations import unwrap
from sbom.errors import MAX_PROBLEMS, FieldProblem, ManifestError, pointer_from_parts

GATE_WRITTEN = {
    "verified": "`verified` is written by the gate only (the evidence it checked itself); a manifest cannot "
                "claim verified evidence: give the files instead (docs/evidence.md)",
    "derived": "`derived` is computed by the gate only; a manifest cannot set it",
}
"""Keys of the policy input that a manifest may not write, and why (sbom/model.py PolicyInput)."""


def _model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return None
        current = unwrap(info.annotation)[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel]) -> list[str]:
    return sorted(f.alias or name for name, f in model.model_fields.items())


def problems_from(
    exc: ValidationError, root: type[BaseModel], to_manifest: Callable[[str], str] = lambda p: p
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_PROBLEMS]:  # the rest are only counted (sbom.errors.capped)
        loc = tuple(err["loc"])
        pointer = to_manifest(pointer_from_parts(loc))
        kind = err["type"]
        expected: str | None = None
        if kind == "extra_forbidden":
            parent = _model_at(root, loc[:-1])
            message = f"unknown field {loc[-1]!r}"
            if parent is not None:
                expected = "one of: " + ", ".join(_field_names(parent))
            if len(loc) == 1 and loc[0] in GATE_WRITTEN:
                message = GATE_WRITTEN[str(loc[0])]
        elif kind == "missing":
            message = "required field is missing"
        else:
            message = err["msg"]
            ctx = err.get("ctx") or {}
            if "expected" in ctx:
                expected = str(ctx["expected"])
            elif "pattern" in ctx:
                expected = f"text matching {ctx['pattern']}"
        if kind not in ("extra_forbidden", "missing") and not isinstance(err.get("input"), dict | list):
            shown = repr(err.get("input"))
            message = f"{message}, got {shown[:80]}"
        problems.append(FieldProblem(pointer, message, expected))
    left = len(errors) - MAX_PROBLEMS
    if left > 0:
        problems.append(FieldProblem("", f"... and {left} more problem{'s' if left != 1 else ''} not listed"))
    return problems


def validation_error(
    exc: ValidationError, root: type[BaseModel], to_manifest: Callable[[str], str] = lambda p: p
) -> ManifestError:
    return ManifestError("manifest does not match the expected shape", problems_from(exc, root, to_manifest))
