"""Evaluation worker processes: manifests are parsed and judged outside the event loop.

Why processes, not threads: the regorus engine is "unsendable" (it panics when used from a
thread other than the one that built it), parsing and validation are pure Python that holds
the GIL, and a thread cannot be stopped. A 620 KB BOM once held a worker's event loop for 40 s,
so /healthz went unanswered and SIGTERM was ignored. Here each worker process builds
its own Gate; the event loop only waits on a pipe. When a request exceeds its time budget, or
the server shuts down, the process evaluating it is killed and replaced: the request fails
closed with a 503 problem and the server stays healthy.

One request holds one worker for its two steps (load the manifest, then evaluate it with the
waivers the store found for that system), so the parsed manifest never crosses the pipe. The
obligation calendar (POST /v1/reports/calendar) is the same two steps with a `calendar` second
step: the worker judges the manifest at every candidate date (10-15 evaluations) inside the one
time budget, with the waiver records so it can apply each on the days it is in force.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import multiprocessing
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sbom.errors import FieldProblem, Kind, ManifestError, Problem
from sbom.load import FactsFile, Syntax
from service.bundle import PolicyBundle
from service.decide import Waiver
from service.decision import Decision
from service.evidence import EvidenceInput
from service.gate import Gate
from service.reports.calendar import SystemCalendar, system_calendar
from service.settings import Settings
from service.store.interface import WaiverRecord

log = logging.getLogger("cleangate.evalpool")

_SPAWN = multiprocessing.get_context("spawn")  # never fork a process that runs an event loop and threads
_PR_SET_PDEATHSIG = 1


class EvaluationUnavailable(Problem):
    """The request was not evaluated; `code` says why and `kind` what kind of refusal it is.

    UNAVAILABLE (503) `evaluation_timeout`: this manifest exceeded the time budget (its worker
    was replaced); UNAVAILABLE `busy`: no worker became free within the budget (retry after 5 s);
    FAILED (500) `evaluation_failed`: evaluating this manifest failed (its worker crashed or
    raised). Clients must not read any of them as "the gate is down, let it pass"
    (service/cli/remote.py).
    """

    def __init__(self, code: str, message: str, kind: Kind = Kind.UNAVAILABLE) -> None:
        super().__init__(message)
        self.code = code
        self.message = self.title = message
        self.kind = kind
        self.retry_after = 5 if code == "busy" else None


class QueryFailed(Exception):
    """A Data API query whose policy failed to evaluate (OPA answers 500 internal_error)."""


@dataclass(frozen=True)
class Loaded:
    """What the event loop needs to look up waivers before the evaluation step."""

    system: str
    version: str | None
    repository: str | None


# -- the worker process ---------------------------------------------------------------------------

def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the server process dies, even mid-evaluation."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def gate_for(bundle: PolicyBundle, settings: Settings) -> Gate:
    """The Gate the server's settings describe (engine, limits, evidence), as service.api.app builds it."""
    from service.engines import make_engine

    return Gate(bundle, make_engine(settings.engine, bundle, settings=settings), limits=settings.limits(),
                evidence=settings.evidence_config())


def _worker_main(conn: Connection, bundle: PolicyBundle, settings: Settings) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    gate = gate_for(bundle, settings)
    try:
        gate.warm()  # the first request costs what later ones do
    except Exception as exc:  # a slower first request, never a worker that does not start
        log.warning("evaluation worker warm-up failed: %s: %s", type(exc).__name__, str(exc)[:300])
    gc.freeze()  # the bundle, engine and imports are never garbage: keep them out of collections
    conn.send(("ready",))
    loaded: Any = None
    data: bytes | None = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        try:
            if kind == "load":
                _, data, syntax, facts, source = message
                loaded = gate.load(data or b"", syntax, facts=facts, source=source)
                doc = loaded.policy_input
                conn.send(("loaded", Loaded(doc.system.name, doc.system.version, doc.context.ci.repository)))
            elif kind == "evaluate":
                _, digest, kwargs = message
                decision = gate.evaluate_loaded(loaded, digest, data=data, **kwargs)
                loaded = data = None
                conn.send(("decision", decision.model_dump_json()))
            elif kind == "calendar":  # the obligation calendar (service/api/routes/reports.py)
                _, digest, start, records, evidence = message
                calendar = system_calendar(gate, loaded, digest, start, records, evidence=evidence)
                loaded = data = None
                conn.send(("calendar", calendar.model_dump_json()))
            elif kind == "query":  # OPA's Data API (service/api/routes/opa_data.py)
                _, path, document = message
                try:
                    conn.send(("value", *gate.query_document(path, document)))
                except RuntimeError as exc:  # the policy failed to evaluate: OPA's internal_error
                    conn.send(("query_error", str(exc)[:2000]))
        except ManifestError as exc:
            loaded = data = None
            conn.send(("manifest_error", exc.title, list(exc.problems), exc.kind.value))
        except Exception as exc:  # reported as a failed evaluation, never as a decision
            loaded = data = None
            conn.send(("failed", f"{type(exc).__name__}: {str(exc)[:500]}"))


