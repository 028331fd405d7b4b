"""Every example manifest gives the verdict examples/README.md documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from service.gate import Gate
from tests.conftest import EXAMPLES

EXPECTED = yaml.safe_load((Path(__file__).parent / "example_verdicts.yaml").read_text())
CASES = [(name, EXPECTED["as_of"], spec) for name, spec in EXPECTED["verdicts"].items()]
CASES += [(item["file"], item["as_of"], item) for item in EXPECTED.get("later", [])]


def test_every_example_has_an_expectation() -> None:
    manifests = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json")}
    assert manifests == set(EXPECTED["verdicts"])


@pytest.mark.parametrize(("name", "as_of", "spec"), CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_example_verdict(gate: Gate, name: str, as_of: date, spec: dict[str, object]) -> None:
    decision = gate.evaluate(Path(EXAMPLES / name).read_bytes(), as_of=as_of)
    fired = {f.rule for f in decision.findings if not f.waived}
    assert decision.verdict == spec["verdict"], [(f.rule, f.message) for f in decision.findings]
    assert set(spec.get("fires", [])) <= fired  # type: ignore[arg-type]


def test_examples_readme_lists_each_verdict() -> None:
    readme = (EXAMPLES / "README.md").read_text()
    for name, spec in EXPECTED["verdicts"].items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| {name} "))
        assert spec["verdict"] in row.rsplit("|", 2)[-2]
