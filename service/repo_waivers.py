"""Waivers kept in the repository (`.cleangate/waivers.yaml`), applied by offline `cleangate check`.

The default CI mode is offline, where the server's waivers do not exist; a team records its
time-boxed exceptions next to the manifest instead, with the same fields as a server waiver
(rules, system and version scope, justification, ticket, approver, expiry) and the same limits
and scope matching (service/waivers.py). Whether repository waivers count at all is the
organisation's call: `data.cleangate.config.waivers.repository_waivers` false (in a `--data`
file) refuses them, and the findings stay unwaived. An expired waiver never applies, and says
so loudly; one about to expire warns. A malformed file is a usage error naming the field.

    waivers:
      - rules: [AIACT-50-2]
        system: Echo voice studio      # shell-style glob, like server waivers
        version: "0.9.*"               # optional
        justification: marking ships in 4.2
        ticket: AI-123
        approver: J. Roe
        expires: 2026-12-20            # date (end of that day, UTC) or ISO 8601 time
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml

from sbom.errors import FieldProblem, Kind, ManifestError
from service.store.interface import WaiverRecord
from service.waivers import MAX_RULES, RULE_ID, WAIVER_LIMITS, waiver_matches

MAX_FILE_BYTES = 1024 * 1024
MAX_WAIVERS = 1000
FIELDS = {"rules", "system", "version", "repository", "justification", "ticket", "approver", "expires"}
REQUIRED = ("rules", "system", "justification", "ticket", "approver", "expires")
DEFAULT_PATH = Path(".cleangate/waivers.yaml")


@dataclass(frozen=True)
class Notice:
    level: Literal["warning", "notice"]
    line: int
    message: str


@dataclass
class RepoWaivers:
    path: str
    active: list[WaiverRecord] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def matching(self, system: str, version: str | None, repository: str | None) -> list[WaiverRecord]:
        return [w for w in self.active if waiver_matches(w, system, version, repository)]


def allowed(data: dict[str, object]) -> bool:
    """The organisation setting; repository waivers are allowed unless it says false."""
    config: Any = data.get("cleangate", {})
    for key in ("config", "waivers"):
        config = config.get(key, {}) if isinstance(config, dict) else {}
    return not (isinstance(config, dict) and config.get("repository_waivers") is False)


def _error(path: str, pointer: str, message: str, expected: str | None = None,
           line: int | None = None) -> ManifestError:
    where = f" (line {line})" if line else ""
    return ManifestError(f"waivers file {path} is not valid", [FieldProblem(pointer, message + where, expected)],
                         kind=Kind.MALFORMED)


def _expiry(value: object, path: str, pointer: str, line: int) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59), tzinfo=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise _error(path, pointer, f"{value!r} is not a date", "YYYY-MM-DD or an ISO 8601 time", line)


def load(path: Path, *, known_rules: AbstractSet[str], allowed_by_org: bool, max_days: int, warn_days: int,
         now: datetime | None = None) -> RepoWaivers:
    """Read and check the file; raises ManifestError (exit 2) naming the field when it is malformed."""
    now = now or datetime.now(UTC)
    label = path.as_posix()
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise _error(label, "", f"{len(raw)} bytes", f"at most {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _error(label, "", f"not YAML: {str(exc).splitlines()[0]}", "a YAML mapping with a waivers list") from None
    if not isinstance(document, dict) or not isinstance(document.get("waivers"), list):
        raise _error(label, "/waivers", "missing or not a list", "waivers: a list of waivers", 1)
    items = document["waivers"]
    if len(items) > MAX_WAIVERS:
        raise _error(label, "/waivers", f"{len(items)} waivers", f"at most {MAX_WAIVERS}")
    lines = _item_lines(root, len(items))
    result = RepoWaivers(label)
    for i, item in enumerate(items):
        pointer, line = f"/waivers/{i}", lines[i]
        record = _record(item, label, pointer, line, now)
        expires = record.expires_at
        shown = expires.isoformat(timespec="seconds")  # as the file's own notices have always shown it
        where = f"waiver {i + 1} ({', '.join(record.rules)}, ticket {record.ticket})"
        unknown = [r for r in record.rules if r not in known_rules]
        if not allowed_by_org:
            result.notices.append(Notice("warning", line, f"{where} not applied: the organisation does not allow "
                                         "repository waivers (cleangate.config.waivers.repository_waivers is false)"))
            continue
        if expires <= now:
            result.notices.append(Notice("warning", line, f"{where} EXPIRED on {shown} and no longer "
                                         "applies: renew it with a new expiry, or fix the findings"))
            continue
        if expires > now + timedelta(days=max_days):
            raise _error(label, f"{pointer}/expires", f"{shown} is more than {max_days} days away",
                         f"an expiry within {max_days} days (CLEANGATE_WAIVER_MAX_DAYS)", line)
        if unknown:
            result.notices.append(Notice("warning", line, f"{where} names rules the policies do not define: "
                                         f"{', '.join(unknown)}"))
        if expires <= now + timedelta(days=warn_days):
            days = (expires - now).total_seconds() / 86400
            result.notices.append(Notice("warning", line, f"{where} expires {shown} "
                                         f"(in {days:.1f} days)"))
        result.active.append(record)
    return result


def _record(item: object, label: str, pointer: str, line: int, now: datetime) -> WaiverRecord:
    if not isinstance(item, dict):
        raise _error(label, pointer, "not a mapping", "a waiver with " + ", ".join(REQUIRED), line)
    extra = sorted(str(k) for k in item if k not in FIELDS)
    if extra:
        raise _error(label, f"{pointer}/{extra[0]}", "unknown field", "one of " + ", ".join(sorted(FIELDS)), line)
    for name in REQUIRED:
        if item.get(name) in (None, "", []):
            raise _error(label, f"{pointer}/{name}", "missing", f"{name} (required)", line)
    rules = item["rules"]
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list) or not 1 <= len(rules) <= MAX_RULES:
        raise _error(label, f"{pointer}/rules", "not a list of rule ids", f"1 to {MAX_RULES} rule ids", line)
    for j, rule in enumerate(rules):
        if not isinstance(rule, str) or not RULE_ID.match(rule):
            raise _error(label, f"{pointer}/rules/{j}", f"{rule!r} is not a rule id", "letters, digits, '.', '_', '-'",
                         line)
    texts: dict[str, str | None] = {}
    for name, limit in WAIVER_LIMITS.items():
        value = item.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise _error(label, f"{pointer}/{name}", "not text", "a string", line)
        text = None if value is None else str(value)
        if text is not None and (len(text) > limit or "\x00" in text):
            raise _error(label, f"{pointer}/{name}", f"{len(text)} characters", f"at most {limit}, no NUL", line)
        texts[name] = text
    expires = _expiry(item["expires"], label, f"{pointer}/expires", line)
    return WaiverRecord(
        id=f"{label}#{int(pointer[len('/waivers/'):]) + 1}", rules=tuple(rules), system=texts["system"] or "",
        version=texts["version"], repository=texts["repository"], justification=texts["justification"] or "",
        ticket=texts["ticket"] or "", approver=texts["approver"] or "",
        expires_at=expires.astimezone(UTC).replace(microsecond=0), created_at=now.replace(microsecond=0),
        created_by=f"repository file {label}",
    )


def _item_lines(root: yaml.Node | None, count: int) -> list[int]:
    """1-based line of each waiver in the file, for annotations on the waivers file."""
    lines = [1] * count
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "waivers" and isinstance(value, yaml.SequenceNode):
                for i, node in enumerate(value.value[:count]):
                    lines[i] = node.start_mark.line + 1
    return lines
