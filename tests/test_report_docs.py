"""docs/reports.md shows each report rendered from examples/gpai-provider.yaml; those renderings stay current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service.cli.main import main
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "reports"


@pytest.mark.parametrize("kind", ["training-summary", "clear-inventory"])
def test_the_rendered_examples_in_the_docs_are_current(kind: str, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"{kind}.md"
    assert main(["report", kind, "examples/gpai-provider.yaml", "-o", str(target)]) == 0
    assert target.read_text() == (DOCS / f"{kind}.md").read_text(), (
        f"regenerate: cleangate report {kind} examples/gpai-provider.yaml -o docs/reports/{kind}.md")


def test_the_docs_link_each_rendering_and_show_a_pdf_page() -> None:
    text = (ROOT / "docs" / "reports.md").read_text()
    for name in ("reports/training-summary.md", "reports/clear-inventory.md", "reports/training-summary-page1.png"):
        assert f"({name})" in text, name
    assert (DOCS / "training-summary-page1.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
