"""POST /v1/reports/calendar: the obligation calendar over HTTP, judged in an evaluation worker.

Against a real uvicorn on a free port, with the decision log on SQLite and PostgreSQL: the API
answers the bytes of `cleangate calendar -f json` for the same manifest, date and waivers (the
waivers come from the server's store), in Markdown and iCalendar too; tokens and bad input are
refused as for the other report calls; a calendar past the time budget fails closed with 503.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from service.cli.main import main
from service.gate import Gate
from service.reports.calendar import CalendarReport
from service.settings import Settings
from service.store import open_store
from tests.conftest import EXAMPLES, Server, start_server, stop_server
from tests.store_fixtures import PgSchema, require_postgres
from tests.test_budget import SLOW_MANIFEST, SLOW_POLICY

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

VOICE = (EXAMPLES / "voice-clone-legacy.yaml").read_bytes()
UNMARKED = EXAMPLES / "image-generator-unmarked.yaml"
LEGACY_GPAI = Path(__file__).parent / "scenarios" / "e5-legacy-gpai.yaml"
LINEAGE_LOG = Path(__file__).parent / "lineage_log"
YAML = {"Content-Type": "application/yaml"}


@dataclass
class LiveGate:
    server: Server
    database_url: str
    waiver: dict[str, Any]
    """A waiver of AIACT-50-2 for "Pixelforge studio" (image-generator-unmarked) that expires in 20 days."""

    def post(self, body: bytes = VOICE, headers: dict[str, str] | None = None, **params: str) -> httpx.Response:
        return httpx.post(f"{self.server.url}/v1/reports/calendar", content=body, params=params, timeout=120,
                          headers={**self.server.auth, **YAML, **(headers or {})})

    def token(self, *scopes: str) -> dict[str, str]:
        created = httpx.post(f"{self.server.url}/v1/tokens", headers=self.server.auth, timeout=30,
                             json={"name": "cal-" + secrets.token_hex(4), "scopes": list(scopes)})
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['token']}"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, gate: Gate) -> Iterator[LiveGate]:
    schema: PgSchema | None = None
    if request.param == "postgresql":
        require_postgres()
        schema = PgSchema()
        url = schema.url
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='cleangate-calendar-')) / 'log.db'}"
    # A decision whose stored manifest no longer loads (it named a BOM the log does not keep), recorded
    # before the server starts: GET /v1/reports/calendar must list it as not covered.
    store = open_store(Settings(database_url=url))
    triage = (LINEAGE_LOG / "ticket-triage.yaml").read_bytes()
    store.record_decision(gate.evaluate(triage), "apiVersion: cleangate/v1\nbom: ./aibom.cdx.json\n", "ci")
    store.close()
    server = start_server({"CLEANGATE_DATABASE_URL": url}, timeout=60)
    try:
        expires = (datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)).isoformat()
        created = httpx.post(f"{server.url}/v1/waivers", headers=server.auth, timeout=30, json={
            "rules": ["AIACT-50-2"], "system": "Pixelforge studio", "justification": "marking ships in 4.2",
            "ticket": "AI-123", "approver": "J. Roe", "expires_at": expires})
        assert created.status_code == 201, created.text
        for manifest in (VOICE, UNMARKED.read_bytes(), LEGACY_GPAI.read_bytes()):
            judged = httpx.post(f"{server.url}/v1/evaluate", content=manifest, timeout=60,
                                headers={**server.auth, **YAML})
            assert judged.status_code == 200, judged.text[:500]
        yield LiveGate(server, url, created.json())
    finally:
        stop_server(server)
        if schema is not None:
            schema.drop()


def ok(response: httpx.Response, media: str) -> httpx.Response:
    assert response.status_code == 200, response.text[:1000]
    assert response.headers["content-type"].startswith(media)
    return response


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:1000]
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def entry(system: dict[str, Any], day: str) -> dict[str, Any]:
    found = [d for d in system["dates"] if d["date"] == day]
    assert found, [d["date"] for d in system["dates"]]
    return found[0]


def change(day: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(c for c in day["changes"] if c["rule"] == rule)


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["calendar", *args, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_legacy_deadline_makes_art_50_2_blocking(live: LiveGate) -> None:
    report = CalendarReport.model_validate(ok(live.post(**{"from": "2026-11-01"}), "application/json").json())
    (system,) = report.systems
    assert system.system == "Echo voice studio" and system.start == date(2026, 11, 1)
    assert "AIACT-50-2" not in system.blocking_now
    day = next(d for d in system.dates if d.date == date(2026, 12, 2))
    marking = next(c for c in day.changes if c.rule == "AIACT-50-2")
    assert (marking.before, marking.after, marking.change) == ("none", "block", "becomes blocking")
    assert day.certainty and day.certainty.startswith("uncertain")
    assert date(2027, 12, 2) in system.checked_without_change


def test_the_api_answers_what_the_cli_prints(live: LiveGate, capsys: pytest.CaptureFixture[str]) -> None:
    api = ok(live.post(**{"from": "2026-11-01"}), "application/json").json()
    voice = EXAMPLES / "voice-clone-legacy.yaml"
    assert api == cli_json(capsys, str(voice), "--from", "2026-11-01", "--database-url", live.database_url)
    # with a waiver from the store, from today (the default on both sides)
    today = datetime.now(UTC).date().isoformat()
    api = ok(live.post(UNMARKED.read_bytes(), **{"from": today}), "application/json").json()
    assert api == cli_json(capsys, str(UNMARKED), "--from", today, "--database-url", live.database_url)
    assert api["systems"][0]["dates"], "the waiver expiry is a date ahead"


def test_a_waiver_in_the_store_expires_on_the_calendar(live: LiveGate) -> None:
    (system,) = ok(live.post(UNMARKED.read_bytes()), "application/json").json()["systems"]
    assert "AIACT-50-2" not in system["blocking_now"], "the waiver is in force today"
    day = entry(system, live.waiver["expires_at"][:10])
    assert (change(day, "AIACT-50-2")["before"], change(day, "AIACT-50-2")["after"]) == ("waived", "block")
    assert any(s["kind"] == "waiver" and live.waiver["id"] in s["where"] for s in day["sources"])


def test_markdown_and_icalendar(live: LiveGate) -> None:
    md = ok(live.post(format="md", **{"from": "2026-11-01"}), "text/markdown").text
    assert md.startswith("# Obligation calendar")
    assert "### 2026-12-02: Art 111(4)" in md and "**AIACT-50-2** becomes blocking (none → block)" in md
    ics = ok(live.post(format="ics", **{"from": "2026-11-01"}), "text/calendar").content
    events = {e.decoded("dtstart"): e for e in Calendar.from_ical(ics).walk("VEVENT")}
    assert date(2026, 12, 2) in events
    assert "Echo voice studio" in str(events[date(2026, 12, 2)]["summary"])
    assert "AIACT-50-2" in str(events[date(2026, 12, 2)]["summary"])


def test_a_multipart_upload_gives_the_same_calendar(live: LiveGate) -> None:
    direct = ok(live.post(**{"from": "2026-11-01"}), "application/json").json()
    upload = httpx.post(f"{live.server.url}/v1/reports/calendar", params={"from": "2026-11-01"}, timeout=120,
                        headers=live.server.auth,
                        files={"manifest": ("voice-clone-legacy.yaml", VOICE, "application/yaml")})
    assert ok(upload, "application/json").json() == direct


def test_tokens_need_evaluate_and_backdate_for_a_past_start(live: LiveGate) -> None:
    url = f"{live.server.url}/v1/reports/calendar"
    problem(httpx.post(url, content=VOICE, headers=YAML, timeout=30), 401)
    problem(httpx.post(url, content=VOICE, headers={**live.token("read"), **YAML}, timeout=30), 403)
    evaluate = {**live.token("evaluate"), **YAML}
    refused = problem(httpx.post(url, content=VOICE, params={"from": "2026-11-01"}, headers=evaluate, timeout=30),
                      403)
    assert "backdate" in refused["title"], refused
    ok(httpx.post(url, content=VOICE, headers=evaluate, timeout=120), "application/json")
    backdate = {**live.token("evaluate", "backdate"), **YAML}
    ok(httpx.post(url, content=VOICE, params={"from": "2026-11-01"}, headers=backdate, timeout=120),
       "application/json")


def test_bad_input_gets_a_problem_naming_what_was_wrong(live: LiveGate) -> None:
    for bad in ("2026-02-30", "tomorrow", "2026-13-01"):
        body = problem(live.post(**{"from": bad}), 422)
        assert body["errors"][0]["pointer"] == "/query/from", body
    assert problem(live.post(format="pdf"), 422)["errors"][0]["pointer"] == "/query/format"
    roles = problem(live.post(b"apiVersion: cleangate/v1\nsystem: {name: x, roles: [emperor]}\n"), 422)
    assert roles["errors"][0]["pointer"] == "/system/roles/0"
    problem(live.post(b"a: [1,"), 400)
    problem(live.post(headers={"Content-Type": "text/plain"}), 415)
    problem(live.post(b"x" * (Settings().max_body_bytes + 1)), 413)  # one byte over CLEANGATE_MAX_BODY_BYTES


def log_calendar(live: LiveGate, headers: dict[str, str] | None = None, **params: str) -> httpx.Response:
    return httpx.get(f"{live.server.url}/v1/reports/calendar", params=params, timeout=120,
                     headers=headers or live.server.auth)


def test_the_log_calendar_covers_every_system_and_names_what_it_could_not(live: LiveGate) -> None:
    report = ok(log_calendar(live, **{"from": "2026-11-01"}), "application/json").json()
    systems = {s["system"]: s for s in report["systems"]}
    assert set(systems) == {"Echo voice studio", "Pixelforge studio", "Nimbus-3B open model release"}
    assert all(s["decision_id"] for s in report["systems"])
    assert change(entry(systems["Echo voice studio"], "2026-12-02"), "AIACT-50-2")["after"] == "block"
    assert change(entry(systems["Nimbus-3B open model release"], "2027-08-02"), "AIACT-53-1a")["after"] == "block"
    expiry = entry(systems["Pixelforge studio"], live.waiver["expires_at"][:10])
    assert change(expiry, "AIACT-50-2")["before"] == "waived"
    (skipped,) = report["not_covered"]
    assert skipped.startswith("Ticket triage") and "no longer loads" in skipped
    md = ok(log_calendar(live, format="md", **{"from": "2026-11-01"}), "text/markdown").text
    assert "## Echo voice studio" in md and "## Pixelforge studio" in md


def test_the_log_calendar_is_what_the_cli_prints_with_all(live: LiveGate, capsys: pytest.CaptureFixture[str]) -> None:
    api = ok(log_calendar(live, **{"from": "2026-11-01"}), "application/json").json()
    assert api == cli_json(capsys, "--all", "--from", "2026-11-01", "--database-url", live.database_url)


def test_the_log_calendar_needs_the_read_scope_like_the_lineage_reports(live: LiveGate) -> None:
    problem(httpx.get(f"{live.server.url}/v1/reports/calendar", timeout=30), 401)
    assert "read" in problem(log_calendar(live, live.token("evaluate")), 403)["title"]
    reader = live.token("read")
    assert "backdate" in problem(log_calendar(live, reader, **{"from": "2026-11-01"}), 403)["title"]
    ok(log_calendar(live, reader), "application/json")
    ok(log_calendar(live, live.token("read", "backdate"), **{"from": "2026-11-01"}), "application/json")
    assert problem(log_calendar(live, **{"from": "2026-02-30"}), 422)["errors"][0]["pointer"] == "/query/from"


def test_a_calendar_past_the_time_budget_fails_closed(tmp_path: Path, gate: Gate) -> None:
    (tmp_path / "slow.rego").write_text(SLOW_POLICY)
    # The log holds a decision for the manifest the slow rule burns CPU on (judged here without it).
    url = f"sqlite:///{tmp_path / 'log.db'}"
    store = open_store(Settings(database_url=url))
    store.record_decision(gate.evaluate(SLOW_MANIFEST), SLOW_MANIFEST.decode(), "ci")
    store.close()
    server = start_server({"CLEANGATE_POLICY_DIRS": str(tmp_path), "CLEANGATE_REQUEST_TIMEOUT_SECONDS": "3",
                           "CLEANGATE_DATABASE_URL": url})
    try:
        endpoint = f"{server.url}/v1/reports/calendar"
        headers = {**server.auth, **YAML}
        for slow in (httpx.post(endpoint, content=SLOW_MANIFEST, headers=headers, timeout=120),
                     httpx.get(endpoint, headers=server.auth, timeout=120)):  # the log's calendar, one budget
            body = problem(slow, 503)
            assert body["code"] == "evaluation_timeout" and "time budget" in body["title"], body
            assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        # the worker was replaced: the next calendar is judged
        again = httpx.post(endpoint, content=VOICE, params={"from": "2026-11-01"}, headers=headers, timeout=120)
        assert "AIACT-50-2" in {c["rule"] for d in ok(again, "application/json").json()["systems"][0]["dates"]
                                for c in d["changes"]}
    finally:
        stop_server(server)
