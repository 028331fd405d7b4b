"""The fast paths keep the answers: one query, one reused engine, a paused collector, lazy commands.

Speed itself is measured in bench/ (docs/performance.md); these tests pin that each short cut
is taken and changes no decision, so a regression shows up as a failure, not as a slow CI.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import cyclonedx_with_components, manifest_with_datasets
from sbom.limits import DEFAULT_LIMITS
from sbom.parsing import decode_text, parse_json
from service.bundle import load_bundle
from service.engines import RegorusEngine
from service.gate import Gate
from service.gcpause import gc_paused

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json")) + sorted(
    p for p in (ROOT / "tests" / "scenarios").glob("*.yaml") if not p.name.endswith(".expect.yaml"))[:12]


def _findings(gate: Gate, data: bytes) -> list[tuple[str, str, str, str]]:
    decision = gate.evaluate(data)
    return [(f.rule, f.severity, f.path, f.message) for f in decision.findings]


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def test_the_library_is_judged_in_one_query(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    """regorus refuses a query line over 1,024 characters; the set-by-set fallback (12 ms instead
    of ~2) must stay the exception for a failing package, not the path every evaluation takes."""
    def no_fallback(_: str) -> Any:
        raise AssertionError("the one query failed and the engine fell back to one eval_rule per set")

    monkeypatch.setattr(gate.engine, "_evaluate_each", no_fallback)
    for path in MANIFESTS[:5]:
        assert gate.evaluate(path.read_bytes()).rules


def test_one_reused_engine_answers_as_a_fresh_one(gate: Gate) -> None:
    """Alternating manifests on the shared prepared engine gives what a new engine gives each."""
    fresh = {p.name: _findings(Gate(load_bundle()), p.read_bytes()) for p in MANIFESTS[:4]}
    for _ in range(2):
        for path in MANIFESTS:
            got = _findings(gate, path.read_bytes())
            if path.name in fresh:
                assert got == fresh[path.name], path.name


def test_a_failed_query_replaces_the_shared_engine(tmp_path: Path) -> None:
    (tmp_path / "panicky.rego").write_text(
        "package cleangate.panicky\n\nimport rego.v1\n\n"
        "warn contains {\"rule\": \"P-1\", \"path\": \"\", \"message\": \"x\"} if {\n"
        "\tstrings.count(input.system.name, input.extensions.needle) > 1\n}\n")
    gate = Gate(load_bundle([tmp_path]))
    healthy = MANIFESTS[0].read_bytes()
    before = _findings(gate, healthy)
    engine: Any = gate.engine
    shared = engine._prepared
    broken = json.dumps({"apiVersion": "cleangate/v1", "system": {"name": "probe"}, "extensions": {"needle": ""}})
    assert any(f.rule == "CLEANGATE-POLICY-ERROR" for f in gate.evaluate(broken.encode()).findings)
    assert engine._prepared is not shared
    assert _findings(gate, healthy) == before


def test_warm_up_changes_no_decision(gate: Gate) -> None:
    before = {p.name: _findings(gate, p.read_bytes()) for p in MANIFESTS[:5]}
    gate.warm()
    assert {p.name: _findings(gate, p.read_bytes()) for p in MANIFESTS[:5]} == before


def test_collector_pauses_nest_and_come_back() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # someone else's decision to disable it is kept
    finally:
        gc.enable()


def test_default_limits_accept_ten_thousand_items() -> None:
    """Linear work makes 10,000 datasets or components affordable, so the defaults accept them."""
    for data in (manifest_with_datasets(10_000), cyclonedx_with_components(10_000)):
        assert parse_json(decode_text(data, DEFAULT_LIMITS), DEFAULT_LIMITS)


def test_check_imports_only_what_checking_needs() -> None:
    """`cleangate check` does not import the other commands' dependencies (the store, the BOM
    converters, the HTTP client, the API): each cost start-up time on every CI run."""
    code = ("import sys\nfrom service.cli.main import build_parser\nbuild_parser(['check', 'x.yaml'])\n"
            "print(sorted(m for m in ('service.cli.audit', 'service.cli.bom', 'service.store.sql', 'sqlalchemy',"
            " 'sbom.convert', 'httpx', 'fastapi', 'service.api') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
    # help still lists every command
    helptext = subprocess.run([sys.executable, "-m", "service.cli.main", "--help"], capture_output=True, text=True,
                              cwd=ROOT).stdout
    assert all(name in helptext for name in ("check", "serve", "audit", "bom", "waiver", "db"))


def test_engine_query_is_one_set_per_line() -> None:
    engine = RegorusEngine(load_bundle())
    assert max(len(line) for line in engine._query.splitlines()) < 1024


def test_set_based_enum_gives_jsonschemas_answers() -> None:
    import random

    from jsonschema import _keywords as jsonschema_keywords

    from sbom.loaders.uniqueness import _enum
    from tests.test_linear import _random_json

    rng = random.Random(16)
    disagreements = []
    for _ in range(3000):
        enums = [_random_json(rng) for _ in range(rng.randrange(1, 5))]
        instance = rng.choice([*enums, _random_json(rng)])
        ours = [e.message for e in _enum(None, enums, instance, {})]
        theirs = [e.message for e in jsonschema_keywords.enum(None, enums, instance, {})]
        if ours != theirs:
            disagreements.append((enums, instance))
    assert not disagreements, disagreements[:5]


def test_an_unknown_spdx_id_in_a_bom_is_still_refused() -> None:
    """The SPDX list is a schema of its own ($ref); the fast keywords must reach into it too."""
    from sbom.errors import ManifestError
    from sbom.load import load_manifest

    bom = json.loads(cyclonedx_with_components(3))
    bom["components"][-1]["licenses"] = [{"license": {"id": "Not-An-SPDX-Licence"}}]
    with pytest.raises(ManifestError) as caught:
        load_manifest(json.dumps(bom).encode())
    assert any("/components" in p.pointer for p in caught.value.problems), caught.value.problems
