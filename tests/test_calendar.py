"""The obligation calendar: what the gate will say on each date ahead, in Markdown, JSON and iCalendar.

Every expectation here is a verdict the rules produce on a date, so a policy change that moves a
date moves the calendar with it (the org-data test shows that on a declared statutory override).
Waiver expiries come from a real decision log on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from service.cli.main import main
from service.gate import Gate
from service.store import Store, WaiverRequest

ROOT = Path(__file__).resolve().parents[1]
VOICE = ROOT / "examples" / "voice-clone-legacy.yaml"
UNMARKED = ROOT / "examples" / "image-generator-unmarked.yaml"
LEGACY_GPAI = ROOT / "tests" / "scenarios" / "e5-legacy-gpai.yaml"


def calendar(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["calendar", *args, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def entry(system: dict[str, Any], day: str) -> dict[str, Any]:
    found = [d for d in system["dates"] if d["date"] == day]
    assert found, [d["date"] for d in system["dates"]]
    return found[0]


def change(day: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(c for c in day["changes"] if c["rule"] == rule)


def test_the_legacy_deadline_makes_art_50_2_blocking(capsys: pytest.CaptureFixture[str]) -> None:
    (system,) = calendar(capsys, str(VOICE), "--from", "2026-11-01")["systems"]
    assert system["verdict_now"] == "warn" and "AIACT-50-2" not in system["blocking_now"]
    day = entry(system, "2026-12-02")
    marking = change(day, "AIACT-50-2")
    assert (marking["before"], marking["after"], marking["change"]) == ("none", "block", "becomes blocking")
    assert "no machine-readable marking" in " ".join(marking["messages"])
    assert change(day, "AIACT-50-2-TRANSITION")["after"] == "none"
    assert day["certainty"].startswith("uncertain")
    assert {"kind": "policy", "where": "cleangate.config.ai_act.art50_2_legacy_deadline"} in day["sources"]
    assert "2027-12-02" in system["checked_without_change"]  # Annex III changes nothing for this system


def test_past_dates_are_not_listed_as_upcoming(capsys: pytest.CaptureFixture[str]) -> None:
    (system,) = calendar(capsys, str(VOICE), "--from", "2026-12-03")["systems"]
    assert all(d["date"] >= "2026-12-03" for d in system["dates"])
    assert all(d >= "2026-12-03" for d in system["checked_without_change"])
    assert "AIACT-50-2" in system["blocking_now"]  # it is an obligation now, not a date ahead


def test_gpai_legacy_date_and_summary_refresh(capsys: pytest.CaptureFixture[str]) -> None:
    (system,) = calendar(capsys, str(LEGACY_GPAI), "--from", "2026-09-15")["systems"]
    legacy = entry(system, "2027-08-02")
    assert change(legacy, "AIACT-53-1a")["after"] == "block"
    assert legacy["certainty"] == "verified against the AI Act text"
    refresh = entry(system, "2026-12-02")  # last_update 2026-06-01 + 183 days
    assert change(refresh, "AIACT-53-1d-TEMPLATE")["after"] == "warn"
    assert any(s["kind"] == "training-summary" and s["where"].startswith("nimbus-3b") for s in refresh["sources"])


def test_a_moved_statutory_date_moves_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "org.json"
    data.write_text(json.dumps({"cleangate": {"config": {
        "ai_act": {"art50_2_legacy_deadline": "2027-01-15"},
        "statutory_overrides": {"ai_act.art50_2_legacy_deadline": {"reason": "a delegated act (test)"}}}}}))
    (system,) = calendar(capsys, str(VOICE), "--from", "2026-11-01", "--data", str(data))["systems"]
    assert change(entry(system, "2027-01-15"), "AIACT-50-2")["after"] == "block"
    assert all(c["rule"] != "AIACT-50-2" for d in system["dates"] if d["date"] == "2026-12-02" for c in d["changes"])


def test_a_waiver_expiry_makes_the_waived_rule_blocking(store: Store, db_url: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
    waiver = store.create_waiver(WaiverRequest(
        rules=("AIACT-50-2",), system="Pixelforge studio", justification="marking ships in 4.2", ticket="AI-123",
        approver="J. Roe", expires_at=expires), "test", 90)
    (system,) = calendar(capsys, str(UNMARKED), "--database-url", db_url)["systems"]
    assert "AIACT-50-2" not in system["blocking_now"]
    day = entry(system, expires.date().isoformat())
    assert (change(day, "AIACT-50-2")["before"], change(day, "AIACT-50-2")["after"]) == ("waived", "block")
    assert any(s["kind"] == "waiver" and waiver.id in s["where"] for s in day["sources"])


def test_all_systems_of_the_log(store: Store, db_url: str, gate: Gate, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (VOICE, LEGACY_GPAI):
        data = path.read_bytes()
        store.record_decision(gate.evaluate(data), data.decode(), "ci")
    report = calendar(capsys, "--all", "--from", "2026-11-01", "--database-url", db_url)
    names = {s["system"]: s for s in report["systems"]}
    assert set(names) == {"Echo voice studio", "Nimbus-3B open model release"}
    assert all(s["decision_id"] for s in report["systems"])
    assert change(entry(names["Echo voice studio"], "2026-12-02"), "AIACT-50-2")["after"] == "block"


def test_icalendar_output_parses_back(tmp_path: Path) -> None:
    out = tmp_path / "obligations.ics"
    assert main(["calendar", str(LEGACY_GPAI), "--from", "2026-09-15", "-f", "ics", "-o", str(out)]) == 0
    cal = Calendar.from_ical(out.read_bytes())
    assert str(cal["version"]) == "2.0" and "cleangate" in str(cal["prodid"])
    events = list(cal.walk("VEVENT"))
    by_day = {e.decoded("dtstart"): e for e in events}
    assert set(by_day) == {date(2026, 12, 2), date(2027, 8, 2)}
    legacy = by_day[date(2027, 8, 2)]
    assert "AIACT-53-1a" in str(legacy["summary"]) and "becomes blocking" in str(legacy["description"])
    assert legacy.decoded("dtend") == date(2027, 8, 3)
    assert len({str(e["uid"]) for e in events}) == len(events)
    # Generated again, the same events keep their UIDs (a calendar client updates, not duplicates).
    assert main(["calendar", str(LEGACY_GPAI), "--from", "2026-09-15", "-f", "ics", "-o", str(out)]) == 0
    again = Calendar.from_ical(out.read_bytes())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events}


def test_markdown_names_the_rule_and_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", str(VOICE), "--from", "2026-11-01"]) == 0
    text = capsys.readouterr().out
    assert "### 2026-12-02: Art 111(4)" in text and "**AIACT-50-2** becomes blocking (none → block)" in text


def test_bad_input_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: cleangate/v1\nsystem: {name: x, roles: [emperor]}\n")
    assert main(["calendar", str(bad)]) == 2
    assert "/system/roles/0" in capsys.readouterr().err
    assert main(["calendar", str(VOICE), "--all"]) == 2
    assert main(["calendar"]) == 2


@pytest.mark.slow
def test_the_calendar_of_a_manifest_needs_no_server_stack(tmp_path: Path) -> None:
    from tests.test_slim_install import slim

    result = slim("calendar", str(VOICE), "--from", "2026-11-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "**AIACT-50-2** becomes blocking" in result.stdout and "LEAKED []" in result.stderr
    lineage = slim("lineage", "impact", "--dataset", "x", cwd=tmp_path)
    assert lineage.returncode == 2 and "needs the 'server' extra" in lineage.stderr


@pytest.mark.slow
def test_icalendar_output_without_the_extra_names_it(tmp_path: Path) -> None:
    blocker = ("import sys\nfrom importlib.abc import MetaPathFinder\n"
               "class NoIcal(MetaPathFinder):\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] == 'icalendar':\n"
               "            raise ModuleNotFoundError(name, name=name)\n"
               "sys.meta_path.insert(0, NoIcal())\n"
               "from service.cli.main import main\nsys.exit(main(sys.argv[1:]))\n")
    result = subprocess.run([sys.executable, "-c", blocker, "calendar", str(VOICE), "-f", "ics"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "needs the 'calendar' extra" in result.stderr, result.stderr
