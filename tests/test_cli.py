"""`cleangate check` exit codes and output, in-process and as the installed console script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from service.cli.main import main
from tests.conftest import AS_OF_TEXT, EXAMPLES, cleangate_exe

AS_OF_ARGS = ["--as-of", AS_OF_TEXT]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("name", "code"), [
    ("chatbot-compliant.yaml", 0),
    ("image-generator-unmarked.yaml", 1),
    ("voice-clone-legacy.yaml", 0),
    ("travel-assistant.cdx.json", 0),
])
def test_exit_codes(name: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", *AS_OF_ARGS, str(EXAMPLES / name)], capsys)[0] == code


def test_fail_on_warn_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", *AS_OF_ARGS, "--fail-on-warn", str(EXAMPLES / "voice-clone-legacy.yaml")], capsys)[0] == 3


def test_worst_manifest_decides(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", *AS_OF_ARGS, str(EXAMPLES / "chatbot-compliant.yaml"),
                        str(EXAMPLES / "image-generator-unmarked.yaml")], capsys)
    assert code == 1
    assert "chatbot-compliant.yaml: PASS" in out and "image-generator-unmarked.yaml: BLOCK" in out


def test_text_output_explains_the_block(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", *AS_OF_ARGS, str(EXAMPLES / "image-generator-unmarked.yaml")], capsys)
    assert "BLOCK AIACT-50-2" in out
    assert "Art. 50(2)" in out
    assert "at /system/transparency/marking (line 4): Pixelforge studio: image outputs carry no" in out
    assert "fix: Attach C2PA Content Credentials" in out


def test_json_output_is_the_api_decision(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", *AS_OF_ARGS, "-f", "json", str(EXAMPLES / "image-generator-unmarked.yaml")], capsys)
    body = json.loads(out)
    assert body["verdict"] == "block"
    assert body["results"][0]["decision"]["findings"][0]["rule"] == "AIACT-50-2"


def test_output_files_in_several_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_json, out_text = tmp_path / "r.json", tmp_path / "sub" / "r.txt"
    code, _, _ = run(["check", *AS_OF_ARGS, "-o", f"json={out_json}", "-o", f"text={out_text}",
                      str(EXAMPLES / "image-generator-unmarked.yaml")], capsys)
    assert code == 1
    assert json.loads(out_json.read_text())["verdict"] == "block"
    assert "BLOCK AIACT-50-2" in out_text.read_text()


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "cannot read manifest" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["check"])
    assert err.value.code == 2
    with pytest.raises(SystemExit) as err:
        main(["check", "--as-of", "someday", "x.yaml"])
    assert err.value.code == 2
    assert run(["check", "-o", "pdf=x.pdf", str(EXAMPLES / "chatbot-compliant.yaml")], capsys)[0] == 2
    assert main([]) == 2


def test_broken_custom_policy_exits_2_not_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.rego").write_text("package acme.broken\n\nimport rego.v1\n\ndeny contains x if {\n")
    code, _, err = run(["check", "--policies", str(tmp_path), str(EXAMPLES / "chatbot-compliant.yaml")], capsys)
    assert code == 2 and "broken.rego" in err


def test_stdin_manifest(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(["check", *AS_OF_ARGS, "-"], capsys)
    assert code == 1 and out.startswith("(stdin): BLOCK")


@pytest.mark.slow
def test_console_script_runs_from_another_directory(tmp_path: Path) -> None:
    exe = cleangate_exe()
    result = subprocess.run([exe, "check", *AS_OF_ARGS, str(EXAMPLES / "image-generator-unmarked.yaml")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "AIACT-50-2" in result.stdout


@pytest.mark.parametrize(("extra", "needle"), [
    (["--server", "http://127.0.0.1:9", "--token", "cg_SECRET\n"], "contains whitespace or non-ASCII"),
    (["--server", "http://127.0.0.1:9", "--token", "tökén"], "contains whitespace or non-ASCII"),
    (["--server", "htp:/127.0.0.1:9"], "expected an http:// or https:// URL"),
])
def test_remote_usage_errors_exit_2_even_with_on_error_warn(extra: list[str], needle: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", *extra, "--on-error", "warn", str(EXAMPLES / "chatbot-compliant.yaml")], capsys)
    assert code == 2 and needle in err
    assert "SECRET" not in err and "tökén" not in err  # the token is never echoed


def test_out_of_range_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["check", "--server", "http://127.0.0.1:9", "--timeout", "-1", "x.yaml"])
    assert err.value.code == 2


def test_bad_setting_in_environment_names_the_variable(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANGATE_MAX_BODY_BYTES", "-5")
    code, _, err = run(["check", str(EXAMPLES / "chatbot-compliant.yaml")], capsys)
    assert code == 2
    assert "CLEANGATE_MAX_BODY_BYTES='-5'" in err and "Traceback" not in err


def test_policies_with_server_is_refused_not_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Organisation rules given with --server would silently not run on the server."""
    code, _, err = run(["check", "--server", "http://127.0.0.1:9", "--policies", str(tmp_path),
                        str(EXAMPLES / "chatbot-compliant.yaml")], capsys)
    assert code == 2 and "offline evaluation only" in err


def test_a_glob_that_matches_no_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(tmp_path / "models" / "*.cdx.json")])
    assert code == 2
    assert "no file matches this pattern" in capsys.readouterr().out
