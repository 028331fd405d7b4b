"""Generated documentation matches the code that generates it."""

from __future__ import annotations

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