# -- the server side ------------------------------------------------------------------------------

class _Worker:
    def __init__(self, bundle: PolicyBundle, settings: Settings) -> None:
        parent, child = _SPAWN.Pipe()
        self.conn = parent
        self.process: BaseProcess = _SPAWN.Process(target=_worker_main, args=(child, bundle, settings),
                                                   daemon=True, name="cleangate-eval")
        self.process.start()
        child.close()

    async def receive(self) -> tuple[Any, ...]:
        """The next message, waiting on the pipe without blocking the event loop."""
        loop = asyncio.get_running_loop()
        if not self.conn.poll():
            ready: asyncio.Future[None] = loop.create_future()
            fd = self.conn.fileno()

            def wake() -> None:
                if not ready.done():
                    ready.set_result(None)

            loop.add_reader(fd, wake)
            try:
                await ready
            finally:
                loop.remove_reader(fd)
        try:
            message: tuple[Any, ...] = self.conn.recv()
        except (EOFError, OSError):
            raise EvaluationUnavailable("evaluation_failed", "the evaluation worker stopped", Kind.FAILED) from None
        return message

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.process.join(timeout=1)


WaiverLookup = Callable[[Loaded], Awaitable[list[Waiver]]]
RecordLookup = Callable[[Loaded], Awaitable[list[WaiverRecord]]]
SecondStep = Callable[[Loaded], Awaitable[tuple[Any, ...]]]


class EvaluationPool:
    """`size` worker processes; a request waits for a free one within its time budget."""

    def __init__(self, bundle: PolicyBundle, settings: Settings, size: int, budget_seconds: float) -> None:
        self.bundle = bundle
        self.settings = settings
        self.size = size
        self.budget_seconds = budget_seconds
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._closed = False
        self._starting: set[asyncio.Task[None]] = set()
        self.replaced = 0
        """How many workers were killed and replaced (time budget exceeded or crashed)."""

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        await asyncio.gather(*(self._add_worker() for _ in range(self.size)))

    async def _add_worker(self) -> None:
        worker = _Worker(self.bundle, self.settings)
        self._all.add(worker)
        try:
            message = await worker.receive()
        except EvaluationUnavailable:
            self._all.discard(worker)
            worker.kill()
            raise RuntimeError("an evaluation worker did not start (see its stderr)") from None
        if message[0] != "ready" or self._closed:
            self._all.discard(worker)
            worker.kill()
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        self.replaced += 1
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._add_worker())
            self._starting.add(task)
            task.add_done_callback(self._started)

    def _started(self, task: asyncio.Task[None]) -> None:
        self._starting.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("could not replace an evaluation worker: %s", task.exception())

    async def _free_worker(self) -> tuple[float, _Worker]:
        """The request's deadline and an idle worker, waited for within the time budget."""
        if self._idle is None or self._closed:
            raise EvaluationUnavailable("unavailable", "the gate is not accepting evaluations")
        deadline = time.monotonic() + self.budget_seconds
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.budget_seconds)
        except TimeoutError:
            raise EvaluationUnavailable(
                "busy", f"no evaluation worker became free within {self.budget_seconds:g} s") from None
        return deadline, worker

    async def evaluate(self, data: bytes, syntax: Syntax | None, digest: str, waivers: WaiverLookup,
                       *, as_of: date | None, ci: dict[str, str | None], source: str | None,
                       evidence: EvidenceInput | None = None, requested_by: str | None = None,
                       facts: FactsFile | None = None) -> Decision:
        """Load, look up waivers, verify evidence and evaluate: all within the time budget, or
        EvaluationUnavailable."""
        async def evaluate_step(loaded: Loaded) -> tuple[Any, ...]:
            found = await waivers(loaded)
            return ("evaluate", digest, {"as_of": as_of, "ci": ci, "source": source, "waivers": found,
                                         "evidence": evidence, "requested_by": requested_by})

        reply = await self._load_then(("load", data, syntax, facts, source), evaluate_step,
                                      "the manifest was not evaluated")
        return _result(reply)

    async def calendar(self, data: bytes, syntax: Syntax | None, digest: str, waivers: RecordLookup, *,
                       start: date, source: str | None, facts: FactsFile | None = None,
                       evidence: EvidenceInput | None = None) -> SystemCalendar:
        """`system_calendar` in a worker: load, look up the waiver records, judge every candidate
        date, all within one time budget (or EvaluationUnavailable, like an evaluation)."""
        async def calendar_step(loaded: Loaded) -> tuple[Any, ...]:
            return ("calendar", digest, start, await waivers(loaded), evidence)

        reply = await self._load_then(("load", data, syntax, facts, source), calendar_step,
                                      "the calendar was not judged")
        if reply[0] == "calendar":
            return SystemCalendar.model_validate_json(reply[1])
        _result(reply)  # raises for manifest_error / failed
        raise EvaluationUnavailable("evaluation_failed", f"unexpected reply from the evaluation worker: {reply[0]!r}",
                                    Kind.FAILED)

    async def _load_then(self, load: tuple[Any, ...], second: SecondStep, what: str) -> tuple[Any, ...]:
        """Send `load`, then the message `second` builds from what was loaded, on one worker within
        the budget; a worker left busy by a timeout, a cancellation or a crash is replaced."""
        deadline, worker = await self._free_worker()
        busy = False
        try:
            busy = True
            worker.conn.send(load)
            reply = await self._reply(worker, deadline)
            busy = False
            if reply[0] == "loaded":
                message = await asyncio.wait_for(second(reply[1]), timeout=max(0.001, deadline - time.monotonic()))
                busy = True
                worker.conn.send(message)
                reply = await self._reply(worker, deadline)
                busy = False
        except TimeoutError:
            if busy:
                self._replace(worker)
                worker = None  # type: ignore[assignment]
            raise EvaluationUnavailable(
                "evaluation_timeout", f"{what} within the time budget of {self.budget_seconds:g} s") from None
        except BaseException:
            # cancelled (shutdown, client gone) or the worker died: never reuse a worker in an unknown state
            if busy:
                self._replace(worker)
                worker = None  # type: ignore[assignment]
            raise
        finally:
            if worker is not None and not self._closed and self._idle is not None:
                self._idle.put_nowait(worker)
        return reply

    async def query(self, path: list[str], document: Any) -> tuple[bool, Any]:
        """`Gate.query_document` in a worker, within the same time budget as an evaluation.

        Raises QueryFailed when the policy errors, ManifestError for an invalid input document.
        """
        deadline, worker = await self._free_worker()
        try:
            worker.conn.send(("query", path, document))
            reply = await self._reply(worker, deadline)
        except TimeoutError:
            self._replace(worker)
            worker = None  # type: ignore[assignment]
            raise EvaluationUnavailable(
                "evaluation_timeout",
                f"the query was not evaluated within the time budget of {self.budget_seconds:g} s",
            ) from None
        except BaseException:
            self._replace(worker)
            worker = None  # type: ignore[assignment]
            raise
        finally:
            if worker is not None and not self._closed and self._idle is not None:
                self._idle.put_nowait(worker)
        if reply[0] == "value":
            return bool(reply[1]), reply[2]
        if reply[0] == "query_error":
            raise QueryFailed(reply[1])
        _result(reply)  # raises for manifest_error / failed
        raise EvaluationUnavailable("evaluation_failed", f"unexpected reply from the evaluation worker: {reply[0]!r}",
                                    Kind.FAILED)

    async def _reply(self, worker: _Worker, deadline: float) -> tuple[Any, ...]:
        return await asyncio.wait_for(worker.receive(), timeout=max(0.001, deadline - time.monotonic()))

    def close(self) -> None:
        """Kill every worker now (shutdown must not wait for an evaluation to finish)."""
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()


