"""Evaluate and record as one step: the waivers in force are looked up for this manifest, the
gate decides with them, and the decision is committed to the log before anyone sees it.

The HTTP route calls this and nothing else, so "acknowledged" and "stored" cannot drift apart.
Threads: the regorus engine must stay on the thread that compiled it (the event loop's), so
only the database calls, which block on I/O and on the chain lock, go to worker threads.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import partial

from anyio import to_thread

from sbom.load import FactsFile, Syntax
from service.decision import Decision
from service.evidence import EvidenceInput
from service.gate import Gate
from service.store.interface import Store


async def evaluate_and_record(gate: Gate, store: Store, data: bytes, syntax: Syntax | None, *, as_of: date | None,
                              ci: dict[str, str | None], source: str | None, token: str | None,
                              record: bool = True, evidence: EvidenceInput | None = None,
                              facts: FactsFile | None = None) -> Decision:
    loaded = gate.load(data, syntax, facts=facts, source=source)
    system = loaded.policy_input.system
    repository = ci.get("repository") or loaded.policy_input.context.ci.repository
    waivers = await to_thread.run_sync(store.matching_waivers, system.name, system.version, repository)
    # Evidence (hashing, C2PA parsing) is checked on a worker thread; the engine stays on this one.
    checked = await to_thread.run_sync(gate.verify, loaded, data, evidence)
    decision = gate.evaluate_loaded(loaded, hashlib.sha256(data).hexdigest(), as_of=as_of, ci=ci, source=source,
                                    waivers=[w.as_waiver() for w in waivers], requested_by=token, checked=checked)
    if record:
        # The loader accepted the bytes as UTF-8, so this round-trips to the digest in the decision.
        await to_thread.run_sync(partial(store.record_decision, decision, data.decode("utf-8"), token))
    return decision
