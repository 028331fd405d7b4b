"""One version, one tag: what the templates and docs reference is what a release creates."""

from __future__ import annotations

import re
import tomllib

import yaml

from service import __version__
from tests.ci_support import ROOT

DOCUMENTS = ["README.md", "docs/ci.md", "docs/releasing.md", "ci_templates/github/example-workflow.yml",
             "ci_templates/gitlab/cleangate.gitlab-ci.yml"]


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "service/__init__.py"


def test_every_template_reference_names_the_current_release_tag() -> None:
    tag = f"v{__version__}"
    for name in DOCUMENTS:
        text = (ROOT / name).read_text()
        refs = re.findall(r"ci_templates/github@(v[\w.]+)", text) + re.findall(r"cleangate/cleangate/(v[\w.]+)/", text)
        refs += re.findall(r"releases/download/(v[\w.]+)/", text)
        assert all(r == tag for r in refs), (name, refs)
    assert "@v1" not in (ROOT / "README.md").read_text()


def test_the_gitlab_default_wheel_is_the_release_of_this_version() -> None:
    job = yaml.safe_load((ROOT / "ci_templates/gitlab/cleangate.gitlab-ci.yml").read_text())[".cleangate"]
    assert job["variables"]["CLEANGATE_PACKAGE"].endswith(f"/v{__version__}/cleangate-{__version__}-py3-none-any.whl")
    assert job["cache"]["key"] == f"cleangate-pip-v{__version__}"


def test_the_changelog_has_a_section_for_this_version() -> None:
    assert re.search(rf"^## {re.escape(__version__)} - \d{{4}}-\d{{2}}-\d{{2}}$",
                     (ROOT / "CHANGELOG.md").read_text(), re.M)
