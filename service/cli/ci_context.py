"""Who is asking: the CI provider, repository, commit, ref, pipeline URL and actor.

Read from the variables GitHub Actions and GitLab CI set on every job, so the decision log can
say which pipeline a decision was made for without the team configuring anything. Outside CI
nothing is guessed: the keys are simply absent.
"""

from __future__ import annotations

from collections.abc import Mapping

from service.ci_headers import CI_HEADERS


def ci_context(env: Mapping[str, str]) -> dict[str, str | None]:
    """The CI context of this process's environment; values not set are None."""
    if env.get("GITHUB_ACTIONS") == "true":
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        repo, run = env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
        return {
            "provider": "github",
            "repository": repo,
            "commit": env.get("GITHUB_SHA"),
            "ref": env.get("GITHUB_REF"),
            "pipeline_url": f"{server}/{repo}/actions/runs/{run}" if repo and run else None,
            "actor": env.get("GITHUB_ACTOR"),
        }
    if env.get("GITLAB_CI") == "true":
        return {
            "provider": "gitlab",
            "repository": env.get("CI_PROJECT_PATH"),
            "commit": env.get("CI_COMMIT_SHA"),
            "ref": env.get("CI_COMMIT_REF_NAME"),
            "pipeline_url": env.get("CI_PIPELINE_URL"),
            "actor": env.get("GITLAB_USER_LOGIN"),
        }
    if env.get("CI"):
        return {"provider": "other"}
    return {}


def ci_headers(context: Mapping[str, str | None]) -> dict[str, str]:
    """The context as the X-CI-* headers the gate server reads: one line each, cut to the server's limit."""
    return {
        CI_HEADERS[key][0]: " ".join(value.split())[:CI_HEADERS[key][1]]
        for key, value in context.items()
        if key in CI_HEADERS and value
    }
