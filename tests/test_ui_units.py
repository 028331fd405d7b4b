"""The console's building blocks without a server: the session seal, CSRF tokens, the `next`
check, link filtering, escaping in templates, and the shapes pages are drawn from."""

from __future__ import annotations

from typing import Any

import pytest

from service.ui import views
from service.ui.pages.auth import safe_next
from service.ui.session import MAX_COOKIE_CHARS, SessionCodec, derive_key
from service.ui.web import http_url, templates

KEY = b"k" * 32


def test_session_round_trip_and_expiry() -> None:
    codec = SessionCodec(KEY, ttl=60)
    cookie, session = codec.seal("cg_secret_token", now=1000.0)
    assert "cg_secret_token" not in cookie
    assert codec.open(cookie, now=1059.0) == session
    assert codec.open(cookie, now=1060.0) is None  # expired


@pytest.mark.parametrize("cookie", ["", "AAAA", "!!!not base64!!!", "A" * (MAX_COOKIE_CHARS + 1)])
def test_garbage_cookies_are_no_session(cookie: str) -> None:
    assert SessionCodec(KEY).open(cookie) is None


def test_a_cookie_sealed_with_another_key_or_altered_is_refused() -> None:
    cookie, _ = SessionCodec(KEY).seal("cg_secret_token")
    assert SessionCodec(b"o" * 32).open(cookie) is None
    altered = cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    assert SessionCodec(KEY).open(altered) is None


def test_csrf_token_is_bound_to_its_session() -> None:
    codec = SessionCodec(KEY)
    token = codec.csrf_token("session-a")
    assert codec.csrf_ok("session-a", token)
    assert not codec.csrf_ok("session-b", token)
    assert not codec.csrf_ok("session-a", None) and not codec.csrf_ok(None, token)
    assert not codec.csrf_ok("session-a", token + "é")


def test_key_derivation_is_shared_by_workers_only_with_a_secret() -> None:
    assert derive_key("ui-key", None) == derive_key("ui-key", "admin")  # the UI key wins
    assert derive_key(None, "admin")[1] is True
    (one, shared), (two, _) = derive_key(None, None), derive_key(None, None)
    assert shared is False and one != two


