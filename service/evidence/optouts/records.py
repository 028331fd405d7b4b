"""A collection record as a stream of items: JSON Lines, CSV or WARC, one item at a time.

Each reader yields an `Item` or a `Bad` (record number and why), never raises for what the file holds:
a line too long is skipped in bounded chunks, binary junk is a bad record, a truncated WARC ends the
stream with a `Bad` naming the last good record. Record numbers are what a person finds in the file:
the JSONL line, the CSV data row, the WARC record (all from 1).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from service.evidence.optouts.timeparse import parse_time

MAX_LINE = 1024 * 1024
MAX_URL = 8192
HEADER_KEY = "collection_record"


@dataclass(slots=True)
class Item:
    number: int
    url: str
    fetched_at: datetime
    fetched_raw: str
    user_agent: str | None = None
    robots: str | None = None
    robots_digest: str | None = None
    robots_status: int | None = None
    tdm_header: Any = None
    tdm_policy: str | None = None
    tdmrep: Any = None
    tdmrep_digest: str | None = None
    content_usage: str | None = None
    c2pa: str | None = None
    file: str | None = None
    included: bool = True
    licence: str | None = None


@dataclass(slots=True)
class Bad:
    number: int | None
    why: str


@dataclass
class Header:
    """Record-wide facts from a JSONL first line or a WARC warcinfo record."""

    crawler: str | None = None
    user_agent: str | None = None
    agents: list[str] = field(default_factory=list)
    licences: dict[str, str] = field(default_factory=dict)


Entry = Item | Bad

def _string(key: str) -> Any:
    def take(item: Item, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str) or len(value) > 4096:
            return f"`{key}` must be a string of at most 4096 characters"
        setattr(item, _ATTR.get(key, key), value)
        return None
    return take


_ATTR = {"robots_sha256": "robots_digest", "tdmrep_sha256": "tdmrep_digest"}


def _robots(item: Item, value: Any) -> str | None:
    if isinstance(value, str):
        item.robots = value
    elif isinstance(value, dict):
        digest, status = value.get("sha256"), value.get("status")
        if digest is not None and not isinstance(digest, str):
            return "`robots_txt.sha256` must be a hex string"
        item.robots_digest = digest or item.robots_digest
        if status is not None:
            if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
                return "`robots_txt.status` must be an HTTP status code (100-599)"
            item.robots_status = status
    elif value is not None:
        return "`robots_txt` must be the file's content (a string) or {sha256, status}"
    return None


def _robots_status(item: Item, value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        status = int(value)
    except (TypeError, ValueError):
        status = 0
    if isinstance(value, bool) or not 100 <= status <= 599:
        return "`robots_status` must be an HTTP status code (100-599)"
    item.robots_status = status
    return None


def _tdm(item: Item, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or value not in (0, 1, "0", "1"):
        return "`tdm_reservation` must be 0 or 1 (the TDMRep header value)"
    item.tdm_header = value
    return None


def _tdmrep(item: Item, value: Any) -> str | None:
    if isinstance(value, list):
        item.tdmrep = value
    elif isinstance(value, dict) and isinstance(value.get("sha256"), str):
        item.tdmrep_digest = value["sha256"]
    elif value is not None:
        return "`tdmrep` must be the tdmrep.json rules (an array) or {sha256}"
    return None


def _c2pa(item: Item, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in ("allowed", "notAllowed", "constrained"):
        return "`c2pa_training_mining` must be allowed, notAllowed or constrained"
    item.c2pa = value
    return None


def _included(item: Item, value: Any) -> str | None:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered not in ("", "true", "false", "1", "0", "yes", "no"):
            return "`included` must be true or false"
        value = lowered not in ("false", "0", "no")
    if not isinstance(value, bool):
        return "`included` must be true or false"
    item.included = value
    return None


FIELDS: dict[str, Any] = {
    **{key: _string(key) for key in ("user_agent", "tdm_policy", "content_usage", "file", "licence",
                                     "robots_sha256", "tdmrep_sha256")},
    "robots_txt": _robots, "robots_status": _robots_status, "tdm_reservation": _tdm, "tdmrep": _tdmrep,
    "c2pa_training_mining": _c2pa, "included": _included,
}
"""The item fields the record format defines (docs/optouts.md); others are ignored (forward-compatible)."""


def item_from(number: int, row: dict[str, Any]) -> Entry:
    """An Item from one record's fields (JSONL object or CSV row), or Bad naming the field."""
    url = row.get("url")
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        return Bad(number, f"`url` must be a string of 1 to {MAX_URL} characters")
    raw = row.get("fetched_at")
    at = parse_time(raw)
    if at is None:
        return Bad(number, "`fetched_at` must be an ISO 8601 time with a time zone, e.g. 2026-03-01T12:00:00Z")
    item = Item(number, url, at, raw)  # type: ignore[arg-type]  # parse_time accepted only a str
    if len(row) > 2:
        for key, value in row.items():
            take = FIELDS.get(key)
            if take is not None:
                why = take(item, value)
                if why:
                    return Bad(number, why)
    return item