class InProcessEvaluator:
    """The same two steps on the calling thread, with no time budget: for tests and tools that
    hold a Gate and no server (the HTTP API always uses EvaluationPool)."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    async def evaluate(self, data: bytes, syntax: Syntax | None, digest: str, waivers: WaiverLookup,
                       *, as_of: date | None, ci: dict[str, str | None], source: str | None,
                       evidence: EvidenceInput | None = None, requested_by: str | None = None,
                       facts: FactsFile | None = None) -> Decision:
        loaded = self.gate.load(data, syntax, facts=facts, source=source)
        doc = loaded.policy_input
        found = await waivers(Loaded(doc.system.name, doc.system.version, doc.context.ci.repository))
        return self.gate.evaluate_loaded(loaded, digest, as_of=as_of, ci=ci, source=source, waivers=found,
                                         evidence=evidence, data=data, requested_by=requested_by)


def _result(reply: tuple[Any, ...]) -> Decision:
    kind = reply[0]
    if kind == "decision":
        return Decision.model_validate_json(reply[1])
    if kind == "manifest_error":
        _, title, problems, kind = reply
        raise ManifestError(title, [FieldProblem(p.pointer, p.message, p.expected) for p in problems], Kind(kind))
    if kind == "failed":
        log.error("evaluation failed in the worker: %s", reply[1])
        raise EvaluationUnavailable("evaluation_failed", "the evaluation failed; the manifest was not evaluated",
                                    Kind.FAILED)
    raise EvaluationUnavailable("evaluation_failed", f"unexpected reply from the evaluation worker: {kind!r}",
                                Kind.FAILED)


__all__ = ["EvaluationPool", "EvaluationUnavailable", "InProcessEvaluator", "Loaded", "QueryFailed"]
