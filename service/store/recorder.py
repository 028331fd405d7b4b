"""Evaluate and record as one step: the waivers in force are looked up for this manifest, the
gate decides with them, and the decision is committed to the log before anyone sees it.

The HTTP route calls this and nothing else, so "acknowledged" and "stored" cannot drift apart.
The manifest is parsed and judged in an evaluation worker process (service/api/evalpool.py),
within the request's time budget; the database calls, which block on I/O and on the chain
lock, go to worker threads.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import partial

from anyio import to_thread

from sbom.load import FactsFile, Syntax
from service.decide import Waiver
from service.decision import Decision
from service.evalpool import EvaluationPool, InProcessEvaluator, Loaded
from service.evidence import EvidenceInput
from service.gate import Gate
from service.store.bounded import bound
from service.store.interface import Store


async def evaluate_and_record(pool: EvaluationPool | InProcessEvaluator | Gate, store: Store, data: bytes,
                              syntax: Syntax | None, *, as_of: date | None, ci: dict[str, str | None],
                              source: str | None, token: str | None, record: bool = True,
                              evidence: EvidenceInput | None = None,
                              facts: FactsFile | None = None) -> Decision:
    async def waivers(loaded: Loaded) -> list[Waiver]:
        repository = ci.get("repository") or loaded.repository
        found = store.cached_waivers(loaded.system, loaded.version, repository)
        if found is None:
            found = await to_thread.run_sync(store.matching_waivers, loaded.system, loaded.version, repository)
        return [w.as_waiver() for w in found]

    if isinstance(pool, Gate):
        pool = InProcessEvaluator(pool)
    # Evidence (hashing, C2PA parsing) is checked in the evaluation process too, within the budget.
    decision = await pool.evaluate(data, syntax, hashlib.sha256(data).hexdigest(), waivers,
                                   as_of=as_of, ci=ci, source=source, evidence=evidence,
                                   requested_by=token, facts=facts)
    # Bounded before it is stored and answered: the log, the answer and any attestation agree.
    decision = bound(decision, len(data))
    if record:
        # The loader accepted the bytes as UTF-8, so this round-trips to the digest in the decision.
        await to_thread.run_sync(partial(store.record_decision, decision, data.decode("utf-8"), token))
    return decision
