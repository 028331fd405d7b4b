"""Repository waivers files: applied by offline check, reported, expiring loudly, refusable by the org."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.cli.main import main
from tests.ci_support import EXAMPLES

TODAY = datetime.now(UTC).date()


def waivers_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n" + "".join(entries))
    return path


def entry(rule: str, system: str, expires: object, version: str | None = None) -> str:
    scope = f"    version: \"{version}\"\n" if version else ""
    return (f"  - rules: [{rule}]\n    system: \"{system}\"\n{scope}    justification: marking ships in 1.1\n"
            f"    ticket: AI-123\n    approver: J. Roe\n    expires: {expires}\n")


def check(tmp_path: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    out = tmp_path / "report.json"
    code = main(["check", str(EXAMPLES / "image-generator-unmarked.yaml"), "--as-of", "2026-09-15",
                 "-o", f"json={out}", *extra])
    err = capsys.readouterr().err
    return code, json.loads(out.read_text()) if out.exists() else {}, err


def test_a_repository_waiver_applies_offline_and_is_reported(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "Pixelforge*", TODAY + timedelta(days=30)))
    code, report, _ = check(tmp_path, "--waivers", str(path), capsys=capsys)
    assert code == 0
    decision = report["results"][0]["decision"]
    assert decision["verdict"] == "pass" and decision["summary"]["waived"] == 2
    assert {f["waiver_id"] for f in decision["findings"]} == {f"{path.as_posix()}#1"}


def test_an_expired_waiver_does_not_apply_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "Pixelforge*", TODAY - timedelta(days=1)))
    code, report, err = check(tmp_path, "--waivers", str(path), capsys=capsys)
    assert code == 1 and report["verdict"] == "block"
    assert "line 2: waiver 1 (AIACT-50-2, ticket AI-123) EXPIRED" in err


def test_a_waiver_about_to_expire_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "Pixelforge*", TODAY + timedelta(days=3)))
    code, _, err = check(tmp_path, "--waivers", str(path), capsys=capsys)
    assert code == 0 and "warning:" in err and "expires" in err


def test_scope_by_system_and_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "Pixelforge studio", TODAY + timedelta(days=30), "2.*"))
    code, _, _ = check(tmp_path, "--waivers", str(path), capsys=capsys)
    assert code == 1, "the manifest is version 1.0.0, the waiver covers 2.*"


def test_the_organisation_can_refuse_repository_waivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "*", TODAY + timedelta(days=30)))
    org = tmp_path / "org.json"
    org.write_text(json.dumps({"cleangate": {"config": {"waivers": {"repository_waivers": False}}}}))
    code, report, err = check(tmp_path, "--waivers", str(path), "--data", str(org), capsys=capsys)
    assert code == 1 and report["results"][0]["decision"]["summary"]["waived"] == 0
    assert "the organisation does not allow repository waivers" in err


@pytest.mark.parametrize(("text", "named"), [
    ("waivers:\n  - rules: [AIACT-50-2]\n    system: x\n", "/waivers/0/justification"),
    ("waivers:\n  - {rules: [AIACT-50-2], system: x, justification: j, ticket: t, approver: a, expires: soon}\n",
     "/waivers/0/expires"),
    ("waivers: {}\n", "/waivers"),
    ("waivers:\n  - {rules: [AIACT-50-2], system: x, justification: j, ticket: t, approver: a, expires: 2099-01-01}\n",
     "more than 90 days away"),
    ("waivers:\n  - {rules: [AIACT-50-2], system: x, colour: red}\n", "/waivers/0/colour"),
])
def test_a_malformed_waivers_file_is_a_usage_error_naming_the_field(tmp_path: Path, text: str, named: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    code, _, err = check(tmp_path, "--waivers", str(path), capsys=capsys)
    assert code == 2 and named in err and "Traceback" not in err


def test_waivers_files_are_offline_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = waivers_file(tmp_path, entry("AIACT-50-2", "*", TODAY + timedelta(days=30)))
    code, _, err = check(tmp_path, "--waivers", str(path), "--server", "http://127.0.0.1:9", capsys=capsys)
    assert code == 2 and "--waivers applies offline only" in err