@pytest.mark.parametrize(("target", "expected"), [
    ("/ui/system?name=Pixelforge%20studio", "/ui/system?name=Pixelforge%20studio"),
    ("/ui/decisions/abc-123", "/ui/decisions/abc-123"),
    ("https://evil.example/", "/ui/decisions"), ("//evil.example", "/ui/decisions"),
    ("/ui//evil.example", "/ui/decisions"), ("/ui/../v1/tokens", "/ui/decisions"),
    ("/ui/login", "/ui/decisions"), ("/ui/x\\y", "/ui/decisions"), (None, "/ui/decisions"),
])
def test_next_stays_inside_the_console(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_only_http_links_are_links() -> None:
    assert http_url("https://eur-lex.europa.eu/x") == "https://eur-lex.europa.eu/x"
    for hostile in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", " https://x", None):
        assert http_url(hostile) == ""


def _decision(**extra: Any) -> dict[str, Any]:
    finding = {"rule": "R-1", "regulation": "<b>Reg</b>", "reference": "Art. 1", "severity": "block",
               "title": "<i>t</i>", "message": "<script>alert(1)</script>", "remediation": "**bold** _md_",
               "path": "/system", "input_path": "/system/name", "url": "javascript:alert(1)"}
    return {"verdict": "block", "manifest": {"system": "<svg onload=alert(1)>"}, "summary": {},
            "policy": {}, "engine": {}, "findings": [finding],
            "rules": [{"rule": "R-1", "title": "t", "status": "failed", "severity": "block"}], **extra}


def test_decision_template_escapes_everything_and_renders_no_markdown() -> None:
    d = _decision()
    out = templates.get_template("_decision_body.html").render(
        d=d, groups=views.by_regulation(d["findings"]), fired=views.fired(d), prefix="/ui")
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<b>Reg</b>" not in out and "<i>t</i>" not in out and "<svg" not in out
    assert "**bold** _md_" in out  # Markdown is text, never rendered
    assert 'href="javascript:' not in out


def test_findings_grouped_by_regulation_blocking_first() -> None:
    findings = [{"regulation": "GDPR", "severity": "warn", "rule": "G1"},
                {"regulation": "EU AI Act", "severity": "warn", "rule": "A1"},
                {"regulation": "GDPR", "severity": "block", "rule": "G2"}]
    groups = views.by_regulation(findings)
    assert [name for name, _ in groups] == ["GDPR", "EU AI Act"]
    assert [f["rule"] for f in groups[0][1]] == ["G2", "G1"]


def test_fired_rules_name_the_input_they_read() -> None:
    d = _decision(gaps=[{"fact": "/system/roles", "rules": ["R-2"]}])
    d["rules"].append({"rule": "R-2", "title": "u", "status": "undetermined", "severity": "block"})
    d["rules"].append({"rule": "R-3", "title": "p", "status": "passed", "severity": "warn"})
    fired = {f.rule: f for f in views.fired(d)}
    assert set(fired) == {"R-1", "R-2"}
    assert fired["R-1"].read == ["/system/name"] and fired["R-2"].read == ["/system/roles"]


def test_verdict_chart_counts_per_day() -> None:
    rows = [{"recorded_at": "2026-11-30T10:00:00.000000Z", "verdict": "block"},
            {"recorded_at": "2026-12-01T10:00:00.000000Z", "verdict": "pass"},
            {"recorded_at": "2026-12-01T11:00:00.000000Z", "verdict": "pass"},
            {"recorded_at": "2026-12-01T12:00:00.000000Z", "verdict": "warn"},
            {"recorded_at": "2026-12-01T12:00:00.000000Z", "verdict": "nonsense"}]
    chart = views.verdict_chart(rows, height=100)
    assert [b.day for b in chart.bars] == ["2026-11-30", "2026-12-01"] and chart.peak == 3
    assert chart.bars[1].counts == {"pass": 2, "warn": 1, "block": 0}
    assert sum(h for _, _, h in chart.bars[1].segments) == pytest.approx(100)
    assert sum(h for _, _, h in chart.bars[0].segments) == pytest.approx(100 / 3, abs=0.01)
    assert views.verdict_chart([]).bars == []


def test_blocking_rules_once_each_waived_ones_left_out() -> None:
    d = _decision()
    d["findings"] += [{**d["findings"][0], "message": "second"}, {**d["findings"][0], "rule": "R-W", "waived": True}]
    assert [(r["rule"], r["count"]) for r in views.blocking_rules(d)] == [("R-1", 2)]


def test_rule_filter_sees_findings_and_outcomes() -> None:
    d = _decision()
    assert views.rule_hit(d, "R-1") and not views.rule_hit(d, "R-9")
    d["rules"].append({"rule": "R-9", "status": "passed"})
    assert not views.rule_hit(d, "R-9")


def _contrast(one: str, two: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_console_colours_meet_wcag_aa_contrast() -> None:
    import re
    from pathlib import Path

    css = (Path(views.__file__).parent / "static" / "console.css").read_text()
    var = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", css))
    pairs = [(var["ink"], var["bg"]), (var["muted"], var["bg"]), (var["muted"], var["panel"]), (var["link"], var["bg"]),
             *(("#ffffff", var[v]) for v in ("pass", "warn", "block", "info")), (var["warn"], "#fff4d6"),
             (var["muted"], "#fff4d6"), (var["ink"], "#fdecea"), ("#ffffff", "#14213d")]
    for fg, bg in pairs:
        assert _contrast(fg, bg) >= 4.5, (fg, bg)


def test_rule_filter_pages_through_the_log_without_gaps_or_repeats(store: Any, gate: Any) -> None:
    """The decisions list's rule filter scans a bounded number of decisions per page and hands on
    a cursor, so paging on reaches every matching decision exactly once (SQLite and PostgreSQL)."""
    from datetime import date

    from service.store import DecisionFilter
    from service.ui.pages.decisions import matching
    from tests.conftest import EXAMPLES

    blocked = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()
    passing = (EXAMPLES / "chatbot-compliant.yaml").read_bytes()
    wanted = []
    for i in range(7):
        data = blocked if i % 2 == 0 else passing
        decision = gate.evaluate(data, as_of=date(2026, 9, 15))
        store.record_decision(decision, data.decode(), "t")
        if i % 2 == 0:
            wanted.append(decision.decision_id)
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        rows, cursor = matching(store, DecisionFilter(), "AIACT-50-2", 2, cursor, scan=3)
        seen += [r["decision_id"] for r in rows]
        if cursor is None:
            break
    assert seen == wanted[::-1]  # newest first, each once
    unfiltered, _ = matching(store, DecisionFilter(verdict="pass"), None, 10, None, scan=3)
    assert len(unfiltered) == 3
