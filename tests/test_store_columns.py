"""PostgreSQL and SQLite accept the same manifests.

The manifest model allows a 300-character system name (which may hold NUL characters, escaped
to six characters each for PostgreSQL) and a 2,000-character repository; the log's filter
columns are narrower. SQLite ignores VARCHAR sizes, PostgreSQL refused the row and the gate
answered 500. Each limit case is recorded on both backends, found again through the filters,
and keeps its full value in the stored decision.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from service.gate import Gate
from service.store import DecisionFilter, Store
from service.store.recorder import evaluate_and_record


def manifest(system: str, repository: str) -> bytes:
    return json.dumps({
        "apiVersion": "cleangate/v1",
        "system": {"name": system, "version": "1"},
        "context": {"ci": {"repository": repository}},
    }).encode()


CASES = {
    "longest repository a manifest may declare": ("limits", "r" * 2000),
    "longest system name": ("s" * 300, "acme/app"),
    "system name of NULs": ("\x00" * 300, "acme/app"),
    "both at once, mixed": ("a\x00" * 150, "\x00b" * 1000),
}


@pytest.mark.parametrize("case", list(CASES))
def test_limit_cases_are_recorded_and_found_on_both_backends(case: str, store: Store, gate: Gate) -> None:
    system, repository = CASES[case]
    decision = asyncio.run(evaluate_and_record(gate, store, manifest(system, repository), "json",
                                               as_of=date(2026, 9, 15), ci={}, source=None, token="ci"))
    stored = store.get_decision(decision.decision_id)
    assert stored is not None
    assert stored.decision["manifest"]["system"] == system
    assert stored.decision["context"]["repository"] == repository
    by_system = store.list_decisions(DecisionFilter(system=system), 10, None)
    assert [d.decision_id for d in by_system] == [decision.decision_id]
    by_repository = store.list_decisions(DecisionFilter(repository=repository), 10, None)
    assert [d.decision_id for d in by_repository] == [decision.decision_id]
    # a different value sharing the first few hundred characters is not mixed up with it
    assert store.list_decisions(DecisionFilter(repository=repository[:-1] + "Z"), 10, None) == []
    assert store.verify().ok, "the hash chain still verifies"
