"""What a source declared, parsed once: robots.txt (RFC 9309, with protego), TDMRep and AI preferences.

A crawl of a million pages touches a few thousand robots.txt files, so each one is parsed once per
snapshot and its verdict per user agent is kept: a group that disallows nothing (or everything) for an
agent answers without a URL match. Only path-specific groups call protego per URL. The cache is bounded
by entries and by the bytes of robots.txt text behind them, so memory does not grow with the crawl.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

MAX_ROBOTS_BYTES = 512 * 1024
"""RFC 9309 §2.5: parsers must read at least 500 KiB; what lies beyond is ignored (and reported)."""
CACHE_ENTRIES = 8192
MAX_WILDCARDS = 64
CACHE_TEXT_BYTES = 16 * 1024 * 1024

TRAINING_PREFS = ("train-ai", "train-genai", "ai-train")
"""AI-preference categories that govern training (draft-ietf-aipref-vocab; `ai-train` is Cloudflare's
Content Signals spelling). `bots` (automated processing, drafts up to -03) is their parent."""
PARENT_PREFS = ("bots", "automated-processing")
NO = {"n", "no", "false", "0", "disallow"}
YES = {"y", "yes", "true", "1", "allow"}


def parse_preferences(value: str) -> dict[str, bool]:
    """`train-ai=n, search=y` (a Content-Usage header or robots.txt value) as {category: allowed}."""
    prefs: dict[str, bool] = {}
    for part in value.split(",")[:64]:
        key, sep, raw = part.partition("=")
        token = raw.strip().strip('"').split(";", 1)[0].strip().lower()
        if sep and token in NO | YES:
            prefs[key.strip().lower()] = token in YES
    return prefs


def training_reserved(prefs: dict[str, bool]) -> str | None:
    """The preference that reserves training, if any: a training category `n`, or its parent `n`
    with no training category saying `y`."""
    for key in TRAINING_PREFS:
        if prefs.get(key) is False:
            return f"{key}=n"
    if any(prefs.get(k) is True for k in TRAINING_PREFS):
        return None
    for key in PARENT_PREFS:
        if prefs.get(key) is False:
            return f"{key}=n"
    return None


@dataclass
class UsageRule:
    agents: tuple[str, ...]
    path: str
    prefs: dict[str, bool]
    line: int


_UA = re.compile(r"^\s*user-agent\s*:\s*([^#]*)", re.IGNORECASE)
_CU = re.compile(r"^\s*(content-usage|content-signal)\s*:\s*([^#]*)", re.IGNORECASE)
_OTHER = re.compile(r"^\s*[a-z-]+\s*:", re.IGNORECASE)


def usage_rules(text: str) -> list[UsageRule]:
    """Content-Usage (draft-ietf-aipref-attach) and Content-Signal lines of a robots.txt, with their group."""
    rules: list[UsageRule] = []
    agents: list[str] = []
    in_rules = False
    for number, line in enumerate(text.splitlines(), 1):
        ua = _UA.match(line)
        if ua:
            if in_rules:
                agents, in_rules = [], False
            agents.append(ua.group(1).strip().lower())
            continue
        cu = _CU.match(line)
        if cu:
            in_rules = True
            value = cu.group(2).strip()
            path = "/"
            if value.startswith("/"):
                path, _, value = value.partition(" ")
            prefs = parse_preferences(value)
            if prefs:
                rules.append(UsageRule(tuple(agents) or ("*",), path, prefs, number))
        elif _OTHER.match(line):
            in_rules = True
    return rules


def _token_matches(group_agent: str, agent: str) -> bool:
    return group_agent == "*" or group_agent in agent


@dataclass
class Verdict:
    """For one (robots.txt, agent): always allowed, always disallowed, or ask protego per URL."""

    kind: str  # "allow" | "deny" | "check"
    rule: str = ""
    ruleset: Any = None


@dataclass
class ParsedRobots:
    parser: Any
    usage: list[UsageRule]
    size: int
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def verdict(self, agent: str) -> Verdict:
        found = self.verdicts.get(agent)
        if found is None:
            found = self.verdicts[agent] = self._verdict(agent)
        return found

    def _verdict(self, agent: str) -> Verdict:
        try:
            ruleset = self.parser._get_matching_rule_set(agent)
            if ruleset is None:
                return Verdict("allow")
            rules = ruleset._rules
            disallows = [r for r in rules if r.field == "disallow"]
            if not disallows:
                return Verdict("allow")
            if all(r.field == "disallow" for r in rules) and any(r.value._pattern == "/" for r in disallows):
                return Verdict("deny", f"User-agent: {ruleset.user_agent} / Disallow: /")
            return Verdict("check", ruleset=ruleset)
        except AttributeError:  # protego's internals moved: fall back to its public API for every URL
            return Verdict("check")

    def first_disallowing(self, path: str, agents: tuple[str, ...]) -> tuple[str | None, str]:
        """The first rule disallowing `path` for one of `agents` (RFC 9309 longest match), with the agent.

        Agents that share a group (the crawler and GPTBot both under `*`) are matched once."""
        seen: list[int] = []
        for agent in agents:
            v = self.verdict(agent)
            if v.kind == "allow":
                continue
            if v.kind == "deny":
                return v.rule, agent
            if v.ruleset is None:
                if not self.parser.can_fetch(path, agent):
                    return f"User-agent: {agent} / Disallow", agent
                continue
            if id(v.ruleset) in seen:
                continue
            seen.append(id(v.ruleset))
            if not v.ruleset.can_fetch(path):
                return _explain(v.ruleset, path), agent
        return None, ""

    def usage_reserved(self, path: str, agents: tuple[str, ...]) -> str | None:
        best: UsageRule | None = None
        for rule in self.usage:
            if path.startswith(rule.path) and any(_token_matches(g, a) for g in rule.agents for a in agents):
                specific = (len(rule.path), any(g != "*" for g in rule.agents))
                if best is None or specific >= (len(best.path), any(g != "*" for g in best.agents)):
                    best = rule
        if best is None:
            return None
        reserved = training_reserved(best.prefs)
        return f"robots.txt line {best.line}: Content-Usage {reserved}" if reserved else None


def _explain(ruleset: Any, url: str) -> str:
    try:
        from protego._utils import _quote_path

        quoted = _quote_path(url)
        for rule in ruleset._rules:
            if rule.value.match(quoted):
                return f"User-agent: {ruleset.user_agent} / {rule.field.capitalize()}: {unquote(rule.value._pattern)}"
    except (ImportError, AttributeError):
        pass
    return f"User-agent: {getattr(ruleset, 'user_agent', '?')} / Disallow"


class RobotsCache:
    """Parsed robots.txt by snapshot key, least recently used evicted past the entry or text budget."""

    def __init__(self, entries: int = CACHE_ENTRIES, text_bytes: int = CACHE_TEXT_BYTES) -> None:
        self.entries, self.text_bytes = entries, text_bytes
        self._cache: OrderedDict[str, ParsedRobots] = OrderedDict()
        self._size = 0
        self.parsed = 0
        self.truncated: list[str] = []

    def get(self, key: str, load: Any) -> ParsedRobots:
        """The parsed robots.txt for `key`; `load()` gives its bytes on a miss."""
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        parsed = self._parse(key, load())
        self._cache[key] = parsed
        self._size += parsed.size
        while len(self._cache) > self.entries or (self._size > self.text_bytes and len(self._cache) > 1):
            _, old = self._cache.popitem(last=False)
            self._size -= old.size
        return parsed

    def _parse(self, key: str, data: bytes) -> ParsedRobots:
        from protego import Protego

        self.parsed += 1
        if len(data) > MAX_ROBOTS_BYTES:
            cut = data.rfind(b"\n", 0, MAX_ROBOTS_BYTES)
            data = data[: cut if cut > 0 else MAX_ROBOTS_BYTES]
            if len(self.truncated) < 20:
                self.truncated.append(key)
        text = data.decode("utf-8", errors="replace").replace("\x00", "")
        lowered = text.lower()
        usage = usage_rules(text) if "content-usage" in lowered or "content-signal" in lowered else []
        return ParsedRobots(Protego.parse(text), usage, len(data))


def tdmrep_reserved(rules: Any, path: str) -> str | None:
    """The /.well-known/tdmrep.json rule that reserves `path` (longest matching location), or None."""
    if not isinstance(rules, list):
        return None
    best: tuple[int, dict[str, Any]] | None = None
    for rule in rules[:10_000]:
        if not isinstance(rule, dict) or not isinstance(rule.get("location"), str):
            continue
        location = rule["location"][:2000]
        if location.count("*") > MAX_WILDCARDS:
            continue  # a pattern of many wildcards could make matching super-linear; no real rule needs it
        if _location_matches(location, path) and (best is None or len(location) >= best[0]):
            best = (len(location), rule)
    if best is None:
        return None
    value = best[1].get("tdm-reservation")
    if value in (1, "1", True):
        policy = best[1].get("tdm-policy")
        return f"tdmrep.json location {best[1]['location'][:200]!r}: tdm-reservation 1" + (
            f" (policy {str(policy)[:200]})" if policy else "")
    return None


def _location_matches(location: str, path: str) -> bool:
    """A tdmrep.json `location` (robots.txt-style: `*` any run, `$` the end) against a path.

    Greedy leftmost matching of the literal segments, which is exact for `*`-only patterns and
    linear in the path for each segment; a regular expression of many `.*` could backtrack for ever.
    """
    anchored = location.endswith("$")
    if anchored:
        location = location[:-1]
    parts = location.split("*")
    if len(parts) == 1:
        return path == location if anchored else path.startswith(location)
    first, *middle, last = parts
    if not path.startswith(first):
        return False
    pos = len(first)
    for segment in middle:
        found = path.find(segment, pos)
        if found == -1:
            return False
        pos = found + len(segment)
    if anchored:
        return path.endswith(last) and len(path) - len(last) >= pos
    return path.find(last, pos) != -1


def header_reserved(value: Any) -> bool:
    """A `tdm-reservation` header (or record field) value that reserves: 1."""
    return value in (1, True) or (isinstance(value, str) and value.strip() == "1")
