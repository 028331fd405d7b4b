"""docs/configuration.md's settings table is generated from `Settings`, and a stale page fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli.main import main
from service.settings import Settings
from service.settings_doc import BEGIN, END, PAGE, settings_table, splice
from tests.conftest import ROOT


def test_every_setting_has_a_description() -> None:
    """The description is the documentation: a field without one would be a blank row."""
    missing = [name for name, info in Settings.model_fields.items() if not (info.description or "").strip()]
    assert not missing, f"give these Settings fields a Field(description=...): {missing}"


def test_rows_say_what_settings_enforce() -> None:
    rows = {line.split("|")[1].strip(): line for line in settings_table().splitlines()[2:]}
    assert list(rows) == [f"`CLEANGATE_{name.upper()}`" for name in Settings.model_fields]
    assert "integer, 0 to 65535 | `8080` |" in rows["`CLEANGATE_PORT`"]
    assert "`8388608` (8 MiB)" in rows["`CLEANGATE_MAX_BODY_BYTES`"]
    assert "| secret | (none) |" in rows["`CLEANGATE_ADMIN_TOKEN`"]
    assert "`regorus` \\| `opa` \\| `opa-server`" in rows["`CLEANGATE_ENGINE`"]


def test_regenerating_keeps_the_hand_written_prose() -> None:
    page = f"# Title\n\nprose before\n\n{BEGIN}\n| old | table |\n{END}\n\nprose after\n"
    out = splice(page)
    assert out.startswith("# Title\n\nprose before\n\n" + BEGIN + "\n| variable |")
    assert out.endswith(END + "\n\nprose after\n") and "| old | table |" not in out
    assert splice(out) == out


def _docs_copy(tmp_path: Path) -> Path:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    (tmp_path / PAGE).write_text((ROOT / "docs" / PAGE).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path / PAGE


def test_a_page_missing_a_setting_is_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _docs_copy(tmp_path)
    assert main(["schema", "--check", str(tmp_path)]) == 0
    text = page.read_text(encoding="utf-8")
    page.write_text("\n".join(line for line in text.splitlines() if "`CLEANGATE_OPA_PUSH`" not in line) + "\n",
                    encoding="utf-8")
    assert main(["schema", "--check", str(tmp_path)]) == 1
    assert f"{PAGE} is stale" in capsys.readouterr().err
    assert main(["schema", "--write", str(tmp_path)]) == 0
    assert page.read_text(encoding="utf-8") == text


def test_a_page_without_its_markers_is_refused_not_overwritten(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    page = _docs_copy(tmp_path)
    page.write_text("# Configuration\n\nhand-written only\n", encoding="utf-8")
    assert main(["schema", "--write", str(tmp_path)]) == 2
    assert "lost its markers" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == "# Configuration\n\nhand-written only\n"
