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


RELEASE_MENTIONS = [
    re.compile(r"ghcr\.io/cleangate/cleangate:(\d+\.\d+\.\d+)"),  # the server image (deploy/, docs/deploy.md)
    re.compile(r"\bcleangate==(\d+\.\d+\.\d+)"),  # a pin from an index
    re.compile(r"\bcleangate-(\d+\.\d+\.\d+)-py3-none-any\.whl"),  # the release wheel
    re.compile(r"cleangate/cleangate@v(\d+\.\d+\.\d+)"),  # a git URL at the tag
    re.compile(r"git\+https://\S*@v(\d+\.\d+\.\d+)"),  # the same, shortened
    re.compile(r"\"cleangate\"?:? \"?(\d+\.\d+\.\d+)\""),  # versions in sample output ("cleangate": "X", "cleangate X")
    re.compile(r"(?<![\d.])(\d+\.\d+\.\d+)\+(?:\.\.\.|[0-9a-f]{12})"),  # a policy revision: version+digest
]


def test_the_image_wheel_pins_and_samples_name_this_version() -> None:
    """The version has one source, but the deployment manifests, install lines and sample outputs
    restate it; each must follow a release (docs/releasing.md), or a deployment pulls the old image."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "deploy").rglob("*.yaml")),
             *sorted(p for p in (ROOT / "ci_templates").rglob("*") if p.is_file())]
    stale = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in RELEASE_MENTIONS:
            stale += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)
                      if m.group(1) != __version__]
    assert not stale, stale
    deployment = (ROOT / "deploy" / "kubernetes" / "deployment.yaml").read_text(encoding="utf-8")
    assert f"ghcr.io/cleangate/cleangate:{__version__}" in deployment
