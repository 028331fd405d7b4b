"""Judge each item of a collection record against what its source declared when it was fetched.

An item is reserved when any channel that applied at fetch time reserves it: robots.txt disallows
its URL for the crawler or for one of the AI agents the record names (RFC 9309, protego), TDMRep
(`tdm-reservation: 1` header or a /.well-known/tdmrep.json rule), an AI-preference (`Content-Usage`
header or robots.txt rule saying train-ai=n), or the item's own C2PA/CAWG training-mining assertion
(notAllowed or constrained). A reserved item that was kept counts as licensed when the item or its
domain names a licence; otherwise it is `reserved_included` and the first ones are kept as samples.
Work per item is constant (cached robots.txt, bisect over captures), so a record of any length is
one linear pass in bounded memory.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from service.evidence.optouts.records import Bad, Header, Item
from service.evidence.optouts.signals import (
    ParsedRobots,
    RobotsCache,
    header_reserved,
    parse_preferences,
    tdmrep_reserved,
    training_reserved,
)
from service.evidence.optouts.snapshots import SnapshotStore, split_url

MAX_SAMPLES = 20
MAX_PROBLEMS = 50
MAX_MALFORMED = 10_000
"""After this many unreadable records the file is not a record of this format: stop reading."""
CHANNELS = ("robots", "tdmrep", "aipref", "c2pa")
C2paReader = Callable[[str], "tuple[str | None, str | None]"]
"""file name -> (most restrictive training use, or None; why it could not be read, or None)."""

_NO_ROBOTS = "no-robots"
_UNREACHABLE = "unreachable"


@dataclass
class Tally:
    """Counts, samples and problems of one record: what `VerifiedCollectionRecord` reports."""

    items: int = 0
    included: int = 0
    excluded: int = 0
    reserved_included: int = 0
    reserved_licensed: int = 0
    reserved_excluded: int = 0
    robots_unknown: int = 0
    malformed: int = 0
    c2pa_read: int = 0
    channels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    samples: list[dict[str, Any]] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    problems_total: int = 0
    stopped: str | None = None

    def problem(self, record: int | None, why: str) -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((record, why))


@dataclass
class Judge:
    """Everything an item is judged against; one per record."""

    store: SnapshotStore
    header: Header
    crawler: str | None
    agents: tuple[str, ...]
    licences: dict[str, str]
    c2pa: C2paReader | None = None
    cache: RobotsCache = field(default_factory=RobotsCache)
    tally: Tally = field(default_factory=Tally)
    _warned_digests: set[str] = field(default_factory=set)
    default_agents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.default_agents = (self.crawler, *self.agents) if self.crawler else self.agents

    def licensed(self, item: Item, host: str) -> bool:
        if item.licence:
            return True
        if not self.licences:
            return False
        parts = host.split(".")
        return any(".".join(parts[i:]) in self.licences for i in range(len(parts)))

    def robots(self, item: Item, host: str) -> ParsedRobots | str | None:
        """The robots.txt in force for `item`: parsed, `_NO_ROBOTS`, `_UNREACHABLE`, or None (unknown)."""
        status = item.robots_status
        if item.robots is not None and (status is None or 200 <= status < 300):
            text = item.robots
            key = "inline:" + (text if len(text) < 256 else hashlib.sha256(text.encode()).hexdigest())
            return self.cache.get(key, lambda: text.encode("utf-8", errors="replace"))
        if status is not None and not 200 <= status < 300:
            return _status_meaning(status)
        digest = item.robots_digest
        if digest is not None:
            digest = digest.lower()
            if digest not in self.store.contents:
                if digest not in self._warned_digests and len(self._warned_digests) < 1000:
                    self._warned_digests.add(digest)
                    self.tally.problem(item.number, f"robots.txt sha256 {digest[:64]} is not in the snapshot store")
                return None
            return self.cache.get(digest, lambda: self.store.contents[digest])
        capture = self.store.in_force(host, "robots", item.fetched_at)
        if capture is None:
            return None
        if not 200 <= capture.status < 300 and capture.status != 0:
            return _status_meaning(capture.status)
        return self.cache.get(capture.digest, lambda: self.store.contents[capture.digest])

    def reasons(self, item: Item, host: str, path: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        agents = (item.user_agent, *self.agents) if item.user_agent else self.default_agents
        robots = self.robots(item, host)
        if robots is None:
            if item.included:
                self.tally.robots_unknown += 1
        elif robots == _UNREACHABLE:
            found.append(("robots", "robots.txt unreachable (HTTP 5xx): complete disallow (RFC 9309 §2.3.1.4)"))
        elif isinstance(robots, ParsedRobots):
            rule, agent = robots.first_disallowing(path, agents)
            if rule is not None:
                found.append(("robots", f"{rule} (for {agent[:100]})"))
            if robots.usage:
                usage = robots.usage_reserved(path, tuple(a.lower() for a in agents))
                if usage:
                    found.append(("aipref", usage))
        if item.content_usage:
            pref = training_reserved(parse_preferences(item.content_usage))
            if pref:
                found.append(("aipref", f"Content-Usage header: {pref}"))
        if header_reserved(item.tdm_header):
            policy = f" (tdm-policy {item.tdm_policy[:200]})" if item.tdm_policy else ""
            found.append(("tdmrep", f"tdm-reservation: 1 header{policy}"))
        else:
            rule = tdmrep_reserved(self.tdmrep_rules(item, host), path)
            if rule:
                found.append(("tdmrep", rule))
        use, rule_text = self.c2pa_use(item)
        if use in ("notAllowed", "constrained"):
            found.append(("c2pa", rule_text or f"training-mining {use}"))
        return found

    def tdmrep_rules(self, item: Item, host: str) -> Any:
        if item.tdmrep is not None:
            return item.tdmrep
        if not self.store.tdmrep_captures and item.tdmrep_digest is None:
            return None
        if item.tdmrep_digest is not None:
            data = self.store.contents.get(item.tdmrep_digest.lower())
        else:
            capture = self.store.in_force(host, "tdmrep", item.fetched_at)
            data = self.store.contents.get(capture.digest) if capture and 200 <= capture.status < 300 else None
        if data is None:
            return None
        return _tdmrep_json(data)

    def c2pa_use(self, item: Item) -> tuple[str | None, str | None]:
        if item.file and self.c2pa is not None:
            use, why = self.c2pa(item.file)
            if why is None:
                self.tally.c2pa_read += 1
                return use, f"{item.file[:200]}: C2PA/CAWG training-mining {use} (read from the file)" if use else None
            self.tally.problem(item.number, f"{item.file[:200]}: Content Credentials not read: {why}")
        if item.c2pa:
            return item.c2pa, f"training-mining {item.c2pa} (as the record states; the file was not read)"
        return None, None

    def judge(self, item: Item) -> None:
        t = self.tally
        t.items += 1
        split = split_url(item.url)
        if split is None:
            t.malformed += 1
            t.problem(item.number, f"`url` {item.url[:200]!r} has no usable host")
            return
        host, path = split
        reasons = self.reasons(item, host, path)
        if item.included:
            t.included += 1
        else:
            t.excluded += 1
        if not reasons:
            return
        if not item.included:
            t.reserved_excluded += 1
        elif self.licensed(item, host):
            t.reserved_licensed += 1
        else:
            t.reserved_included += 1
            for channel in {c for c, _ in reasons}:
                t.channels[channel] += 1
            if len(t.samples) < MAX_SAMPLES:
                channel, rule = reasons[0]
                t.samples.append({"record": item.number, "url": item.url[:2000], "channel": channel,
                                  "rule": rule[:500], "fetched_at": item.fetched_raw[:40]})


def _status_meaning(status: int) -> str | None:
    if 400 <= status < 500:
        return _NO_ROBOTS  # RFC 9309 §2.3.1.3: unavailable, the crawler may access everything
    if status >= 500:
        return _UNREACHABLE
    return None


def _tdmrep_json(data: bytes) -> Any:
    import json

    try:
        return json.loads(data[: 4 * 1024 * 1024])
    except (ValueError, UnicodeDecodeError):
        return None


def run(entries: Iterable[Item | Bad], judge: Judge, expired: Callable[[], bool]) -> Tally:
    """Judge every entry; stop (tally.stopped) at the time budget or when the file is not a record."""
    t = judge.tally
    check_every = 4096
    for n, entry in enumerate(entries):
        if n % check_every == 0 and expired():
            t.stopped = "the evidence time limit was reached"
            break
        if isinstance(entry, Bad):
            t.malformed += 1
            t.problem(entry.number, entry.why)
            if t.malformed >= MAX_MALFORMED and t.malformed > t.items:
                t.stopped = f"{t.malformed} unreadable records and only {t.items} readable ones: not a record"
                break
            continue
        judge.judge(entry)
    return t


def deadline(seconds: float) -> Callable[[], bool]:
    start = time.monotonic()
    return lambda: time.monotonic() - start > seconds
