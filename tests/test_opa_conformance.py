"""The embedded engine against OPA's own conformance cases (tests/opa_cases, Apache-2.0).

Policies must stay OPA-compatible, and regorus is pinned exactly; this test tells whoever bumps
the pin which OPA behaviours changed. Cases regorus is known to get wrong are listed in
tests/opa_cases/known_failures.txt with the reason; a listed case that starts passing fails the
test too, so the list stays honest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import regorus
import yaml

CASES_DIR = Path(__file__).parent / "opa_cases"
KNOWN = {
    line.split(" #")[0].strip()
    for line in (CASES_DIR / "known_failures.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    seen: dict[str, int] = {}
    for path in sorted(CASES_DIR.rglob("*.yaml")):
        for case in yaml.safe_load(path.read_text()).get("cases", []):
            case_id = f"{path.parent.name}/{path.stem}::{case['note']}"
            seen[case_id] = seen.get(case_id, 0) + 1
            out.append((case_id if seen[case_id] == 1 else f"{case_id}#{seen[case_id]}", case))
    return out


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def run_case(case: dict[str, Any]) -> tuple[bool, str]:
    """Whether regorus gives OPA's answer for one case, and what it gave."""
    engine = regorus.Engine()
    engine.set_rego_v0(False)
    try:
        for i, module in enumerate(case.get("modules", [])):
            engine.add_policy(f"case_{i}.rego", module)
        if "data" in case:
            engine.add_data_json(json.dumps(case["data"]))
        if "input" in case:
            engine.set_input_json(json.dumps(case["input"]))
        elif "input_term" in case:
            engine.set_input_json(json.dumps(json.loads(case["input_term"])))
        raw = json.loads(engine.eval_query_as_json(case["query"]))
    except BaseException as exc:  # an engine error (or a Rust panic) is an answer to compare
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        wanted_error = "want_error" in case or "want_error_code" in case
        return wanted_error, f"error: {str(exc).split('Stack backtrace')[0].strip()[:200]}"
    if "want_error" in case or "want_error_code" in case:
        return False, f"no error, got {raw}"
    got = [r.get("bindings", {}) for r in raw.get("result", [])]
    want = case.get("want_result")
    if want is None:
        return got == [], f"got {got}"
    # a query with no variables answers [{}] in OPA when true
    got = [{k: v for k, v in b.items() if not k.startswith("__")} for b in got]
    if case.get("sort_bindings"):
        return sorted(map(_canonical, got)) == sorted(map(_canonical, want)), f"got {got}"
    return list(map(_canonical, got)) == list(map(_canonical, want)), f"got {got}"


CASES = _cases()


@pytest.mark.parametrize(("case_id", "case"), CASES, ids=[c[0] for c in CASES])
def test_opa_case(case_id: str, case: dict[str, Any]) -> None:
    ok, detail = run_case(case)
    if case_id in KNOWN:
        assert not ok, f"{case_id} now passes: remove it from known_failures.txt"
    else:
        assert ok, detail


def test_known_failures_exist() -> None:
    ids = {c[0] for c in CASES}
    assert ids >= KNOWN, sorted(KNOWN - ids)
