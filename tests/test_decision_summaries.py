"""GET /v1/decisions builds summaries without loading every full decision.

The summary fields are picked out by the database; the Python side parses only each row's
small `summary` object. Same answers as summarising the full decisions, on both backends.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest

from service.gate import Gate
from service.store import DecisionFilter, Store
from service.store import sql as sql_module
from service.store.recorder import evaluate_and_record
from tests.conftest import EXAMPLES

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()


def test_summaries_match_full_decisions_and_parse_only_small_json(store: Store, gate: Gate,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for repository in ("acme/a", "acme/b", None):
        asyncio.run(evaluate_and_record(gate, store, UNMARKED, None, as_of=date(2026, 9, 15),
                                        ci={"repository": repository, "commit": "c" * 40}, source=None, token="ci"))
    expected = [d.summary() for d in store.list_decisions(DecisionFilter(), 10, None)]
    parsed: list[int] = []
    original = json.loads

    def counting(text: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(text))
        return original(text, *args, **kwargs)

    monkeypatch.setattr(sql_module.json, "loads", counting)
    got = store.list_decision_summaries(DecisionFilter(), 10, None)
    assert got == expected
    assert max(parsed, default=0) < 1000, "only the summary counts are parsed, never a whole decision"
    assert store.list_decision_summaries(DecisionFilter(repository="acme/b"), 10, None) == \
        [s for s in expected if s["repository"] == "acme/b"]
