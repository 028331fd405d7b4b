"""The settings table of docs/configuration.md, generated from `Settings` so it cannot drift.

Each field gives one row: its environment variable, its type with the bounds the gate enforces,
its default and its `description`. The table sits between two markers inside the hand-written
page; `cleangate schema --write docs` replaces what is between them and `--check docs` (run by
.ci/run) fails when a field was added or changed without regenerating the page.
"""

from __future__ import annotations

import os
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from pydantic.fields import FieldInfo

from service.settings import Settings

PAGE = "configuration.md"
BEGIN = "<!-- settings-table: begin (generated from service/settings.py: cleangate schema --write docs) -->"
END = "<!-- settings-table: end -->"
MIB = 1024 * 1024


class MarkersMissing(ValueError):
    """The page lost its markers: regenerating would have nowhere to put the table."""


def env_name(field: str) -> str:
    return "CLEANGATE_" + field.upper()


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return " \\| ".join(_type(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin is list:
        return f"list of {_type(typing.get_args(annotation)[0])} (`{os.pathsep}`-separated)"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    if annotation is SecretStr:
        return "secret"
    if annotation is Path:
        return "path"
    if isinstance(annotation, type):
        return {"str": "text", "int": "integer", "float": "number", "bool": "boolean"}.get(annotation.__name__,
                                                                                           annotation.__name__)
    return str(annotation)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bounds(info: FieldInfo) -> str:
    """The limits Settings enforces, as `0 to 65535`, `> 0, ≤ 3600` or `≥ 1024`."""
    low = high = ""
    for meta in info.metadata:  # annotated_types Ge, Gt, Le, Lt, MaxLen: one attribute each
        if (ge := getattr(meta, "ge", None)) is not None:
            low = f"≥ {_number(ge)}"
        elif (gt := getattr(meta, "gt", None)) is not None:
            low = f"> {_number(gt)}"
        elif (le := getattr(meta, "le", None)) is not None:
            high = f"≤ {_number(le)}"
        elif (lt := getattr(meta, "lt", None)) is not None:
            high = f"< {_number(lt)}"
        elif (most := getattr(meta, "max_length", None)) is not None:
            high = f"at most {most} characters"
    if low.startswith("≥") and high.startswith("≤"):
        return f"{low[2:]} to {high[2:]}"
    return ", ".join(b for b in (low, high) if b)


def _default(name: str, info: FieldInfo) -> str:
    if info.default_factory is not None or info.default is None:
        return "(none)"
    value = info.default
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, Enum):
        value = value.value
    shown = f"`{_number(value)}`"
    if name.endswith("_bytes") and isinstance(value, int) and value >= MIB and value % MIB == 0:
        size = value // MIB
        shown += f" ({size // 1024} GiB)" if size % 1024 == 0 else f" ({size} MiB)"
    return shown


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def settings_table() -> str:
    """The markdown table, one row per `Settings` field in the order they are declared."""
    rows = ["| variable | type | default | meaning |", "|---|---|---|---|"]
    for name, info in Settings.model_fields.items():
        kind = _type(info.annotation)
        bounds = _bounds(info)
        if bounds:
            kind += f", {bounds}"
        rows.append(f"| `{env_name(name)}` | {kind} | {_default(name, info)} | {_cell(info.description or '')} |")
    return "\n".join(rows) + "\n"


def splice(page: str) -> str:
    """`page` with the text between the markers replaced by the current table."""
    head, begin, rest = page.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise MarkersMissing(f"{PAGE} has lost its markers {BEGIN!r} ... {END!r}; put them back around the table")
    return f"{head}{BEGIN}\n{settings_table()}{END}{tail}"
