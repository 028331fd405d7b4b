"""Statutory settings: values the law fixes, which an organisation data file may not quietly move.

Organisation settings (`--data FILE`, `CLEANGATE_POLICY_DATA`, a policy folder's `data/*.json`)
are merged over the built-in `policies/data` key by key. For most keys that is the point (allowed
licences, blocking ISO controls). For the AI Act's dates, the Art 5 attribute list, the Art 51
FLOP presumption and the GDPR adequacy decisions it is not: `{"art50_application_date":
"2099-01-01"}` in an org file would turn every Art 50 block into a pass, and nothing in the
decision would say so. So a layer that changes one of these keys is refused, naming the key and
the file, unless the merged data declares the change under `cleangate.config.statutory_overrides`
with a reason (e.g. a delegated act the built-in data does not know yet). Declared overrides are
reported in every decision by the `CONFIG-STATUTORY-OVERRIDE` info finding
(policies/settings_check), so the change is on record where the verdict is.
"""

from __future__ import annotations

from typing import Any

STATUTORY_KEYS: tuple[tuple[str, ...], ...] = (
    ("ai_act", "art5_sensitive_attributes"),
    ("ai_act", "systemic_risk_flop_threshold"),
    ("gdpr", "adequacy"),
)
"""Statutory settings besides the AI Act dates (every `ai_act` key ending in _date or _deadline)."""

OVERRIDES_KEY = "statutory_overrides"


class StatutoryOverrideError(ValueError):
    """An organisation data layer changes a statutory setting without declaring it."""


def _config(data: dict[str, Any]) -> dict[str, Any]:
    cleangate = data.get("cleangate")
    config = cleangate.get("config") if isinstance(cleangate, dict) else None
    return config if isinstance(config, dict) else {}


def statutory_paths(*configs: dict[str, Any]) -> set[tuple[str, ...]]:
    """The protected keys: the fixed list plus every AI Act date any layer mentions."""
    paths = set(STATUTORY_KEYS)
    for config in configs:
        ai_act = config.get("ai_act")
        if isinstance(ai_act, dict):
            paths |= {("ai_act", k) for k in ai_act if k.endswith(("_date", "_deadline"))}
    return paths


_MISSING = object()


def _get(config: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = config
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


def declared_overrides(config: dict[str, Any]) -> dict[str, str]:
    """`statutory_overrides` as {dotted key: reason}; a malformed declaration is refused."""
    raw = config.get(OVERRIDES_KEY, {})
    if not isinstance(raw, dict):
        raise StatutoryOverrideError(
            f"cleangate.config.{OVERRIDES_KEY} must be an object of statutory key -> {{\"reason\": text}}")
    out: dict[str, str] = {}
    for key, value in raw.items():
        reason = value.get("reason") if isinstance(value, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise StatutoryOverrideError(
                f"cleangate.config.{OVERRIDES_KEY}.{key} needs a non-empty \"reason\" (e.g. the act that changed it)")
        out[key] = reason
    return out


def check_layer(baseline: dict[str, Any], merged: dict[str, Any], source: str) -> None:
    """Refuse `merged` (the data after adding the layer from `source`) if it silently moves a statutory value."""
    base, new = _config(baseline), _config(merged)
    declared = declared_overrides(new)
    paths = statutory_paths(base, new)
    unknown = sorted(k for k in declared if tuple(k.split(".")) not in paths)
    if unknown:
        raise StatutoryOverrideError(
            f"{source}: cleangate.config.{OVERRIDES_KEY} names {', '.join(unknown)}, which is not a statutory setting "
            f"(statutory: {', '.join(sorted('.'.join(p) for p in paths))})")
    for path in sorted(paths):
        dotted = ".".join(path)
        if _get(base, path) != _get(new, path) and dotted not in declared:
            raise StatutoryOverrideError(
                f"{source} changes the statutory setting cleangate.config.{dotted}, which follows the law, not the "
                f"organisation; remove it, or declare the change with a reason under cleangate.config.{OVERRIDES_KEY}"
                f".{dotted} (docs/configuration.md), which every decision then reports")
