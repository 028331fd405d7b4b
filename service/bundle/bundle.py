"""Discover Rego files, fingerprint them, and read their catalogue once.

Every decision names the bundle digest it was made with, so an auditor can tell exactly which
policy text decided; the digest covers file paths and contents, so renaming or editing any
policy (built-in or an organisation's own) changes it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from service import __version__
from service.bundle.metadata import Annotation, RuleInfo, parse_annotations
from service.bundle.rego_source import PACKAGE_NAME, declares_applies, package_name, set_heads
from service.bundle.statutory import check_layer

MAX_POLICY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PolicyFile:
    path: str
    """Path relative to its root, prefixed with the root's label ("builtin/ai_act/art50/art50.rego")."""
    source: str
    is_test: bool


@dataclass
class PolicyBundle:
    files: list[PolicyFile]
    data: dict[str, object]
    annotations: list[Annotation] = field(default_factory=list)

    @functools.cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path):
            if f.is_test:
                continue
            h.update(f.path.encode() + b"\0" + f.source.encode() + b"\0")
        h.update(json.dumps(self.data, sort_keys=True).encode())
        return "sha256:" + h.hexdigest()

    @property
    def revision(self) -> str:
        return f"{__version__}+{self.digest.removeprefix('sha256:')[:12]}"

    @property
    def policy_files(self) -> list[PolicyFile]:
        return [f for f in self.files if not f.is_test]

    @functools.cached_property
    def rules(self) -> list[RuleInfo]:
        return [a.rule for a in self.annotations if a.rule is not None and not a.is_test]

    @functools.cached_property
    def _rules_by_id(self) -> dict[str, RuleInfo]:
        by_id: dict[str, RuleInfo] = {}
        for rule in self.rules:
            by_id.setdefault(rule.id, rule)
        return by_id

    def rule(self, rule_id: str) -> RuleInfo | None:
        return self._rules_by_id.get(rule_id)

    @functools.cached_property
    def rule_ids(self) -> frozenset[str]:
        """Every catalogued rule id: what a waiver or a finding may name."""
        return frozenset(self._rules_by_id)

    @functools.cached_property
    def rule_ids_by_package(self) -> dict[str, frozenset[str]]:
        return rule_ids_by_package(self.annotations)

    def finding_sets(self, include_tests: bool = False) -> list[tuple[str, str]]:
        """(package, set name) for every set an engine must evaluate (rego_source.ENGINE_SETS)."""
        return finding_sets(self.files if include_tests else self.policy_files)

    @functools.cached_property
    def packages_declaring_applies(self) -> frozenset[str]:
        """Packages with an `applies` set: their silent rules are "not applicable", not "passed"."""
        # One search per file, not one per (file, annotation) pair: that re-scanned whole policy
        # files 244 times and was 18 ms of a process's first evaluation.
        declaring = {f.path for f in self.policy_files if declares_applies(f.source)}
        return frozenset(a.package for a in self.annotations if a.file in declaring)

    @property
    def packages(self) -> list[str]:
        return sorted({a.package for a in self.annotations if not a.is_test and a.package})


def rule_ids_by_package(annotations: list[Annotation]) -> dict[str, frozenset[str]]:
    """Each package's catalogued rule ids (its METADATA `custom.id`s), test files left out."""
    ids: dict[str, set[str]] = {}
    for a in annotations:
        if a.rule is not None and not a.is_test:
            ids.setdefault(a.package, set()).add(a.rule.id)
    return {package: frozenset(found) for package, found in ids.items()}


def finding_sets(files: list[PolicyFile]) -> list[tuple[str, str]]:
    """(package, set name) for every deny/warn/info/undetermined/applies set the files define, sorted.

    Every head counts, whatever its form, so a set written as `deny[x]` or `deny := ...` is still
    evaluated and what it yields is reported as malformed instead of being skipped.
    """
    targets: set[tuple[str, str]] = set()
    for f in files:
        package = package_name(f.source)
        if PACKAGE_NAME.match(package):
            targets.update((package, head.name) for head in set_heads(f.source))
    return sorted(targets)


def builtin_policy_dir() -> Path:
    """Installed wheels carry the policies inside `service`; a source checkout has them at the top."""
    packaged = Path(str(resources.files("service"))) / "builtin_policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "policies"


def _read_tree(root: Path, label: str) -> tuple[list[PolicyFile], dict[str, object]]:
    files: list[PolicyFile] = []
    data: dict[str, object] = {}
    if not root.is_dir():
        raise FileNotFoundError(f"policy directory {root} does not exist")
    for path in sorted(root.rglob("*.rego")):
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise ValueError(f"{path} is larger than {MAX_POLICY_BYTES} bytes")
        rel = path.relative_to(root).as_posix()
        files.append(PolicyFile(f"{label}/{rel}", path.read_text(encoding="utf-8"), path.name.endswith("_test.rego")))
    data_dir = root / "data"
    for path in sorted(data_dir.glob("*.json")) if data_dir.is_dir() else []:
        data = _merge(data, json.loads(path.read_text(encoding="utf-8")))
    return files, data


def _merge(base: dict[str, object], extra: object) -> dict[str, object]:
    """Deep-merge data documents; later roots override earlier ones key by key."""
    if not isinstance(extra, dict):
        raise ValueError("policy data files must hold a JSON object")
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)  # type: ignore[arg-type]
        else:
            merged[key] = value
    return merged


def load_bundle(extra_dirs: list[Path] | None = None, data_overrides: list[Path] | None = None,
                include_builtin: bool = True) -> PolicyBundle:
    """Built-in policies, then each extra directory (an organisation's own packages).

    Data layers after the built-in one may not change a statutory setting unless they declare it
    (service/bundle/statutory.py); that raises StatutoryOverrideError, a ValueError naming the key.
    """
    files: list[PolicyFile] = []
    data: dict[str, object] = {}
    roots: list[tuple[Path, str]] = [(builtin_policy_dir(), "builtin")] if include_builtin else []
    roots += [(Path(d), f"custom{i}") for i, d in enumerate(extra_dirs or [])]
    baseline: dict[str, object] | None = None
    for root, label in roots:
        more_files, more_data = _read_tree(root, label)
        files += more_files
        merged = _merge(data, more_data)
        if baseline is not None:
            check_layer(baseline, merged, f"{root / 'data'}")
        data = merged
        if label == "builtin":
            baseline = data
    for override in data_overrides or []:
        merged = _merge(data, json.loads(Path(override).read_text(encoding="utf-8")))
        if baseline is not None:
            check_layer(baseline, merged, f"--data {override}")
        data = merged
    annotations = [a for f in files for a in parse_annotations(f.path, f.source, f.is_test)]
    return PolicyBundle(files=files, data=data, annotations=annotations)
