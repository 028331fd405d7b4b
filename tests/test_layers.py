"""Layers that do not leak (issue 20): the database stays behind service/store/, and the rules
about what a waiver or a token may be live with the domain, not in the SQL store.

A newcomer adding an import of `service.store.sql` or SQLAlchemy to a route or a CLI command
fails here, with the file and line to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEAK = re.compile(r"^\s*(from|import)\s+(sqlalchemy|service\.store\.sql)\b|^\s*from\s+service\.store\s+import\s+sql\b")


def test_nothing_outside_the_store_imports_the_database_layer() -> None:
    offenders = []
    for package in ("service", "sbom"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.is_relative_to(ROOT / "service" / "store"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LEAK.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_waiver_and_token_rules_live_with_the_domain() -> None:
    from service import tokens, waivers

    sql = (ROOT / "service" / "store" / "sql.py").read_text(encoding="utf-8")
    assert "def _validate_waiver" not in sql and "NAME.match" not in sql
    assert callable(waivers.validate_waiver) and callable(tokens.validate_token)
