"""Every document of the real-BOM corpus (tests/real_boms, PROVENANCE.tsv) against a recorded outcome.

None of these was written for cleangate: they are what generators and standards bodies publish.
Each is either accepted, with its verdict and the rules that fired, or refused with a reason a
user can act on; a document that needs deployment facts is also checked with the facts file a
team would write (tests/real_boms/facts/). No real document may pass with no rule applying.

The expectations live in tests/real_boms/expected.yaml. When policies change, regenerate them
with `CLEANGATE_RECORD=1 python -m pytest tests/test_real_boms.py` and review the diff.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sbom.errors import ManifestError
from sbom.load import FactsFile
from service.gate import Gate

CORPUS = Path(__file__).parent / "real_boms"
EXPECTED = CORPUS / "expected.yaml"
RECORDED_AS_OF = date(2026, 12, 1)
"""The date expected.yaml was recorded on (the day before the Art. 50(2) legacy deadline); re-recording keeps it."""
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".json", ".xml"))


def _cases() -> list[tuple[Path, Path | None]]:
    cases: list[tuple[Path, Path | None]] = []
    for doc in DOCUMENTS:
        cases.append((doc, None))
        stem = re.sub(r"(\.cdx|\.spdx3?)?\.(json|xml)$", "", doc.name)
        facts = CORPUS / "facts" / f"{stem}.facts.yaml"
        if facts.exists():
            cases.append((doc, facts))
    return cases


def _key(doc: Path, facts: Path | None) -> str:
    return doc.name + (f" + {facts.name}" if facts else "")


def outcome(gate: Gate, doc: Path, facts: Path | None) -> dict[str, Any]:
    try:
        decision = gate.evaluate(doc.read_bytes(), source=doc.name, as_of=RECORDED_AS_OF,
                                 facts=FactsFile(facts.read_bytes(), facts.name) if facts else None)
    except ManifestError as exc:
        return {"refused": exc.title, "first_problem": str(exc.problems[0]) if exc.problems else ""}
    s = decision.summary
    applicable = s.rules_evaluated - s.rules_not_applicable
    return {"verdict": decision.verdict, "rules_fired": sorted({f.rule for f in decision.findings}),
            "applicable_rules": applicable, "undetermined_rules": s.rules_undetermined}


def test_every_corpus_document_has_provenance() -> None:
    listed = {line.split("\t")[0] for line in (CORPUS / "PROVENANCE.tsv").read_text().splitlines()[1:]}
    assert {d.name for d in DOCUMENTS} <= listed


@pytest.fixture(scope="module")
def expected(gate: Gate) -> dict[str, Any]:
    if os.environ.get("CLEANGATE_RECORD"):
        recorded = {_key(d, f): outcome(gate, d, f) for d, f in _cases()}
        EXPECTED.write_text("# Recorded by CLEANGATE_RECORD=1 pytest tests/test_real_boms.py; review the diff.\n"
                            + yaml.safe_dump(recorded, sort_keys=True, width=110, allow_unicode=True))
    data: dict[str, Any] = yaml.safe_load(EXPECTED.read_text())
    return data


@pytest.mark.parametrize(("doc", "facts"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_corpus_document_gets_its_recorded_outcome(gate: Gate, expected: dict[str, Any], doc: Path,
                                                    facts: Path | None) -> None:
    got = outcome(gate, doc, facts)
    want = expected[_key(doc, facts)]
    if "refused" in want:
        assert got.get("refused") == want["refused"], got
        assert got["first_problem"] == want["first_problem"]
        return
    assert (got.get("verdict"), got.get("rules_fired")) == (want["verdict"], want["rules_fired"]), got
    # The point of the corpus: a real document never passes on silence.
    assert got["applicable_rules"] > 0 or got["undetermined_rules"] > 0
    assert not (got["verdict"] == "pass" and got["applicable_rules"] == 0)


def test_facts_make_ai_act_rules_apply_to_a_generated_bom(gate: Gate) -> None:
    """The stable-diffusion example alone leaves the AI Act undetermined (no roles, regions or
    modalities: never a pass); with the deployment facts a team would write, the marking duty
    applies to the generated images and is judged: it fails, naming the missing marking."""
    doc = CORPUS / "cdxspec-valid-machine-learning-1.6.json"
    facts = CORPUS / "facts" / "cdxspec-valid-machine-learning-1.6.facts.yaml"
    alone = gate.evaluate(doc.read_bytes(), as_of=RECORDED_AS_OF)
    judged = gate.evaluate(doc.read_bytes(), as_of=RECORDED_AS_OF, facts=FactsFile(facts.read_bytes(), facts.name))
    status = {r.rule: r.status for r in alone.rules}
    assert status["AIACT-50-2"] == "undetermined" and alone.verdict == "block"
    assert {g.fact for g in alone.gaps} >= {"/system/roles", "/system/deployment/regions"}
    status = {r.rule: r.status for r in judged.rules}
    assert status["AIACT-50-2"] == "failed" and not judged.gaps
    marking = [f for f in judged.findings if f.rule == "AIACT-50-2"]
    assert marking and not any(f.undetermined for f in marking) and all(f.file == facts.name for f in marking)
