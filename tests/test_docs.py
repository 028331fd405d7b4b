"""Generated documentation matches the code that generates it."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from service.cli.main import main
from tests.conftest import ROOT


def test_input_schema_and_reference_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["schema", "--check", str(ROOT / "docs")])
    assert code == 0, capsys.readouterr().err


def test_check_detects_a_stale_reference(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema", "--write", str(tmp_path)]) == 0
    (tmp_path / "input-reference.md").write_text("old")
    assert main(["schema", "--check", str(tmp_path)]) == 1
    assert "input-reference.md is stale" in capsys.readouterr().err


def test_published_schema_is_the_served_schema() -> None:
    from sbom.schema import input_schema

    assert json.loads((ROOT / "docs" / "input.schema.json").read_text()) == input_schema()


def test_readme_first_sample_is_what_the_gate_prints_today() -> None:
    """README opens with `cleangate check` on an example; its summary counts must be today's, not a
    rule catalogue ago (they said 79 rules long after there were 146)."""
    readme = (ROOT / "README.md").read_text()
    sample = readme.split("$ cleangate check --as-of 2026-09-15 examples/image-generator-unmarked.yaml\n", 1)[1]
    claimed = next(line for line in sample.splitlines() if "rules evaluated" in line).split("; policy")[0].strip()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--as-of", "2026-09-15", str(ROOT / "examples" / "image-generator-unmarked.yaml")])
    assert code == 1
    actual = next(line for line in out.getvalue().splitlines() if "rules evaluated" in line).split("; policy")[0]
    assert actual.strip() == claimed
