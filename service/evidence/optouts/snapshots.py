"""robots.txt and tdmrep.json as they were: a store of captures keyed by digest, looked up by time.

A record item either names the robots.txt it obeyed (content, or the sha256 of a stored capture), or
the gate picks the capture of the item's host in force at fetch time: the latest one captured at or
before the fetch. A capture dated after the fetch never applies, so a site that added a reservation
later does not make an earlier fetch reserved. Captures are deduplicated by digest and their total
size is bounded; the store is read once, in a stream.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from service.evidence.optouts.timeparse import parse_time

MAX_STORE_TEXT = 64 * 1024 * 1024
MAX_CAPTURE_BYTES = 4 * 1024 * 1024
MAX_LINE = 8 * 1024 * 1024
Kind = str  # "robots" | "tdmrep"


@dataclass
class Capture:
    digest: str
    status: int
    """HTTP status of the capture: 2xx content, 4xx no rules, 5xx unreachable (RFC 9309 §2.3.1)."""


@dataclass
class SnapshotStore:
    contents: dict[str, bytes] = field(default_factory=dict)
    by_host: dict[tuple[str, Kind], list[tuple[datetime, Capture]]] = field(default_factory=dict)
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    problems_total: int = 0
    text_bytes: int = 0
    captures: int = 0
    tdmrep_captures: int = 0

    def problem(self, record: int | None, why: str) -> None:
        self.problems_total += 1
        if len(self.problems) < 20:
            self.problems.append((record, why))

    def add(self, host: str, kind: Kind, at: datetime, status: int, content: bytes, record: int,
            digest: str | None = None) -> None:
        """Store one capture under the sha256 of its full content (checked against `digest` when given);
        only its first MAX_CAPTURE_BYTES are kept."""
        actual = hashlib.sha256(content).hexdigest()
        if digest is not None and digest.lower() != actual:
            self.problem(record, f"snapshot of {host[:200]} says sha256 {digest[:64]} but its content hashes to "
                                 f"{actual}: not used")
            return
        if len(content) > MAX_CAPTURE_BYTES:
            self.problem(record, f"snapshot of {host[:200]} is {len(content)} bytes; only the first "
                                 f"{MAX_CAPTURE_BYTES} are kept")
            content = content[:MAX_CAPTURE_BYTES]
        if actual not in self.contents:
            if self.text_bytes + len(content) > MAX_STORE_TEXT:
                self.problem(record, f"the snapshot store holds more than {MAX_STORE_TEXT} bytes of distinct "
                                     "captures; later ones are not used")
                return
            self.contents[actual] = content
            self.text_bytes += len(content)
        entries = self.by_host.setdefault((host, kind), [])
        bisect.insort(entries, (at, Capture(actual, status)), key=lambda e: e[0])
        self.captures += 1
        self.tdmrep_captures += kind == "tdmrep"

    def in_force(self, host: str, kind: Kind, at: datetime) -> Capture | None:
        """The capture of `host` in force at `at`: the latest captured at or before it."""
        entries = self.by_host.get((host, kind))
        if not entries:
            return None
        i = bisect.bisect_right(entries, at, key=lambda e: e[0])
        return entries[i - 1][1] if i else None



_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)([^#]*)")


def split_url(url: str) -> tuple[str, str] | None:
    """(lower-case ASCII host, path with query) of an absolute URL, or None when it has no host.

    One regular-expression match instead of urlsplit + .hostname (half the cost of judging an item
    at a million records); IPv6 literals, user info, ports and IDNA hosts are handled, a fragment
    dropped.
    """
    m = _URL.match(url)
    if m is None:
        return None
    authority, tail = m.groups()
    if "@" in authority:
        authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            return None
        host = authority[1:close]
    elif ":" in authority:
        host = authority.partition(":")[0]
    else:
        host = authority
    if not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not tail.startswith("/"):
        tail = "/" + tail
    return host.lower(), tail


def host_of(url: str) -> str | None:
    """The lower-case ASCII (IDNA) host of a URL, or None when it has none."""
    split = split_url(url)
    return split[0] if split else None


def read_jsonl_store(stream: BinaryIO, store: SnapshotStore) -> None:
    """Lines of {sha256?, host, kind, captured_at, status?, content}; bad lines are problems."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            break
        number += 1
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            store.problem(number, f"snapshot line longer than {MAX_LINE} bytes: skipped")
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
            continue
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            store.problem(number, "snapshot line is not JSON")
            continue
        if not isinstance(entry, dict):
            store.problem(number, "snapshot line is not a JSON object")
            continue
        host, kind, at = entry.get("host"), entry.get("kind", "robots"), parse_time(entry.get("captured_at"))
        content, status = entry.get("content", ""), entry.get("status", 200)
        if not isinstance(host, str) or kind not in ("robots", "tdmrep") or at is None or not isinstance(content, str) \
                or not isinstance(status, int) or isinstance(status, bool):
            store.problem(number, "snapshot needs host, kind (robots|tdmrep), captured_at (ISO 8601 with a time "
                                  "zone), content (string) and an integer status")
            continue
        data = content.encode("utf-8", errors="replace")
        digest = entry.get("sha256")
        store.add(host.lower(), kind, at, status, data, number, digest if isinstance(digest, str) else None)


def read_warc_store(stream: BinaryIO, store: SnapshotStore) -> None:
    """robots.txt captures from a WARC (response records for /robots.txt), as Common Crawl publishes them."""
    from warcio.exceptions import ArchiveLoadFailed

    from service.evidence.optouts.records import WARC_ERRORS, WarcTruncated, warc_records

    def capture_kind(uri: str) -> str | None:
        path = uri.split("?", 1)[0].split("#", 1)[0]
        return "robots" if path.endswith("/robots.txt") else "tdmrep" if path.endswith("/.well-known/tdmrep.json") \
            else None

    def keep(rec: Any) -> bool:
        return rec.rec_type == "response" and capture_kind(rec.rec_headers.get_header("WARC-Target-URI") or "") \
            is not None

    number = 0
    try:
        for number, rec, payload in warc_records(stream, keep, MAX_CAPTURE_BYTES):
            if payload is None:
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            host, at = host_of(uri), parse_time(rec.rec_headers.get_header("WARC-Date"))
            kind = capture_kind(uri)
            if host is None or at is None or kind is None:
                store.problem(number, "WARC response without a usable WARC-Target-URI host or WARC-Date")
                continue
            status = int(rec.http_headers.get_statuscode() or 0) if rec.http_headers else 0
            store.add(host, kind, at, status, payload, number)
    except WarcTruncated as exc:
        store.problem(exc.number, str(exc))
    except (ArchiveLoadFailed, *WARC_ERRORS) as exc:
        store.problem(number + 1, f"the WARC snapshot store is truncated or corrupt after record {number}: "
                                  f"{str(exc)[:200]}")
