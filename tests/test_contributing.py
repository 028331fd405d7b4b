"""docs/contributing.md stays true: its module map lists every module and its test files exist."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = ROOT / "docs" / "contributing.md"


def module_map() -> dict[str, list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- module-map: begin -->", 1)[1].split("<!-- module-map: end -->", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = re.findall(r"`([^`]+)`", cells[1])
    return rows


def modules() -> set[str]:
    """Each top-level module and each package of service/ and sbom/, as the map names them."""
    found = set()
    for top in ("service", "sbom"):
        for path in (ROOT / top).iterdir():
            if path.suffix == ".py" and path.name != "__init__.py":
                found.add(f"{top}/{path.name}")
            elif path.is_dir() and (path / "__init__.py").exists():
                found.add(f"{top}/{path.name}/")
    return found


def test_every_module_of_service_and_sbom_is_in_the_map() -> None:
    listed = set(module_map())
    assert not modules() - listed, f"add these to the module map in {DOC.name}"
    assert not listed - modules(), f"the module map in {DOC.name} names modules that do not exist"


def test_every_test_file_in_the_map_exists_and_each_module_has_one() -> None:
    for module, tests in module_map().items():
        assert tests, f"{module} has no test file in the map"
        missing = [t for t in tests if not (ROOT / t).is_file()]
        assert not missing, f"{module}: {missing} do not exist"


def test_the_registries_in_the_where_to_change_what_table_exist() -> None:
    text = DOC.read_text(encoding="utf-8")
    for registry, module in re.findall(r"`([A-Z_]+)` in `([\w/]+\.py)`", text):
        source = (ROOT / module).read_text(encoding="utf-8")
        assert re.search(rf"^{registry}\b", source, re.M), f"{registry} is not defined in {module}"


def test_every_file_the_page_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:service|sbom|tests|policies|docs)/[\w./]+)`", text))
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, f"{DOC.name} names files that do not exist: {missing}"


def test_every_setting_is_documented_in_configuration_md() -> None:
    """A new `Settings` field is a new CLEANGATE_* variable: docs/configuration.md must name it."""
    from service.settings import Settings

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(CLEANGATE_[A-Z0-9_]+)`", doc))
    missing = sorted(f"CLEANGATE_{name.upper()}" for name in Settings.model_fields
                     if f"CLEANGATE_{name.upper()}" not in documented)
    assert not missing, f"docs/configuration.md does not name {missing}"
