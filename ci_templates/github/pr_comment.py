"""Post the cleangate Markdown summary as one pull-request comment, or update the one posted before.

Run by the action's "Comment on the pull request" step with the job's token (GITHUB_TOKEN) and
the runner's GITHUB_API_URL, GITHUB_REPOSITORY and the PR number. The comment is found again by
a hidden marker, so every push updates the same comment instead of adding one. Standard library
only: it runs in the action's own venv and needs nothing else. A comment that cannot be written
(a fork's read-only token, an outage) is a warning: the gate's verdict is the step before's.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- cleangate:pr-comment -->"
LIMIT = 65_000  # GitHub refuses comment bodies over 65,536 characters


def _request(method: str, url: str, token: str, body: dict[str, Any] | None = None) -> tuple[Any, str]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28", "Content-Type": "application/json", "User-Agent": "cleangate-action",
    })
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null"), resp.headers.get("Link", "")


def _next_link(link: str) -> str | None:
    for part in link.split(","):
        url, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return url.strip().strip("<>")
    return None


def body_of(markdown: str) -> str:
    if len(markdown) > LIMIT:
        markdown = markdown[:LIMIT] + "\n\n… (cut: the full report is in the job summary)\n"
    return f"{MARKER}\n{markdown}"


def main(argv: list[str]) -> int:
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo, pr, token = os.environ["GITHUB_REPOSITORY"], os.environ["CLEANGATE_PR"], os.environ.get("GITHUB_TOKEN", "")
    body = body_of(Path(argv[1]).read_text(encoding="utf-8"))
    try:
        existing = None
        url: str | None = f"{api}/repos/{repo}/issues/{pr}/comments?per_page=100"
        while url and existing is None:
            comments, link = _request("GET", url, token)
            existing = next((c for c in comments if MARKER in (c.get("body") or "")), None)
            url = _next_link(link)
        if existing is not None:
            _request("PATCH", f"{api}/repos/{repo}/issues/comments/{existing['id']}", token, {"body": body})
            print(f"cleangate: updated PR comment {existing['id']}")
        else:
            created, _ = _request("POST", f"{api}/repos/{repo}/issues/{pr}/comments", token, {"body": body})
            print(f"cleangate: posted PR comment {created.get('id')}")
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        detail = f"HTTP {exc.code}" if isinstance(exc, urllib.error.HTTPError) else str(exc)
        print(f"::warning title=cleangate::could not write the PR comment ({detail}); "
              "it needs `permissions: pull-requests: write` (a fork's token is read-only)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
