"""Which optional parts of cleangate are installed, and what to type when one is missing.

`pip install cleangate` is the slim offline gate (check, bom, policy, attest verify); the gate
server and the decision log need the `server` extra. A command that needs an extra asks here
first, so a slim install answers with the exact pip command instead of an ImportError.
"""

from __future__ import annotations

import importlib.util
import json
from importlib import metadata

from service import __version__

EXTRAS: dict[str, dict[str, str]] = {
    # extra -> {import name: distribution name}
    "server": {
        "fastapi": "fastapi", "uvicorn": "uvicorn", "sqlalchemy": "sqlalchemy", "alembic": "alembic",
        "psycopg": "psycopg", "prometheus_client": "prometheus-client", "jinja2": "jinja2",
    },
    "calendar": {"icalendar": "icalendar"},  # `cleangate calendar -f ics`
}


def missing(extra: str) -> list[str]:
    """Distributions of `extra` that cannot be imported here (empty: the extra is installed)."""
    return [dist for module, dist in EXTRAS[extra].items() if not _importable(module)]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken or blocked installation of it
        return False


def install_hint(extra: str) -> str:
    """The pip requirement that adds `extra` to this installation, from the source it came from.

    cleangate is installed from a pinned source (a wheel, a git URL at a tag, a checkout), not a
    bare name from a public index, so the hint names that same source (PEP 610 direct_url.json).
    """
    source = _direct_url()
    if source:
        return f'pip install "cleangate[{extra}] @ {source}"'
    return f'pip install "cleangate[{extra}]=={__version__}"'


def _direct_url() -> str | None:
    try:
        raw = metadata.distribution("cleangate").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return None
    url = info.get("url")
    if not isinstance(url, str):
        return None
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        ref = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{vcs['vcs']}+{url}" + (f"@{ref}" if ref else "")
    return url


def require(extra: str, command: str) -> str | None:
    """None when `extra` is installed, else the one-paragraph message `command` prints (exit 2)."""
    absent = missing(extra)
    if not absent:
        return None
    return (f"cleangate {command} needs the '{extra}' extra, which is not installed (missing: {', '.join(absent)}).\n"
            f"Install it with: {install_hint(extra)}")
