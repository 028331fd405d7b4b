"""No quadratic input: validation and line mapping do work proportional to the manifest.

A 620 KB CycloneDX BOM with 8,000 components froze a worker for 40 s, because the
schema's `uniqueItems` compared every pair of components, and every finding's line was found by
counting newlines from the start of the text. These tests count operations, not seconds: the
work at 2n must stay close to twice the work at n (quadratic code gives four times).
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from jsonschema import _keywords as jsonschema_keywords
from jsonschema import _utils as jsonschema_utils

from bench.synthetic import manifest_with_datasets
from sbom.errors import ManifestError
from sbom.load import load_manifest
from sbom.locate import JsonLocator


def cyclonedx_bom(components: int, duplicate: bool = False) -> bytes:
    comps: list[dict[str, Any]] = [
        {"type": "library", "bom-ref": f"lib-{i}", "name": f"lib-{i}", "version": "1.0.0",
         "licenses": [{"license": {"id": "MIT"}}]}
        for i in range(components)
    ]
    if duplicate:
        comps.append(dict(comps[components // 2]))
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "bom-ref": "system", "name": "Big app", "version": "1"}},
        "components": comps,
    }
    return json.dumps(bom, indent=1).encode()


class EqualCounter:
    """Counts jsonschema's `equal()` calls: the pairwise comparisons of uniqueItems and friends."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = jsonschema_utils.equal

        def counting(one: Any, two: Any) -> bool:
            self.calls += 1
            return bool(original(one, two))

        monkeypatch.setattr(jsonschema_utils, "equal", counting)
        monkeypatch.setattr(jsonschema_keywords, "equal", counting, raising=False)


def test_cyclonedx_validation_compares_components_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = EqualCounter(monkeypatch)
    work = []
    for n in (250, 1000):
        counter.calls = 0
        load_manifest(cyclonedx_bom(n))
        work.append(counter.calls)
    # linear: 4x the comparisons for 4x the components (enum checks); pairwise uniqueItems: ~10x
    assert work[1] <= 4.6 * max(work[0], 1), work


def test_a_repeated_component_is_still_refused() -> None:
    with pytest.raises(ManifestError) as caught:
        load_manifest(cyclonedx_bom(50, duplicate=True))
    problems = caught.value.problems
    assert any(p.pointer == "/components" and "non-unique" in p.message for p in problems), problems
    # the message names the repeat instead of echoing the whole list
    assert all(len(p.message) <= 300 for p in problems)


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return rng.choice([True, False, None])
    if kind == 1:
        return rng.choice([0, 1, 2, 1.0, 0.0, 2.5, -1])
    if kind == 2:
        return rng.choice(["", "a", "b", "1", "true"])
    if kind == 3:
        return rng.choice([1, True, 0, False])
    if kind == 4:
        return rng.choice(["a", 1])
    if kind == 5:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(3))]
    if kind == 6:
        return {rng.choice("abc"): _random_json(rng, depth + 1) for _ in range(rng.randrange(3))}
    return [rng.choice([1, 1.0, True]), {"a": rng.choice([0, False, 0.0])}]


def test_linear_uniqueness_gives_the_same_answers_as_jsonschema() -> None:
    """The reference is jsonschema's own `equal` on every pair: the definition of uniqueItems."""
    from sbom.loaders.uniqueness import has_duplicates

    rng = random.Random(13)
    disagreements = []
    for _ in range(4000):
        items = [_random_json(rng) for _ in range(rng.randrange(1, 5))]
        pairwise = any(jsonschema_utils.equal(a, b) for i, a in enumerate(items) for b in items[i + 1:])
        if has_duplicates(items) != pairwise:
            disagreements.append(items)
    assert not disagreements, disagreements[:5]
    # the JSON Schema equality corner cases, spelled out
    assert has_duplicates([1, 1.0])
    assert not has_duplicates([1, True])
    assert not has_duplicates([0, False])
    assert not has_duplicates([[1], [True]])
    assert has_duplicates([{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}])
    assert not has_duplicates([{"a": None}, {}])


class ScanCounter(str):
    """A manifest text that counts how many characters str scans it for (count/find/split...)."""

    scanned = 0

    def _span(self, start: int | None, end: int | None) -> int:
        s = 0 if start is None else start
        e = len(self) if end is None else end
        return max(0, e - s)

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        ScanCounter.scanned += self._span(start, end)
        return str.count(self, sub, start, end)

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        ScanCounter.scanned += self._span(start, end)
        return str.rfind(self, sub, start, end)

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = str.find(self, sub, start, end)
        stop = found + len(sub) if found >= 0 else end
        ScanCounter.scanned += self._span(start, stop)
        return found

    def split(self, sep: Any = None, maxsplit: int = -1) -> list[str]:  # type: ignore[override]
        ScanCounter.scanned += len(self)
        return str.split(self, sep, maxsplit)

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        ScanCounter.scanned += len(self)
        return str.splitlines(self, keepends)


def test_json_line_mapping_scans_the_text_a_linear_number_of_times() -> None:
    work = []
    for n in (400, 800):
        text = json.dumps(json.loads(manifest_with_datasets(n)), indent=2)
        locator = JsonLocator(ScanCounter(text))
        ScanCounter.scanned = 0
        for i in range(n):
            locator.locate(f"/datasets/{i}/tdm/robots_txt_honoured")
        work.append(ScanCounter.scanned)
    assert work[1] <= 2.5 * max(work[0], 1), work


def test_json_line_mapping_keeps_its_answers() -> None:
    text = '{\n  "a": 1,\n\t"b": [\n    10,\n    {"c": 2}\n  ]\n}\n'
    locator = JsonLocator(text)
    assert locator.locate("/a") == (2, 3)
    assert locator.locate("/b") == (3, 2)
    assert locator.locate("/b/1/c") == (5, 6)
    assert locator.locate("/b/9") == (3, 2)
    assert locator.locate("") == (1, 1)