def read_header(entry: dict[str, Any], header: Header) -> str | None:
    """Fill `header` from a JSONL first line; the reason it is unusable, or None."""
    agents, licences = entry.get("agents", []), entry.get("licences", [])
    if not isinstance(agents, list) or not all(isinstance(a, str) and 0 < len(a) <= 100 for a in agents[:50]):
        return "`agents` must be a list of user-agent tokens"
    if not isinstance(licences, list):
        return "`licences` must be a list of {domain, reference}"
    for lic in licences[:10_000]:
        if not isinstance(lic, dict) or not isinstance(lic.get("domain"), str) or not isinstance(lic.get("reference"),
                                                                                                  str):
            return "each licence needs `domain` and `reference` strings"
        header.licences[lic["domain"].lower().strip(".")] = lic["reference"][:2000]
    for key in ("crawler", "user_agent"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= 500):
            return f"`{key}` must be a string"
    header.crawler, header.user_agent = entry.get("crawler"), entry.get("user_agent")
    header.agents = list(agents[:50])
    return None


def read_jsonl(stream: BinaryIO, header: Header) -> Iterator[Entry]:
    number = 0
    readline = stream.readline
    decode = json.JSONDecoder().decode
    while True:
        line = readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (rest := readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
            yield Bad(number, f"record longer than {MAX_LINE} bytes: skipped")
            continue
        try:
            row = decode(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            if line.strip():
                yield Bad(number, "not a JSON object (is the file JSON Lines, UTF-8?)")
            continue
        if not isinstance(row, dict):
            yield Bad(number, "not a JSON object")
            continue
        if number == 1 and HEADER_KEY in row:
            why = read_header(row, header)
            if why:
                yield Bad(number, f"header line: {why}")
            continue
        yield item_from(number, row)


def read_csv(stream: BinaryIO, header: Header) -> Iterator[Entry]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    reader = csv.DictReader(text)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Bad(number, f"CSV row cannot be read: {str(exc)[:200]}")
            continue
        number += 1
        if number == 1 and (reader.fieldnames is None or "url" not in reader.fieldnames
                            or "fetched_at" not in reader.fieldnames):
            yield Bad(None, "the CSV needs a header row with at least `url` and `fetched_at` columns")
            return
        if None in row:
            yield Bad(number, "CSV row has more fields than the header")
            continue
        yield item_from(number, row)


def _warcinfo_agent(payload: bytes) -> str | None:
    for line in payload[:65536].decode("utf-8", errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in ("http-header-user-agent", "user-agent"):
            return value.strip()[:500] or None
    return None


class WarcTruncated(Exception):
    def __init__(self, number: int, why: str) -> None:
        super().__init__(why)
        self.number = number


WARC_ERRORS: tuple[type[BaseException], ...] = (WarcTruncated, EOFError, OSError, ValueError)


def warc_records(stream: BinaryIO, keep: Any, max_kept: int) -> Iterator[tuple[int, Any, bytes | None]]:
    """(record number, warcio record, payload if `keep(record)`) for each record, checked complete.

    warcio drops a truncated last gzip member without a word and hands out a short payload for a cut
    record, so each record's bytes are counted against its Content-Length and the last record must
    end where the file does; either failing raises WarcTruncated with the record number.
    """
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(stream)
    number = 0
    for rec in iterator:
        number += 1
        declared = int(rec.rec_headers.get_header("Content-Length") or 0)
        got = rec.http_headers.total_len if rec.http_headers is not None else 0
        kept = bytearray() if keep(rec) else None
        while chunk := rec.raw_stream.read(CHUNK):
            got += len(chunk)
            if kept is not None and len(kept) < max_kept:
                kept += chunk[: max_kept - len(kept)]
        if got < declared:
            raise WarcTruncated(number, f"WARC record {number} holds {got} of its {declared} bytes: truncated")
        yield number, rec, bytes(kept) if kept is not None else None
    if number:
        end = iterator.get_record_offset() + iterator.get_record_length()
        size = stream.seek(0, 2)
        if size - end > 4:
            raise WarcTruncated(number + 1, f"the {size - end} bytes after WARC record {number} are not a "
                                            "complete record: truncated")


CHUNK = 1024 * 1024


def _is_capture(uri: str) -> bool:
    path = uri.split("?", 1)[0]
    return path.endswith("/robots.txt") or path.endswith("/.well-known/tdmrep.json")


def read_warc(stream: BinaryIO, header: Header) -> Iterator[Entry]:
    """Response records as items (robots.txt and tdmrep.json captures are snapshots, not items)."""
    from warcio.exceptions import ArchiveLoadFailed

    requests: dict[str, str] = {}
    number = 0
    try:
        for number, rec, payload in warc_records(stream, lambda r: r.rec_type == "warcinfo", 65536):
            kind = rec.rec_type
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            if kind == "warcinfo":
                header.user_agent = header.user_agent or _warcinfo_agent(payload or b"")
                continue
            if kind == "request":
                agent = rec.http_headers.get_header("User-Agent") if rec.http_headers else None
                if agent and len(requests) < 10_000:
                    requests[uri] = agent[:500]
                continue
            if kind != "response" or _is_capture(uri):
                continue
            http = rec.http_headers
            row: dict[str, Any] = {
                "url": uri, "fetched_at": rec.rec_headers.get_header("WARC-Date"),
                "user_agent": requests.pop(uri, None),
            }
            if http is not None:
                row["tdm_reservation"] = (http.get_header("tdm-reservation") or "").strip() or None
                row["tdm_policy"] = http.get_header("tdm-policy")
                row["content_usage"] = http.get_header("Content-Usage")
            yield item_from(number, row)
    except WarcTruncated as exc:
        yield Bad(exc.number, str(exc))
    except (ArchiveLoadFailed, *WARC_ERRORS) as exc:
        yield Bad(number + 1, f"the WARC is truncated or corrupt after record {number}: {str(exc)[:200]}")


READERS = {"jsonl": read_jsonl, "csv": read_csv, "warc": read_warc}
