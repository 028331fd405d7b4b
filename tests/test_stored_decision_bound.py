"""Stored decisions are bounded relative to the manifest.

Findings and gaps grow with the manifest; the stored (and answered) decision keeps at most
`service.store.bounded.budget_for(len(manifest))` bytes of them, blocking findings first, and
says how many it left out. The verdict never changes.
"""

from __future__ import annotations

import asyncio

import pytest

from service.decision import Decision
from service.gate import Gate
from service.store import Store, bounded
from service.store.recorder import evaluate_and_record
from tests.conftest import EXAMPLES, LEGACY_DEADLINE

LEGACY = (EXAMPLES / "voice-clone-legacy.yaml").read_bytes()


def _size(decision: Decision) -> int:
    return len(decision.model_dump_json())


def test_an_ordinary_decision_is_stored_in_full(gate: Gate) -> None:
    decision = gate.evaluate(LEGACY, as_of=LEGACY_DEADLINE)
    assert bounded.bound(decision, len(LEGACY)) is decision
    assert decision.findings_omitted == 0 and decision.gaps_omitted == 0


def test_over_budget_keeps_blocking_findings_first_and_counts_the_rest(gate: Gate) -> None:
    judged = gate.evaluate(LEGACY, as_of=LEGACY_DEADLINE)
    assert judged.verdict == "block" and judged.findings
    warning = judged.findings[0].model_copy(update={"severity": "warn"})
    # a warning listed before the blocking findings, as many as an amplifying manifest could cause
    decision = judged.model_copy(update={"findings": [warning] * 50 + judged.findings})
    first_block = next(f for f in decision.findings if f.severity == "block")
    empty = decision.model_copy(update={"findings": [], "gaps": [], "findings_omitted": len(decision.findings),
                                        "gaps_omitted": len(decision.gaps)})
    budget = _size(empty) + len(first_block.model_dump_json()) + 10
    cut = bounded.bound(decision, len(LEGACY), budget=budget)
    assert _size(cut) <= budget
    assert cut.verdict == "block" and cut.summary == decision.summary and cut.rules == decision.rules
    assert [f.severity for f in cut.findings] == ["block"]
    assert cut.findings_omitted == len(decision.findings) - 1
    assert cut.gaps_omitted == len(decision.gaps)


def test_the_log_holds_the_bounded_decision_it_answered(store: Store, gate: Gate,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    full = gate.evaluate(LEGACY, as_of=LEGACY_DEADLINE)
    budget = _size(full) - 200  # a manifest that amplified: its decision outgrows the budget
    monkeypatch.setattr(bounded, "FLOOR", budget)
    monkeypatch.setattr(bounded, "FACTOR", 1)
    answered = asyncio.run(evaluate_and_record(gate, store, LEGACY, None, as_of=LEGACY_DEADLINE, ci={}, source=None,
                                               token="t"))
    assert answered.findings_omitted >= 1 and answered.verdict == "block"
    row = store.get_decision(answered.decision_id)
    assert row is not None
    assert row.decision == answered.model_dump(mode="json")
    assert len(row.decision["findings"]) == len(full.findings) - answered.findings_omitted
    assert _size(answered) <= budget
