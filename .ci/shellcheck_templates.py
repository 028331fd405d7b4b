"""Run shellcheck over every shell script inside the CI templates (GitHub `run:` steps, GitLab `script:`).

The scripts are written out as bash files, exactly as the runners execute them, so shellcheck
sees what runs; an action's `${{ }}` expressions never appear inside `run:` (tests enforce it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def scripts() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "ci_templates" / "github").glob("*.yml")):
        doc = yaml.safe_load(path.read_text())
        steps = doc.get("runs", {}).get("steps", []) + [s for j in doc.get("jobs", {}).values() for s in j["steps"]]
        for i, step in enumerate(steps):
            if "run" in step and step.get("shell", "bash") == "bash":
                found.append((f"{path.name} step {i + 1} ({step.get('name', '')})", step["run"]))
    gitlab = yaml.safe_load((ROOT / "ci_templates" / "gitlab" / "cleangate.gitlab-ci.yml").read_text())
    for name, job in gitlab.items():
        for key in ("before_script", "script", "after_script"):
            if key in job:
                found.append((f"cleangate.gitlab-ci.yml {name} {key}", "\n".join(job[key])))
    return found


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in scripts():
            script = Path(tmp) / "script.sh"
            script.write_text("#!/usr/bin/env bash\nset -eo pipefail\n" + body)
            result = subprocess.run(["shellcheck", "-s", "bash", str(script)], capture_output=True, text=True)
            if result.returncode:
                failed += 1
                print(f"shellcheck: {label}\n{result.stdout}")
    print(f"shellcheck: {len(scripts())} template scripts, {failed} with findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
